/**
 * Java's `SimpleDateFormat` in UTC (the time zone TimestampConverter and TimestampRouter set), for the
 * pattern letters G y Y u M L d D E a H k K h m s S z Z X and quoted text. Parsing is lenient like Java's:
 * it reads a prefix of the text, and out-of-range fields roll over.
 */
import { ConfigError, DataError } from '../../api/index.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NUMERIC = new Set(['y', 'Y', 'u', 'M', 'L', 'd', 'D', 'H', 'k', 'K', 'h', 'm', 's', 'S']);
const SUPPORTED = new Set([...NUMERIC, 'G', 'E', 'a', 'z', 'Z', 'X']);

type Token = { readonly letter: string; readonly count: number } | { readonly literal: string };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] ?? '';
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let text = '';
      i++;
      while (i < pattern.length) {
        if (pattern[i] === "'" && pattern[i + 1] === "'") [text, i] = [`${text}'`, i + 2];
        else if (pattern[i] === "'") break;
        else text += pattern[i++];
      }
      if (i >= pattern.length) throw new ConfigError('Unterminated quote');
      tokens.push({ literal: text });
      i++;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!SUPPORTED.has(c)) throw new ConfigError(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      tokens.push({ letter: c, count });
      i += count;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

export class SimpleDateFormat {
  private readonly tokens: readonly Token[];

  /** Throws `ConfigError` when the pattern uses an unknown letter or an unterminated quote. */
  constructor(readonly pattern: string) {
    this.tokens = tokenize(pattern);
  }

  format(date: Date): string {
    return this.tokens.map((t) => ('literal' in t ? t.literal : formatField(t.letter, t.count, date))).join('');
  }

  /** Parses a prefix of `text`; throws `DataError` when the text does not start with the pattern. */
  parse(text: string): Date {
    const fields = {
      year: 1970,
      month: 0,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      milli: 0,
      pm: false,
      hour12: false,
      offsetMinutes: 0,
      dayOfYear: -1,
    };
    let pos = 0;
    this.tokens.forEach((token, index) => {
      if ('literal' in token) {
        if (!text.startsWith(token.literal, pos)) throw new DataError(`Unparseable date: "${text}"`);
        pos += token.literal.length;
        return;
      }
      const next = this.tokens[index + 1];
      const abutting = next !== undefined && 'letter' in next && NUMERIC.has(next.letter);
      pos = parseField(token.letter, token.count, text, pos, abutting, fields);
    });
    let hour = fields.hour;
    if (fields.hour12) hour = (hour % 12) + (fields.pm ? 12 : 0);
    const base =
      fields.dayOfYear >= 0
        ? Date.UTC(fields.year, 0, fields.dayOfYear)
        : Date.UTC(fields.year, fields.month, fields.day);
    const millis =
      base + ((hour * 60 + fields.minute - fields.offsetMinutes) * 60 + fields.second) * 1000 + fields.milli;
    const date = new Date(millis);
    if (fields.year >= 0 && fields.year < 100 && fields.dayOfYear < 0)
      date.setUTCFullYear(fields.year, fields.month, fields.day);
    return date;
  }
}

function pad(value: number, count: number): string {
  const text = String(Math.abs(value)).padStart(count, '0');
  return value < 0 ? `-${text}` : text;
}

function formatField(letter: string, count: number, date: Date): string {
  const hour = date.getUTCHours();
  switch (letter) {
    case 'G':
      return date.getUTCFullYear() > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y':
    case 'u':
      if (letter === 'u') return pad(((date.getUTCDay() + 6) % 7) + 1, count);
      return count === 2 ? pad(date.getUTCFullYear() % 100, 2) : pad(date.getUTCFullYear(), count);
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS[date.getUTCMonth()] ?? '';
      if (count === 3) return (MONTHS[date.getUTCMonth()] ?? '').slice(0, 3);
      return pad(date.getUTCMonth() + 1, count);
    case 'd':
      return pad(date.getUTCDate(), count);
    case 'D':
      return pad(Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, count);
    case 'E':
      return count >= 4 ? (DAYS[date.getUTCDay()] ?? '') : (DAYS[date.getUTCDay()] ?? '').slice(0, 3);
    case 'a':
      return hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(hour, count);
    case 'k':
      return pad(hour === 0 ? 24 : hour, count);
    case 'K':
      return pad(hour % 12, count);
    case 'h':
      return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm':
      return pad(date.getUTCMinutes(), count);
    case 's':
      return pad(date.getUTCSeconds(), count);
    case 'S':
      return pad(date.getUTCMilliseconds(), count);
    case 'z':
      return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z':
      return '+0000';
    default:
      return 'Z';
  }
}

interface ParsedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  milli: number;
  pm: boolean;
  hour12: boolean;
  offsetMinutes: number;
  dayOfYear: number;
}

