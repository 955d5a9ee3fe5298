/**
 * The `iteration` hint as a function of the record number: value n is `initial + n × step`, wrapped into
 * [start, restart) (or (restart, start] going down). Computing it from n rather than from a counter kept
 * in memory is what lets a restarted task continue the sequence (avro-random-generator does the same from
 * the `generation` Datagen hands it). Integral types compute in bigint, so no step count loses precision.
 */
import type { IterationHint } from '../avro/hints.js';

const INT_BOUNDS = { int: [-(2n ** 31n), 2n ** 31n - 1n], long: [-(2n ** 63n), 2n ** 63n - 1n] } as const;

/** Record n's value of an integral (int or long) iteration. */
export function integralIteration(hint: IterationHint, kind: 'int' | 'long'): (n: number) => bigint {
  const start = BigInt(Math.trunc(hint.start));
  const step = BigInt(Math.trunc(hint.step ?? defaultStep(hint)));
  const [low, high] = INT_BOUNDS[kind];
  const restart = hint.restart === undefined ? (step > 0n ? high : low) : BigInt(Math.trunc(hint.restart));
  const initial = hint.initial === undefined ? start : BigInt(Math.trunc(hint.initial));
  const span = restart > start ? restart - start : start - restart;
  const sign = step > 0n ? 1n : -1n;
  const magnitude = step * sign;
  // Distance travelled from `start` in the direction of `step`, before wrapping.
  const offset = (initial - start) * sign;
  return (n) => {
    const travelled = mod(offset + BigInt(n) * magnitude, span);
    return start + sign * travelled;
  };
}

/** Record n's value of a float or double iteration. */
export function decimalIteration(hint: IterationHint): (n: number) => number {
  const start = hint.start;
  const step = hint.step ?? defaultStep(hint);
  const restart = hint.restart ?? (step > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE);
  const initial = hint.initial ?? start;
  const span = Math.abs(restart - start);
  const sign = Math.sign(step);
  const offset = (initial - start) * sign;
  return (n) => {
    // Adding `span` before the modulo would round away small values when `span` is huge.
    const rest = (offset + n * Math.abs(step)) % span;
    return start + sign * (rest < 0 ? rest + span : rest);
  };
}

/** Record n's value of a boolean iteration: `start`, then alternating. */
export function booleanIteration(hint: IterationHint): (n: number) => boolean {
  const start = hint.start !== 0;
  return (n) => (n % 2 === 1 ? !start : start);
}

/** A step of 1 towards `restart` (down when `restart` is below `start`). */
function defaultStep(hint: IterationHint): number {
  return hint.restart !== undefined && hint.restart < hint.start ? -1 : 1;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}
