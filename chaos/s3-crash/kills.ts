/**
 * SIGKILLs of the local stack's isolated task runner at random points while a phase works: a random
 * pause (0.5-4 s), a kill, and so on until the phase is done or the kills are spent; then waits for the
 * phase to finish. Between kills `between` runs (the crash run lists the buckets' ETags there).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { LocalStack } from '../../local/stack.js';

export class KillSchedule {
  count = 0;

  constructor(private readonly stack: LocalStack, private readonly log: (line: string) => void) {}

  /** Resolves once `done()` holds; throws after `timeoutMs`. */
  async during(done: () => Promise<boolean>, kills: number, timeoutMs: number, between: () => Promise<void> = async () => undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await settled(done))) {
      if (Date.now() > deadline) throw new Error(`the phase did not finish within ${Math.round(timeoutMs / 1000)} s (${this.count} kills)`);
      await between().catch(() => undefined);
      if (this.count < kills) {
        await delay(500 + Math.floor(Math.random() * 3_500));
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
