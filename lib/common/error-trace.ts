/**
 * A status trace for an error, as Connect shows Java stack traces: the first line names the Java
 * exception class Connect would (`org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded…`),
 * our own stack frames follow, then each cause as `Caused by: <class>: <message>` with its frames.
 */
import { javaExceptionName } from '../api/java-exception-names.js';

const MAX_CAUSES = 5;

export function errorTrace(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let trace = describe(error);
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < MAX_CAUSES; depth++) {
    trace += `\nCaused by: ${describe(cause)}`;
    cause = cause.cause;
  }
  return trace;
}

/** `<class>: <message>` then the stack frames (`    at …` lines) of one error. */
function describe(error: Error): string {
  const head = `${javaExceptionName(error) ?? error.name}: ${error.message}`;
  return [head, ...frames(error)].join('\n');
}

function frames(error: Error): string[] {
  return (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
}
