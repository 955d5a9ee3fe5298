/**
 * Waiting in tests without sleeping blindly: poll a condition until it holds or a deadline passes,
 * then fail with a message that says what was expected.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Pause between checks; default 50 ms. */
  readonly intervalMs?: number;
  /** What was awaited, for the failure message. */
  readonly message?: string;
}

/**
 * Resolves once `condition` returns (or resolves to) true. A condition that throws counts as "not
 * yet"; its last error becomes the failure's cause.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: WaitForOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.message ?? 'condition';
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for: ${what}`,
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    await delay(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}
