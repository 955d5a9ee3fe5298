/** A status trace for an error: its stack (with causes), as Connect shows Java stack traces. */
export function errorTrace(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let trace = error.stack ?? `${error.name}: ${error.message}`;
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    trace += `\nCaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`;
    cause = cause.cause;
  }
  return trace;
}
