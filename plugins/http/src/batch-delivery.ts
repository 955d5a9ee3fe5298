/**
 * Sends one batch, retrying what is worth retrying: connection errors, timeouts and statuses in
 * `retry.on.status.codes`, at most `max.retries` times and never past the task's time budget. When the
 * retries or the budget run out it throws `RetriableError`: the framework redelivers the batch, later in the
 * slice or in the next one, and commits no offset past it, so an outage delays records but never drops them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RetriableError } from 'lambda-connect/api';
import { HttpResponseError, redactedUrl } from './errors.js';
import type { HttpClient, HttpOutcome, HttpRequest } from './http-client.js';
import type { HttpSinkConfig } from './http-sink-config.js';
import { statusIn } from './status-codes.js';

/** The exponential policy's longest wait, whatever retry.backoff.ms says. */
export const MAX_BACKOFF_MS = 60_000;

export type RetrySettings = Pick<
  HttpSinkConfig,
  'maxRetries' | 'retryBackoffMs' | 'exponentialBackoff' | 'retryOnStatus'
>;

export interface DeliveryClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly random: () => number;
}

export const SYSTEM_CLOCK: DeliveryClock = { now: Date.now, sleep: (ms) => sleep(ms), random: Math.random };

/** What a delivery came to: sent, or rejected by the endpoint (the records' own fault). */
export type DeliveryResult =
  | { readonly delivered: true }
  | { readonly delivered: false; readonly error: HttpResponseError };

/** The wait before retry number `attempt` (0-based): constant, or doubling with jitter in [½, 1]. */
export function backoffDelay(settings: RetrySettings, attempt: number, random: () => number): number {
  if (!settings.exponentialBackoff) return settings.retryBackoffMs;
  const ceiling = Math.min(settings.retryBackoffMs * 2 ** Math.min(attempt, 30), MAX_BACKOFF_MS);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Why `outcome` failed in a way worth retrying, or null when it did not (success or the records' fault). */
export function retriableReason(settings: RetrySettings, outcome: HttpOutcome): string | null {
  if (outcome.kind === 'network') return `${outcome.error.name}: ${outcome.error.message}`;
  if (outcome.status >= 200 && outcome.status < 300) return null;
  return statusIn(settings.retryOnStatus, outcome.status) ? `HTTP ${outcome.status}` : null;
}

export interface DeliveryOptions {
  readonly client: HttpClient;
  readonly settings: RetrySettings;
  /** Epoch ms after which no retry starts (the task's share of the slice). */
  readonly budgetEnd: number;
  readonly clock: DeliveryClock;
  /** Told of every retriable failure with the wait it calls for (also the last one, before the batch is handed back). */
  readonly onRetriableFailure: (attempt: number, delayMs: number, reason: string) => void;
}

export async function deliverBatch(request: HttpRequest, options: DeliveryOptions): Promise<DeliveryResult> {
  const { settings, clock } = options;
  for (let attempt = 0; ; attempt++) {
    const outcome = await options.client.send(request);
    const reason = retriableReason(settings, outcome);
    if (reason === null) {
      if (outcome.kind === 'response' && (outcome.status < 200 || outcome.status >= 300)) {
        return {
          delivered: false,
          error: new HttpResponseError(outcome.status, outcome.body, request.method, request.url),
        };
      }
      return { delivered: true };
    }
    const retryAfter = outcome.kind === 'response' ? (outcome.retryAfterMs ?? 0) : 0;
    const delay = Math.max(backoffDelay(settings, attempt, clock.random), retryAfter);
    options.onRetriableFailure(attempt, delay, reason);
    if (attempt >= settings.maxRetries || clock.now() + delay > options.budgetEnd) {
      throw new RetriableError(
        `${request.method} ${redactedUrl(request.url)} failed after ${attempt + 1} attempt(s); the batch will be delivered again: ${reason}`,
      );
    }
    await clock.sleep(delay);
  }
}
