/**
 * Types for the pure-JS decompressors behind `codecs/` (snappyjs 0.7 and lz4js 0.2 ship no types;
 * fzstd does). Only what the codecs call is declared.
 */

declare module 'snappyjs' {
  const snappy: {
    /** Decodes one raw snappy block (no framing); a Buffer in gives a Buffer out. */
    uncompress(compressed: Buffer, maxLength?: number): Buffer;
    compress(uncompressed: Buffer): Buffer;
  };
  export default snappy;
}

declare module 'lz4js' {
  const lz4: {
    /**
     * Decodes the LZ4 block `src[sIndex, sIndex + sLength)` into `dst` from `dIndex` (earlier bytes of
     * `dst` serve as history, so dependent blocks decode in place) and returns the end index in `dst`.
     * Bytes beyond `dst` are dropped silently: callers check the returned index.
     */
    decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
    /** Encodes `src[sIndex, sIndex + sLength)` into `dst` from 0; returns the length, 0 when incompressible. */
    compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
    /** lz4js's own frame decoder: it misplaces block checksums, so only tests call it (to show that). */
    decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  };
  export default lz4;
}

declare module 'lz4js/xxh32.js' {
  const xxh32: {
    /** XXH32 of `src[index, index + length)`, unsigned. */
    hash(seed: number, src: Uint8Array, index: number, length: number): number;
  };
  export default xxh32;
}

/** SheetJS crc-32's CRC-32C (Castagnoli) module: slicing-by-16, ~4x kafkajs's byte-at-a-time table. */
declare module 'crc-32/crc32c.js' {
  const CRC32C: {
    /** The checksum of `data` as a signed 32-bit integer (`>>> 0` for the unsigned value). */
    buf(data: Uint8Array, seed?: number): number;
  };
  export default CRC32C;
}
