/**
 * `max.interval` within a bounded slice. Confluent's task sleeps a random time below `max.interval`
 * before each record, inside `poll`. Here `poll` must return promptly (the slice checks its deadline
 * between polls), so a poll waits only when the next record is due within {@link MAX_POLL_WAIT_MS};
 * a later record makes it return null at once, and the slice lingers or ends. The due time travels in
 * the source offset (`next.due.ms`), so a slice that starts early, a restart or a reassignment still
 * waits for it; a slice that starts late produces at once (records are spaced, never caught up).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The longest a poll waits for a due record: Datagen's default `max.interval` (500 ms), so default
 * configurations never end a slice early, while a slice overruns its deadline by at most this much.
 */
export const MAX_POLL_WAIT_MS = 500;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

export class Pacer {
  /** Epoch ms when the next record may be produced. */
  private nextDue: number;

  constructor(
    private readonly maxIntervalMs: number,
    nextDue: number | null,
    private readonly clock: Clock = SYSTEM_CLOCK,
    private readonly random: () => number = Math.random,
  ) {
    this.nextDue = nextDue ?? clock.now();
  }

  /** Whether records are paced at all (`max.interval` > 0). */
  get paced(): boolean {
    return this.maxIntervalMs > 0;
  }

  /** Waits for the next record if it is due soon enough; false when it is not (the poll returns null). */
  async awaitNext(): Promise<boolean> {
    if (!this.paced) return true;
    const wait = this.nextDue - this.clock.now();
    if (wait > MAX_POLL_WAIT_MS) return false;
    if (wait > 0) await this.clock.sleep(wait);
    return true;
  }

  /** A record was produced now: the next is due a random wait below `max.interval` later. Returns that time. */
  produced(): number {
    this.nextDue = this.clock.now() + (this.paced ? Math.floor(this.random() * this.maxIntervalMs) : 0);
    return this.nextDue;
  }
}
