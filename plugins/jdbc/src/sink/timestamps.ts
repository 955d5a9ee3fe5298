/**
 * Connect Timestamps as PostgreSQL timestamp text in `db.timezone`: the wall-clock time there plus its UTC
 * offset, e.g. `2024-03-01 09:30:00.125+01:00`. A TIMESTAMP (without time zone) column ignores the offset
 * and stores the wall-clock time, as Confluent's sink writes it through a `db.timezone` calendar; a
 * TIMESTAMPTZ column reads the offset and stores the exact instant. No session `SET TIME ZONE` is needed
 * (it would pin RDS Proxy sessions).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `YYYY-MM-DD HH:MM:SS.mmm±HH:MM` (with ` BC` for years before 1) in `timeZone`. */
export function formatTimestamp(instant: Date, timeZone: string): string {
  if (timeZone === 'UTC') return utc(instant);
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const bc = parts.era === 'BC';
  const wallYear = bc ? 1 - year : year;
  const wall = Date.UTC(
    wallYear,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const millis = ((instant.getTime() % 1000) + 1000) % 1000;
  const offsetMinutes = Math.round((wall + millis - instant.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  const date = `${pad(year, 4)}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${pad(millis, 3)}`;
  return `${date}${offset}${bc ? ' BC' : ''}`;
}

function utc(instant: Date): string {
  const year = instant.getUTCFullYear();
  const bc = year <= 0;
  const shown = bc ? 1 - year : year;
  const iso = instant.toISOString();
  const rest = iso.slice(iso.indexOf('-', 1) + 1, -1).replace('T', ' ');
  return `${pad(shown, 4)}-${rest}+00:00${bc ? ' BC' : ''}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
