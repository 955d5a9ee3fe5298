/**
 * `retry.on.status.codes`: a comma-separated list of HTTP status codes and inclusive ranges, as Confluent
 * spells them: `429`, `500-599`, or `500-` (500 and above).
 */
import { ConfigError } from 'lambda-connect/api';

export interface StatusRange {
  readonly from: number;
  readonly to: number;
}

const ENTRY = /^(\d{3})(?:\s*(-)\s*(\d{3})?)?$/;

/** Parses the list; throws `ConfigError` naming `name` and the bad entry. */
export function parseStatusCodes(name: string, entries: readonly string[]): StatusRange[] {
  const ranges: StatusRange[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = ENTRY.exec(entry);
    if (match === null) {
      throw ConfigError.invalidValue(
        name,
        entries.join(','),
        `'${entry}' is not a status code (e.g. 429), a range (500-599) or an open range (500-)`,
      );
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : match[3] === undefined ? 599 : Number(match[3]);
    if (from < 100 || to > 599 || to < from) {
      throw ConfigError.invalidValue(name, entries.join(','), `'${entry}' is outside 100-599 or ends before it starts`);
    }
    ranges.push({ from, to });
  }
  return ranges;
}

export function statusIn(ranges: readonly StatusRange[], status: number): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}
