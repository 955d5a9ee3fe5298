/**
 * A tiny line logger for the local stack's own messages ("started api at http://127.0.0.1:8083").
 *
 * The handlers it hosts log through Powertools as they do on Lambda; this logger is only for the
 * plumbing around them, so it stays dependency-free. Two formats: `pretty` for a person at a terminal,
 * `json` (one object per line) for files, CI logs and tools that parse them.
 */
import type { Writable } from 'node:stream';
import type { Log } from '../lib/common/log.js';

export const LogLevel = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

export const LogFormat = { PRETTY: 'pretty', JSON: 'json' } as const;
export type LogFormat = (typeof LogFormat)[keyof typeof LogFormat];

/** Extra structured fields of one line; `error` values are rendered with name, message and stack. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A logger of the local stack. Writes synchronously-ordered lines; never throws on odd field values. */
export interface LocalLogger extends Log {
  /** A logger with the same sink whose lines carry `component` (and `fields`) as well. */
  child(component: string, fields?: LogFields): LocalLogger;
}

export interface LocalLoggerOptions {
  /** Name shown on every line, e.g. `local` or `invoke`. Default `local`. */
  readonly component?: string;
  /** Default: `pretty` when the stream is a TTY, else `json`. */
  readonly format?: LogFormat;
  /** Lines below this level are dropped. Default `info`. */
  readonly level?: LogLevel;
  /** Default `process.stderr`, so that stdout stays free for a program's own output. */
  readonly stream?: Writable;
  /** Fields added to every line. */
  readonly fields?: LogFields;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Creates a logger; see {@link LocalLoggerOptions} for the defaults. */
export function createLocalLogger(options: LocalLoggerOptions = {}): LocalLogger {
  const stream = options.stream ?? process.stderr;
  const isTty = (stream as Writable & { isTTY?: boolean }).isTTY === true;
  const sink: Sink = {
    stream,
    format: options.format ?? (isTty ? LogFormat.PRETTY : LogFormat.JSON),
    minLevel: LEVEL_ORDER[options.level ?? LogLevel.INFO],
    now: options.now ?? (() => new Date()),
  };
  return makeLogger(sink, options.component ?? 'local', options.fields ?? {});
}

/** A logger that drops everything (the default of components when the caller gives none). */
export const silentLogger: LocalLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

interface Sink {
  readonly stream: Writable;
  readonly format: LogFormat;
  readonly minLevel: number;
  readonly now: () => Date;
}

function makeLogger(sink: Sink, component: string, base: LogFields): LocalLogger {
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < sink.minLevel) return;
    const all = { ...base, ...fields };
    const line =
      sink.format === LogFormat.JSON
        ? formatJson(sink.now(), level, component, message, all)
        : formatPretty(sink.now(), level, component, message, all);
    sink.stream.write(`${line}\n`);
  };
  return {
    debug: (message, fields) => write(LogLevel.DEBUG, message, fields),
    info: (message, fields) => write(LogLevel.INFO, message, fields),
    warn: (message, fields) => write(LogLevel.WARN, message, fields),
    error: (message, fields) => write(LogLevel.ERROR, message, fields),
    child: (child, fields) => makeLogger(sink, child, { ...base, ...fields }),
  };
}

function formatJson(time: Date, level: LogLevel, component: string, message: string, fields: LogFields): string {
  const record = { time: time.toISOString(), level, component, message, ...normalizeFields(fields) };
  return safeStringify(record);
}

function formatPretty(time: Date, level: LogLevel, component: string, message: string, fields: LogFields): string {
  const clock = time.toISOString().slice(11, 23);
  const pairs = Object.entries(normalizeFields(fields)).map(([key, value]) => `${key}=${renderPrettyValue(value)}`);
  const tail = pairs.length > 0 ? ` ${pairs.join(' ')}` : '';
  return `${clock} ${level.toUpperCase().padEnd(5)} [${component}] ${message}${tail}`;
}

function renderPrettyValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return safeStringify(value);
}

function normalizeFields(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = value instanceof Error ? describeError(value) : value;
  }
  return out;
}

function describeError(error: Error): Record<string, unknown> {
  const described: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  if (error.cause !== undefined) {
    described['cause'] = error.cause instanceof Error ? describeError(error.cause) : error.cause;
  }
  return described;
}

/** JSON.stringify that survives bigints and cycles: a log line must never throw. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, inner: unknown) => {
      if (typeof inner === 'bigint') return inner.toString();
      if (typeof inner === 'object' && inner !== null) {
        if (seen.has(inner)) return '[Circular]';
        seen.add(inner);
      }
      return inner;
    }) ?? 'undefined'
  );
}
