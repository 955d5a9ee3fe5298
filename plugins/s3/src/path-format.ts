/**
 * The Joda-Time patterns of Confluent's `path.format` (e.g. `'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH`),
 * compiled once and rendered in a time zone and locale. Covers the fields a storage path uses; any other
 * pattern letter is a config error naming it.
 */
import { ConfigError } from 'lambda-connect/api';
import { zonedFields, type ZonedFields } from './zoned-time.js';

type Segment = { readonly literal: string } | { readonly letter: string; readonly count: number };
export type PathFormatter = (utcMs: number) => string;

const SUPPORTED = 'GCYyMdDHkhKmsSEea';

/** Splits a Joda pattern into literals ('quoted', or non-letters) and runs of one pattern letter. */
function compile(pattern: string): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= pattern.length) throw new ConfigError(`Invalid path.format ${pattern}: unterminated quote`);
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern[i];
        i++;
      }
      segments.push({ literal: text === '' ? "'" : text });
    } else if (/[A-Za-z]/.test(c)) {
      let count = 1;
      while (pattern[i + count] === c) count++;
      if (!SUPPORTED.includes(c))
        throw ConfigError.invalidValue('path.format', pattern, `Illegal pattern component: ${c.repeat(count)}`);
      segments.push({ letter: c, count });
      i += count;
    } else {
      segments.push({ literal: c });
      i++;
    }
  }
  return segments;
}

const pad = (n: number, width: number): string => {
  const digits = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${digits}` : digits;
};

function names(
  locale: string,
  zone: string,
  option: 'month' | 'weekday',
  width: 'long' | 'short',
): (utcMs: number) => string {
  const formatter = new Intl.DateTimeFormat(locale, { timeZone: zone, [option]: width });
  return (utcMs) => formatter.format(new Date(utcMs));
}

function dayOfYear(f: ZonedFields): number {
  return Math.round((Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000) + 1;
}

function isoDayOfWeek(f: ZonedFields): number {
  const d = new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function renderer(
  seg: { letter: string; count: number },
  locale: string,
  zone: string,
): (f: ZonedFields, utcMs: number) => string {
  const { letter, count } = seg;
  const text = count >= 4 ? 'long' : 'short';
  switch (letter) {
    case 'G':
      return (f) => (f.year > 0 ? 'AD' : 'BC');
    case 'C':
      return (f) => pad(Math.floor(Math.abs(f.year) / 100), count);
    case 'Y':
    case 'y':
      return (f) =>
        count === 2
          ? pad(((f.year % 100) + 100) % 100, 2)
          : pad(letter === 'Y' && f.year <= 0 ? 1 - f.year : f.year, count);
    case 'M': {
      if (count < 3) return (f) => pad(f.month, count);
      const monthName = names(locale, zone, 'month', text);
      return (_f, utcMs) => monthName(utcMs);
    }
    case 'd':
      return (f) => pad(f.day, count);
    case 'D':
      return (f) => pad(dayOfYear(f), count);
    case 'H':
      return (f) => pad(f.hour, count);
    case 'k':
      return (f) => pad(f.hour === 0 ? 24 : f.hour, count);
    case 'h':
      return (f) => pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'K':
      return (f) => pad(f.hour % 12, count);
    case 'm':
      return (f) => pad(f.minute, count);
    case 's':
      return (f) => pad(f.second, count);
    case 'S':
      return (f) => pad(f.millisecond, 3).slice(0, count).padEnd(count, '0');
    case 'e':
      return (f) => pad(isoDayOfWeek(f), count);
    case 'E': {
      const dayName = names(locale, zone, 'weekday', text);
      return (_f, utcMs) => dayName(utcMs);
    }
    default:
      return (f) => (f.hour < 12 ? 'AM' : 'PM');
  }
}

/** Compiles `pattern` for `zone` and `locale`; throws `ConfigError` on letters it does not render. */
export function pathFormatter(pattern: string, zone: string, locale: string): PathFormatter {
  const parts = compile(pattern).map((seg) =>
    'literal' in seg ? () => seg.literal : renderer(seg, locale.replace('_', '-'), zone),
  );
  return (utcMs) => {
    const fields = zonedFields(utcMs, zone);
    let out = '';
    for (const part of parts) out += part(fields, utcMs);
    return out;
  };
}
