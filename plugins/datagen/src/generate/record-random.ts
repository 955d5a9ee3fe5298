/**
 * The random source of one generated record. Each record draws from its own xoroshiro128+ generator
 * (pure-rand) whose 128-bit state is a hash of (seed, task id, record number), so record n of a task is
 * the same whether it is produced in one slice or after ten restarts, and no task has to replay the n
 * records before it to resume (Confluent's datagen instead stores the next seed in the offset).
 */
import { uniformBigInt } from 'pure-rand/distribution/uniformBigInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export class RecordRandom {
  private rng: RandomGenerator;

  private constructor(rng: RandomGenerator) {
    this.rng = rng;
  }

  /** The generator of record `n` (0-based) of task `taskId` under `seed` (a safe integer). */
  static forRecord(seed: number, taskId: number, n: number): RecordRandom {
    return new RecordRandom(xoroshiro128plusFromState(stateOf(seed, taskId, n)));
  }

  /** A uniform double in [0, 1). */
  double(): number {
    return uniformFloat64(this.rng);
  }

  /** A uniform integer in [from, to], both safe integers. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /** A uniform bigint in [from, to]. */
  bigint(from: bigint, to: bigint): bigint {
    return uniformBigInt(this.rng, from, to);
  }

  /** One of the values, uniformly. */
  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)] as T;
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.rng.next();
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  }
}

/**
 * Four 32-bit words from (seed, task, n) through murmur3's finalizer, each word mixing every input
 * with its own constant, so neighbouring record numbers give unrelated states. An all-zero state (the
 * one xoroshiro cannot leave) is replaced.
 */
function stateOf(seed: number, taskId: number, n: number): number[] {
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / 2 ** 32) | 0;
  const nLo = n >>> 0;
  const nHi = Math.floor(n / 2 ** 32) | 0;
  const words = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f].map((k) => {
    let h = fmix32(k ^ seedLo);
    h = fmix32(h ^ Math.imul(seedHi ^ k, 0x165667b1));
    h = fmix32(h ^ Math.imul(taskId + 1, 0x61c88647));
    h = fmix32(h ^ nLo);
    return fmix32(h ^ Math.imul(nHi ^ k, 0x2545f491)) | 0;
  });
  return words.every((w) => w === 0) ? [1, 0, 0, 0] : words;
}

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
