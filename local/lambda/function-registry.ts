/**
 * The functions the local Invoke endpoint hosts: registration by name, one run of a handler under its
 * timeout, tracking of runs still in flight (so the stack can drain them) and per-function counters
 * for tests and benchmarks.
 *
 * Differences from Lambda, on purpose: every invocation runs in this process, concurrently, with no
 * concurrency limit and no freeze between invocations; a failed async invocation is not retried (the
 * product sets retries to 0 for task slices anyway); a handler that times out cannot be killed, so it
 * keeps running as a zombie until it settles, which is exactly the case lease fencing must survive.
 */
import type { ClientContext } from 'aws-lambda';
import { silentLogger, type LocalLogger } from '../logging.js';
import { createLambdaContext, type LambdaHandler } from './lambda-context.js';
import {
  describeThrown,
  MAX_RESPONSE_PAYLOAD_BYTES,
  responseTooLarge,
  timeoutError,
  type FunctionErrorDocument,
} from './invoke-errors.js';

export const InvocationType = { REQUEST_RESPONSE: 'RequestResponse', EVENT: 'Event', DRY_RUN: 'DryRun' } as const;
export type InvocationType = (typeof InvocationType)[keyof typeof InvocationType];

/** Lambda's default function timeout (3 s) is too short for a slice; the product always sets its own. */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 3_000;

export interface RegisterFunctionOptions {
  /** The function's timeout: the context counts down from it and a longer run is a timeout error. */
  readonly timeoutMs?: number;
  readonly memoryLimitInMB?: number;
}

/** Counters of one function; `inFlight` includes runs that timed out but have not settled yet. */
export interface FunctionStats {
  readonly invocations: Readonly<Record<InvocationType, number>>;
  readonly succeeded: number;
  /** Runs that threw, timed out or returned an oversized or unserializable result. */
  readonly errors: number;
  readonly timeouts: number;
  readonly inFlight: number;
  readonly maxInFlight: number;
}

/** The outcome of a synchronous run, ready to be written as the Invoke response. */
export type RunOutcome =
  | { readonly kind: 'success'; readonly payload: Buffer }
  | { readonly kind: 'function-error'; readonly error: FunctionErrorDocument };

interface Registered {
  readonly name: string;
  readonly handler: LambdaHandler;
  readonly timeoutMs: number;
  readonly memoryLimitInMB: number | undefined;
  readonly stats: MutableStats;
}

interface MutableStats {
  invocations: Record<InvocationType, number>;
  succeeded: number;
  errors: number;
  timeouts: number;
  inFlight: number;
  maxInFlight: number;
}

export class FunctionRegistry {
  private readonly functions = new Map<string, Registered>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly logger: LocalLogger;

  constructor(logger: LocalLogger = silentLogger) {
    this.logger = logger;
  }

