import zlib from 'node:zlib';
import { decompress as fzstd } from 'fzstd';
import { decompressZstdNative, decompressZstdPortable } from '../lib/kafka/kafkajs/codecs/zstd.js';
import { sampleData } from '../test/unit/kafka/codecs/sample-data.js';
import { JAVA_ZSTD_LARGE } from '../test/unit/kafka/codecs/java-fixtures.js';
/** Node ≥ 22.15's zstd functions (Node 20's types do not list them). Run under Node 22: `node --import tsx bench/zstd-decode.ts`. */
const nodeZlib = zlib as unknown as {
  zstdCompressSync: (input: Buffer) => Buffer;
  zstdDecompressSync: (input: Buffer) => Buffer;
  zstdDecompress: (input: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;
};
const plain = sampleData(1_000_000);
const inputs: Record<string, Buffer> = {
  'node-level3 1MB (sampleData)': nodeZlib.zstdCompressSync(plain),
  'java zstd-jni 1.3MB fixture': Buffer.from(JAVA_ZSTD_LARGE, 'base64'),
};
async function time(name: string, input: Buffer, f: (b: Buffer) => unknown) {
  for (let i = 0; i < 20; i++) await f(input);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 40; i++) await f(input);
    runs.push(Number(process.hrtime.bigint() - t) / 1e6 / 40);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(40)} median ${runs[2]!.toFixed(2)} ms (min ${runs[0]!.toFixed(2)}, max ${runs[4]!.toFixed(2)})`,
  );
}
const nodeAsync = (b: Buffer) => new Promise((res, rej) => nodeZlib.zstdDecompress(b, (e, r) => (e ? rej(e) : res(r))));
for (const [label, input] of Object.entries(inputs)) {
  console.log(`${label}: ${input.length} B compressed, ${(await decompressZstdNative!(input)).length} B out`);
  await time('  node zstdDecompress (whole, old)', input, nodeAsync);
  await time('  node zstdDecompressSync (whole)', input, (b) => nodeZlib.zstdDecompressSync(b));
  await time('  new native (frame walk + node async)', input, decompressZstdNative!);
  await time('  fzstd raw', input, (b) => fzstd(b));
  await time('  new portable (walk + fzstd)', input, decompressZstdPortable);
}
