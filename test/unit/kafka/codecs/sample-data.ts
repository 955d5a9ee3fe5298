/** Deterministic test input for the codecs: record-like text with incompressible stretches. */

/** A seeded generator (an LCG): the same seed gives the same bytes on every run and machine. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
}

/**
 * `size` bytes: JSON-ish lines that compress well, with every eighth line replaced by random bytes
 * that do not, so encoders emit both compressed and stored blocks.
 */
export function sampleData(size: number, seed = 1): Buffer {
  const next = lcg(seed);
  const out = Buffer.alloc(size);
  let position = 0;
  for (let line = 0; position < size; line++) {
    const chunk =
      line % 8 === 7
        ? Buffer.from(Array.from({ length: 200 }, () => next() >>> 24))
        : Buffer.from(
            `{"line":${line},"user":"user-${next() % 1000}","amount":${next() % 100_000},"status":"${['new', 'paid', 'sent'][next() % 3]}"}\n`,
          );
    position += chunk.copy(out, position);
  }
  return out;
}

/** `size` bytes repeating a random `period`-byte pattern: long matches across block boundaries. */
export function repeatingData(size: number, period: number, seed = 2): Buffer {
  const next = lcg(seed);
  const pattern = Buffer.from(Array.from({ length: period }, () => next() >>> 24));
  const out = Buffer.alloc(size);
  for (let position = 0; position < size; position += period) pattern.copy(out, position);
  return out;
}
