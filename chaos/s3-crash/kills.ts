/**
 * SIGKILLs of the local stack's isolated task runner at random points while a phase works: a random
 * pause (0.5-4 s by default; shorter for short runs, whose phases can end in a few seconds on a quiet
 * machine), a kill, and so on until the phase is done or the kills are spent; then waits for the phase
 * to finish. Between kills `between` runs (the crash run lists the buckets' ETags there).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { LocalStack } from '../../local/stack.js';

/** The random pause before each kill. */
export interface KillPause {
  readonly minMs: number;
  readonly maxMs: number;
}

export const DEFAULT_KILL_PAUSE: KillPause = { minMs: 500, maxMs: 4_000 };

export class KillSchedule {
  count = 0;

  constructor(
    private readonly stack: LocalStack,
    private readonly log: (line: string) => void,
    private readonly pause: KillPause = DEFAULT_KILL_PAUSE,
  ) {}

  /** Resolves once `done()` holds; throws after `timeoutMs`. */
  async during(
    done: () => Promise<boolean>,
    kills: number,
    timeoutMs: number,
    between: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await settled(done))) {
      if (Date.now() > deadline)
        throw new Error(`the phase did not finish within ${Math.round(timeoutMs / 1000)} s (${this.count} kills)`);
      await between().catch(() => undefined);
      if (this.count < kills) {
        await delay(this.pause.minMs + Math.floor(Math.random() * (this.pause.maxMs - this.pause.minMs)));
        if (await settled(done)) break;
        await this.stack.killTaskRunner();
        this.count++;
        this.log(`kill ${this.count}: task runner SIGKILLed`);
      } else {
        await delay(1_000);
      }
    }
  }
}

/** A check that throws (the stack busy restarting) counts as not done. */
async function settled(done: () => Promise<boolean>): Promise<boolean> {
  return done().catch(() => false);
}
