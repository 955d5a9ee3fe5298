export { codecName, CompressionCodec, decompress } from './decompress.js';
export { canCompress, compress } from './compress.js';
