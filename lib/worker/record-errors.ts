/**
 * Per-record error handling of conversion and transform stages (Connect's RetryWithToleranceOperator).
 *
 * A stage that throws a retriable error is tried again with exponential backoff (300 ms doubling, capped
 * by `errors.retry.delay.max.ms`, then jittered) until `errors.retry.timeout` has passed since its first
 * failure (0, the default: no retries; -1: forever). A failure that is not retriable, or one whose
 * retries ran out, fails the task under `errors.tolerance=none`; under `all` the record is skipped and
 * reported to the log (`errors.log.enable`, with record details when `errors.log.include.messages`) and to
 * the dead letter queue when the connector has one.
 *
 * Stages run synchronously record after record: waiting is the rare case, so `attempt` stays synchronous
 * and signals a wanted retry by throwing {@link RetryLater}; the slice then re-runs that record's whole
 * pipeline with {@link RecordErrorHandler.retryRecord}. Converters and transforms are functions of their
 * input, so the stages before the failed one compute the same result again. A stage that needs I/O first
 * throws the API's `PendingIoError` (a converter on a cold Schema Registry cache): the record waits for that
 * I/O and runs again, without counting as a failure or a retry.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectError } from '../api/errors.js';
import { MAX_PENDING_IO_ROUNDS, PendingIoError } from '../api/pending-io.js';
import { isRetriableFailure } from '../common/retriable-failure.js';
import type { ErrorHandlingConfig } from '../common/connector-config.js';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import type { Log } from '../common/log.js';
import type { Stage } from './stage.js';

export type { Stage };

export interface RecordContext {
  /** The record as read from Kafka (sinks), for the DLQ and the log. */
  readonly raw?: FetchedRecord | undefined;
  /** The class that was executing (converter or transform). */
  readonly className?: string | undefined;
}

/** Connect's first retry delay (`RETRIES_DELAY_MIN_MS`); each further retry doubles it. */
export const RETRY_DELAY_MIN_MS = 300;

/** Thrown by {@link RecordErrorHandler.attempt} when a stage failed in a way worth retrying. */
export class RetryLater extends Error {
  constructor(
    readonly stage: Stage,
    readonly context: RecordContext,
    cause: unknown,
  ) {
    super(`retriable failure in ${stage}`, { cause });
    this.name = 'RetryLater';
  }
}

/** What {@link RecordErrorHandler.retryRecord} returns when the slice ran out of time first. */
export const OUT_OF_TIME: unique symbol = Symbol('out of time');

export interface RetryClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly random: () => number;
}

const SYSTEM_CLOCK: RetryClock = { now: Date.now, sleep: (ms) => sleep(ms), random: Math.random };

export class RecordErrorHandler {
  private readonly tolerateAll: boolean;
  private readonly logErrors: boolean;
  private readonly logMessages: boolean;
  /** -1: retry forever; 0: never. */
  private readonly retryTimeoutMs: number;
  private readonly maxDelayMs: number;
  failures = 0;
  retries = 0;

  constructor(
    config: ErrorHandlingConfig,
    private readonly log: Log,
    private readonly connector: string,
    private readonly dlq: DeadLetterQueue | null = null,
    private readonly clock: RetryClock = SYSTEM_CLOCK,
  ) {
    this.tolerateAll = config.tolerateAll;
    this.logErrors = config.logEnable;
    this.logMessages = config.logIncludeMessages;
    this.retryTimeoutMs = config.retryTimeoutMs;
    this.maxDelayMs = config.retryDelayMaxMs;
  }

  /**
   * Runs one stage for one record: its result, or undefined when it failed and the failure is tolerated.
   * Throws {@link RetryLater} when the failure is retriable and retries are configured.
   */
  attempt<T>(stage: Stage, operation: () => T, className?: string, raw?: FetchedRecord): T | undefined {
    try {
      return operation();
    } catch (error) {
      if (error instanceof PendingIoError) throw error;
      // The context is built only on failure: this runs several times per record.
      const context: RecordContext = { className, raw };
      if (this.retryTimeoutMs !== 0 && isRetriable(error)) throw new RetryLater(stage, context, error);
      return this.failed(stage, error, context);
    }
  }

