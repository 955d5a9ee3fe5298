/**
 * The plugin's log: one JSON line per event on stderr, which Lambda sends to CloudWatch beside the
 * runtime's own lines. The plugin API offers no logger (see the README), so the plugin writes its own.
 */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Writes one event; `details` must not hold secrets (the task logs URLs without query or user info). */
export function log(level: LogLevel, message: string, details: Record<string, unknown> = {}): void {
  if (level === 'DEBUG' && process.env['LC_HTTP_SINK_DEBUG'] !== 'true') return;
  process.stderr.write(
    `${JSON.stringify({ level, logger: 'io.confluent.connect.http.HttpSinkTask', message, ...details })}\n`,
  );
}