function parseField(
  letter: string,
  count: number,
  text: string,
  pos: number,
  abutting: boolean,
  f: ParsedFields,
): number {
  const fail = (): never => {
    throw new DataError(`Unparseable date: "${text}"`);
  };
  if (letter === 'M' && count >= 3) return parseName(text, pos, MONTHS, (i) => (f.month = i)) ?? fail();
  if (letter === 'E') return parseName(text, pos, DAYS, () => undefined) ?? fail();
  if (letter === 'G') return text.startsWith('AD', pos) || text.startsWith('BC', pos) ? pos + 2 : fail();
  if (letter === 'a') {
    const marker = text.slice(pos, pos + 2).toUpperCase();
    if (marker !== 'AM' && marker !== 'PM') fail();
    f.pm = marker === 'PM';
    return pos + 2;
  }
  if (letter === 'z' || letter === 'Z' || letter === 'X') return parseZone(text, pos, f) ?? fail();
  const match = (abutting ? new RegExp(`^[+-]?\\d{1,${count}}`) : /^[+-]?\d+/).exec(text.slice(pos));
  if (match === null) return fail();
  const value = Number(match[0]);
  switch (letter) {
    case 'y':
    case 'Y':
      f.year = count <= 2 && match[0].length === 2 ? twoDigitYear(value) : value;
      break;
    case 'M':
    case 'L':
      f.month = value - 1;
      break;
    case 'd':
      f.day = value;
      break;
    case 'D':
      f.dayOfYear = value;
      break;
    case 'H':
    case 'k':
      f.hour = letter === 'k' && value === 24 ? 0 : value;
      break;
    case 'K':
    case 'h':
      f.hour = value;
      f.hour12 = true;
      break;
    case 'm':
      f.minute = value;
      break;
    case 's':
      f.second = value;
      break;
    case 'S':
      f.milli = value;
      break;
  }
  return pos + match[0].length;
}

function parseName(
  text: string,
  pos: number,
  names: readonly string[],
  set: (index: number) => void,
): number | undefined {
  const rest = text.slice(pos).toLowerCase();
  for (const [index, name] of names.entries()) {
    for (const candidate of [name, name.slice(0, 3)]) {
      if (rest.startsWith(candidate.toLowerCase())) {
        set(index);
        return pos + candidate.length;
      }
    }
  }
  return undefined;
}

function parseZone(text: string, pos: number, f: ParsedFields): number | undefined {
  const rest = text.slice(pos);
  if (rest.startsWith('Z')) return pos + 1;
  const named = /^(UTC|GMT)/.exec(rest);
  const start = named === null ? 0 : named[0].length;
  const offset = /^([+-])(\d{2}):?(\d{2})?/.exec(rest.slice(start));
  if (offset === null) return named === null ? undefined : pos + start;
  f.offsetMinutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
  return pos + start + offset[0].length;
}

/** Java resolves two-digit years into the century window from 80 years ago to 20 years ahead. */
function twoDigitYear(value: number): number {
  const now = new Date().getUTCFullYear();
  const start = now - 80;
  let year = Math.floor(start / 100) * 100 + value;
  if (year < start) year += 100;
  return year;
}
