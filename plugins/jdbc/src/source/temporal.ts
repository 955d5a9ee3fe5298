/**
 * PostgreSQL's text forms of dates and times, read exactly (microseconds, as PostgreSQL keeps them).
 * Instants are bigint microseconds since the epoch; a `timestamp` without time zone is a wall time read
 * in `db.timezone`, as Confluent reads it with a calendar in that zone.
 */
import { DataError } from 'lambda-connect/api';

const MICROS_PER_SECOND = 1_000_000n;
const MICROS_PER_MS = 1000n;
const MS_PER_DAY = 86_400_000;

const DATE = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/;
const TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-]\d{2}(?::?\d{2}(?::?\d{2})?)?|Z)?( BC)?$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/;

/** Days since 1970-01-01 of a `date` (a calendar day, the same in every zone). */
export function parseDateDays(text: string): number {
  const m = DATE.exec(text);
  if (m === null)
    throw new DataError(`Cannot read date value '${text}' (infinite and out-of-range dates are not supported)`);
  const year = yearOf(m[1]!, m[4]);
  return Math.round(utcMs(year, Number(m[2]) - 1, Number(m[3]), 0, 0, 0) / MS_PER_DAY);
}

/** Microseconds since the epoch of a `timestamptz` (offset in the text) or a `timestamp` read in `zone`. */
export function parseTimestampMicros(text: string, zone: string): bigint {
  const m = TIMESTAMP.exec(text);
  if (m === null) throw new DataError(`Cannot read timestamp value '${text}' (infinite timestamps are not supported)`);
  const year = yearOf(m[1]!, m[9]);
  const wallMs = utcMs(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const fraction = BigInt((m[7] ?? '').padEnd(6, '0'));
  const offset = m[8];
  const instantMs = offset === undefined ? wallMs - zoneOffsetMs(zone, wallMs) : wallMs - offsetMs(offset);
  return BigInt(instantMs) * MICROS_PER_MS + fraction;
}

/** Microseconds since midnight of a `time`; a `timetz` is moved to UTC (wrapping around midnight). */
export function parseTimeMicros(text: string): bigint {
  const m = TIME.exec(text);
  if (m === null) throw new DataError(`Cannot read time value '${text}'`);
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  let micros = BigInt(seconds) * MICROS_PER_SECOND + BigInt((m[4] ?? '').padEnd(6, '0'));
  if (m[5] !== undefined) {
    const day = 86_400n * MICROS_PER_SECOND;
    micros = (((micros - BigInt(offsetMs(m[5])) * MICROS_PER_MS) % day) + day) % day;
  }
  return micros;
}

/** Floor division of microseconds to milliseconds (Connect's logical types hold milliseconds). */
export function microsToMillis(micros: bigint): number {
  const q = micros / MICROS_PER_MS;
  return Number(micros < 0n && q * MICROS_PER_MS !== micros ? q - 1n : q);
}

/** Confluent's offset pair: `timestamp` (epoch ms) and `timestamp_nanos` (the second's fraction in ns). */
export function microsToOffset(micros: bigint): { timestamp: number; timestamp_nanos: number } {
  const second = floorDiv(micros, MICROS_PER_SECOND);
  const fractionMicros = micros - second * MICROS_PER_SECOND;
  return { timestamp: microsToMillis(micros), timestamp_nanos: Number(fractionMicros) * 1000 };
}

/** The inverse of `microsToOffset`, as Java's `Timestamp(ms).setNanos(nanos)` reads the pair. */
export function offsetToMicros(timestampMs: number, nanos: number | null): bigint {
  const ms = BigInt(timestampMs);
  if (nanos === null) return ms * MICROS_PER_MS;
  const second = floorDiv(ms, 1000n);
  return second * MICROS_PER_SECOND + BigInt(Math.floor(nanos / 1000));
}

/** An instant as ISO-8601 text in UTC with microseconds, for binding as a `timestamptz` parameter. */
export function microsToIso(micros: bigint): string {
  const ms = microsToMillis(micros);
  const fraction = (micros - BigInt(ms) * MICROS_PER_MS).toString().padStart(3, '0');
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -1)}${fraction}Z`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

function yearOf(digits: string, bc: string | undefined): number {
  // 1 BC is astronomical year 0.
  return bc === undefined ? Number(digits) : 1 - Number(digits);
}

/** Date.UTC without its mapping of years 0..99 to 1900..1999. */
function utcMs(year: number, month: number, day: number, hours: number, minutes: number, seconds: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date.getTime();
}

function offsetMs(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replaceAll(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  const seconds = Number(digits.slice(4, 6) || '0');
  return sign * ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at the instant whose wall time in that zone is `wallMs` (DST gaps: the offset before). */
export function zoneOffsetMs(zone: string, wallMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Z') return 0;
  const first = offsetAt(zone, wallMs);
  return offsetAt(zone, wallMs - first);
}

function offsetAt(zone: string, utcMs: number): number {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formats.set(zone, format);
  }
  const name = format.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 0 : offsetMs(name.slice(3));
}
