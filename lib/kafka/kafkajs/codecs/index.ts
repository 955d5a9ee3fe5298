export { codecName, CompressionCodec, decompress } from './decompress.js';