  /** Registers (or replaces) a function; replacing keeps its counters. */
  register(name: string, handler: LambdaHandler, options: RegisterFunctionOptions = {}): void {
    const previous = this.functions.get(name);
    this.functions.set(name, {
      name,
      handler,
      timeoutMs: options.timeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS,
      memoryLimitInMB: options.memoryLimitInMB,
      stats: previous?.stats ?? emptyStats(),
    });
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  /** Counts a DryRun (which runs nothing, as on AWS). */
  recordDryRun(name: string): void {
    this.require(name).stats.invocations.DryRun += 1;
  }

  /** Runs the function and waits for its outcome (a timeout answers at the deadline). */
  async runSync(name: string, event: unknown, requestId: string, clientContext?: ClientContext): Promise<RunOutcome> {
    const fn = this.require(name);
    fn.stats.invocations.RequestResponse += 1;
    return this.run(fn, event, requestId, clientContext);
  }

  /** Starts the function in the background; its outcome is only logged and counted. */
  runAsync(name: string, event: unknown, requestId: string): void {
    const fn = this.require(name);
    fn.stats.invocations.Event += 1;
    // Started on the next turn so the caller's 202 goes out first, as Lambda queues Event invocations.
    setImmediate(() => {
      void this.run(fn, event, requestId).then((outcome) => {
        if (outcome.kind === 'function-error') {
          this.logger.warn('async invocation failed (not retried locally)', {
            function: name,
            requestId,
            ...outcome.error,
          });
        }
      });
    });
  }

  /** Number of handler runs that have not settled, across all functions. */
  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Resolves `true` once no handler run is in flight (including runs started meanwhile), or `false`
   * if `timeoutMs` passes first.
   */
  async drain(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    // An Event invocation accepted just now starts on the next turn: let it register first.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.running.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        if (Number.isFinite(remaining)) timer = setTimeout(() => resolve('expired'), remaining);
      });
      const settled = Promise.allSettled([...this.running]);
      const winner = await Promise.race([settled, expired]);
      clearTimeout(timer);
      if (winner === 'expired') return false;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return true;
  }

  /** A snapshot of every function's counters. */
  stats(): Readonly<Record<string, FunctionStats>> {
    const out: Record<string, FunctionStats> = {};
    for (const [name, fn] of this.functions) out[name] = { ...fn.stats, invocations: { ...fn.stats.invocations } };
    return out;
  }

  private require(name: string): Registered {
    const fn = this.functions.get(name);
    if (fn === undefined) throw new Error(`No function named ${name} is registered`);
    return fn;
  }

  private async run(
    fn: Registered,
    event: unknown,
    requestId: string,
    clientContext?: ClientContext,
  ): Promise<RunOutcome> {
    const context = createLambdaContext({
      functionName: fn.name,
      timeoutMs: fn.timeoutMs,
      awsRequestId: requestId,
      ...(fn.memoryLimitInMB === undefined ? {} : { memoryLimitInMB: fn.memoryLimitInMB }),
      ...(clientContext === undefined ? {} : { clientContext }),
    });
    const execution = this.track(fn, () => fn.handler(event, context));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), fn.timeoutMs);
    });
    const settled = execution.then(
      (value) => ({ kind: 'value' as const, value }),
      (thrown: unknown) => ({ kind: 'thrown' as const, thrown }),
    );
    const result = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    return this.toOutcome(fn, requestId, result);
  }

  private toOutcome(
    fn: Registered,
    requestId: string,
    result: { kind: 'timeout' } | { kind: 'value'; value: unknown } | { kind: 'thrown'; thrown: unknown },
  ): RunOutcome {
    if (result.kind === 'timeout') {
      fn.stats.timeouts += 1;
      return this.failed(fn, timeoutError(requestId, fn.timeoutMs));
    }
    if (result.kind === 'thrown') return this.failed(fn, describeThrown(result.thrown));
    let json: string;
    try {
      // Lambda serializes `undefined` as `null`.
      json = JSON.stringify(result.value) ?? 'null';
    } catch (error) {
      return this.failed(fn, describeThrown(error));
    }
    const payload = Buffer.from(json, 'utf8');
    if (payload.length > MAX_RESPONSE_PAYLOAD_BYTES) return this.failed(fn, responseTooLarge());
    fn.stats.succeeded += 1;
    return { kind: 'success', payload };
  }

  private failed(fn: Registered, error: FunctionErrorDocument): RunOutcome {
    fn.stats.errors += 1;
    return { kind: 'function-error', error };
  }

  /** Runs `start` and keeps its promise in the in-flight set until it settles (even after a timeout). */
  private track(fn: Registered, start: () => Promise<unknown>): Promise<unknown> {
    let execution: Promise<unknown>;
    try {
      execution = Promise.resolve(start());
    } catch (error) {
      // A handler that throws synchronously is still an unhandled function error, not a crash.
      execution = Promise.reject(error);
    }
    fn.stats.inFlight += 1;
    fn.stats.maxInFlight = Math.max(fn.stats.maxInFlight, fn.stats.inFlight);
    const tracked = execution.finally(() => {
      fn.stats.inFlight -= 1;
      this.running.delete(tracked);
    });
    // The outcome is observed through `run`; this copy only must never raise an unhandled rejection.
    tracked.catch(() => undefined);
    this.running.add(tracked);
    return execution;
  }
}

function emptyStats(): MutableStats {
  return {
    invocations: { RequestResponse: 0, Event: 0, DryRun: 0 },
    succeeded: 0,
    errors: 0,
    timeouts: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
}
