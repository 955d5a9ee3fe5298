/**
 * Time-zone arithmetic the time-based partitioners and scheduled rotation need, on `Intl` (no date
 * library): zone offsets, Confluent's partition start (`TimeBasedPartitioner.getPartition`) and next
 * scheduled rotation (`DateTimeUtils.getNextTimeAdjustedByDay`).
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when `zone` is an IANA zone (or `UTC`) this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of `utcMs` in `zone`. */
export interface ZonedFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

export function zonedFields(utcMs: number, zone: string): ZonedFields {
  const parts: Record<string, string> = {};
  for (const p of zoneFormatter(zone).formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  const yearOfEra = Number(parts['year']);
  const year = parts['era'] === 'BC' ? 1 - yearOfEra : yearOfEra;
  const millisecond = ((utcMs % 1000) + 1000) % 1000;
  return {
    year,
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    millisecond,
  };
}

/** Milliseconds `zone` is ahead of UTC at the instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const f = zonedFields(utcMs, zone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond);
  const d = new Date(asUtc);
  // Date.UTC maps years 0-99 to 1900-1999.
  if (f.year >= 0 && f.year < 100) d.setUTCFullYear(f.year);
  return d.getTime() - utcMs;
}

/** The UTC instant of a local wall-clock time (Joda's `convertLocalToUTC(local, false)`, earlier offset in gaps). */
export function localToUtc(localMs: number, zone: string): number {
  const guess = localMs - zoneOffsetMs(localMs, zone);
  return localMs - zoneOffsetMs(guess, zone);
}

/** The start of the `durationMs` partition holding `utcMs`, aligned in local time (Confluent's `getPartition`). */
export function partitionStart(durationMs: number, utcMs: number, zone: string): number {
  const local = utcMs + zoneOffsetMs(utcMs, zone);
  const floored = Math.floor(local / durationMs) * durationMs;
  return localToUtc(floored, zone);
}

/** The next boundary of `periodMs` after `utcMs`, counted from local midnight and capped at the next midnight. */
export function nextTimeAdjustedByDay(utcMs: number, periodMs: number, zone: string): number {
  const local = utcMs + zoneOffsetMs(utcMs, zone);
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  const startOfDay = localToUtc(localMidnight, zone);
  const startOfNextDay = localToUtc(localMidnight + DAY_MS, zone);
  const nextOffset = (Math.floor((utcMs - startOfDay) / periodMs) + 1) * periodMs;
  return startOfDay + Math.min(nextOffset, startOfNextDay - startOfDay);
}