  /**
   * Runs `pipeline` (every stage of one record) again until it passes, after `first` asked for a retry.
   * Each stage gets its own retry window from its first failure, as in Connect. Returns the pipeline's
   * result (undefined for a tolerated failure), or {@link OUT_OF_TIME} when `sliceDeadline` comes first:
   * the slice then stops before this record, and the next slice reads it again.
   */
  async retryRecord<T>(
    pipeline: () => T | Promise<T>,
    first: RetryLater,
    sliceDeadline: number,
  ): Promise<T | undefined | typeof OUT_OF_TIME> {
    const windows = new Map<string, { readonly firstFailure: number; attempts: number }>();
    let pending = first;
    while (true) {
      const key = `${pending.stage}/${pending.context.className ?? ''}`;
      const window = windows.get(key) ?? { firstFailure: this.clock.now(), attempts: 0 };
      windows.set(key, window);
      window.attempts++;
      const now = this.clock.now();
      const deadline = this.retryTimeoutMs < 0 ? Number.POSITIVE_INFINITY : window.firstFailure + this.retryTimeoutMs;
      if (now >= deadline) return this.failed(pending.stage, pending.cause, pending.context);
      const delay = Math.min(this.backoff(window.attempts), deadline - now);
      if (now + delay >= sliceDeadline) return OUT_OF_TIME;
      this.retries++;
      this.log.warn('retriable error; retrying', {
        connector: this.connector,
        stage: pending.stage,
        className: pending.context.className,
        attempt: window.attempts,
        delayMs: delay,
        error: messageOf(pending.cause),
      });
      await this.clock.sleep(delay);
      try {
        return await pipeline();
      } catch (error) {
        if (!(error instanceof RetryLater)) throw error;
        pending = error;
      }
    }
  }

  /**
   * Runs `pipeline` over `inputs` in order, retrying records as configured. The results line up with
   * the inputs (undefined: the record failed and was skipped); {@link OUT_OF_TIME} when the slice must
   * stop before some record, in which case none of the batch may be delivered.
   */
  async mapRecords<I, O>(
    inputs: readonly I[],
    pipeline: (input: I) => O | undefined,
    sliceDeadline: number,
  ): Promise<Array<O | undefined> | typeof OUT_OF_TIME> {
    const results: Array<O | undefined> = new Array<O | undefined>(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i] as I;
      try {
        results[i] = pipeline(input);
      } catch (error) {
        const recovered = await this.recover(() => pipeline(input), error, sliceDeadline);
        if (recovered === OUT_OF_TIME) return OUT_OF_TIME;
        results[i] = recovered;
      }
    }
    return results;
  }

  /** After a record's pipeline threw: waits for the I/O it asked for, then retries it as configured. */
  private async recover<T>(
    pipeline: () => T,
    error: unknown,
    sliceDeadline: number,
  ): Promise<T | undefined | typeof OUT_OF_TIME> {
    let retry = error;
    if (error instanceof PendingIoError) {
      try {
        return await this.settle(pipeline, error);
      } catch (next) {
        retry = next;
      }
    }
    if (!(retry instanceof RetryLater)) throw retry;
    return this.retryRecord(() => this.settle(pipeline), retry, sliceDeadline);
  }

  /**
   * Runs `pipeline` until no stage asks for I/O. An outage behind the I/O (a retriable rejection) ends the
   * slice as weather; another rejection is the plugin's to throw from the stage's next call.
   */
  private async settle<T>(pipeline: () => T, first?: PendingIoError): Promise<T> {
    let pending = first;
    for (let round = 0; ; round++) {
      if (pending !== undefined) {
        if (round > MAX_PENDING_IO_ROUNDS)
          throw new ConnectError(`A stage asked for I/O ${MAX_PENDING_IO_ROUNDS} times for one record`, {
            cause: pending,
          });
        try {
          await pending.ready;
        } catch (failure) {
          if (isRetriableFailure(failure)) throw failure;
        }
      }
      try {
        return pipeline();
      } catch (error) {
        if (!(error instanceof PendingIoError)) throw error;
        pending = error;
      }
    }
  }

  /** Connect's backoff: 300 ms doubling per attempt; past the cap, a random delay below it. */
  private backoff(attempt: number): number {
    const delay = RETRY_DELAY_MIN_MS * 2 ** (attempt - 1);
    return delay > this.maxDelayMs ? Math.floor(this.clock.random() * this.maxDelayMs) : delay;
  }

  private failed(stage: Stage, error: unknown, context: RecordContext): undefined {
    this.failures++;
    if (!this.tolerateAll) throw new ConnectError('Tolerance exceeded in error handler', { cause: error });
    if (this.logErrors) this.logFailure(stage, error, context);
    if (this.dlq !== null && context.raw !== undefined)
      this.dlq.report(context.raw, stage, context.className ?? 'unknown', error);
    return undefined;
  }

  private logFailure(stage: Stage, error: unknown, context: RecordContext): void {
    const details: Record<string, unknown> = {
      connector: this.connector,
      stage,
      className: context.className,
      error: messageOf(error),
    };
    if (context.raw !== undefined) {
      details['topic'] = context.raw.topic;
      details['partition'] = context.raw.partition;
      details['offset'] = context.raw.offset;
      details['timestamp'] = context.raw.timestamp;
      if (this.logMessages) {
        details['key'] = context.raw.key === null ? null : Buffer.from(context.raw.key).toString('utf8');
        details['value'] = context.raw.value === null ? null : Buffer.from(context.raw.value).toString('utf8');
      }
    }
    this.log.error('Error encountered in task', details);
  }
}

function isRetriable(error: unknown): boolean {
  return error instanceof ConnectError && error.retriable;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
