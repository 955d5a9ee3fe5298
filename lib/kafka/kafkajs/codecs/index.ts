export { codecName, CompressionCodec, decompress } from './decompress.js';
export { decompressLz4 } from './lz4.js';
export { decompressSnappy } from './snappy.js';
export { decompressZstd, decompressZstdNative, decompressZstdPortable } from './zstd.js';
