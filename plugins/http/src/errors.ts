/**
 * The HTTP sink's errors. A rejected request carries the status and the (cut) response body: in the
 * message, so the dead letter queue's `__connect.errors.exception.message` header and the task's trace show
 * both, and as fields for code that catches it.
 */
import { ConnectError } from 'lambda-connect/api';

/** The endpoint answered with a status outside 2xx and outside `retry.on.status.codes`. */
export class HttpResponseError extends ConnectError {
  constructor(
    readonly status: number,
    readonly body: string,
    method: string,
    url: URL,
  ) {
    // The details become the DLQ headers __connect.errors.details.http.status / .http.response.body.
    super(`HTTP ${status} from ${method} ${redactedUrl(url)}; response body: ${body}`, {
      details: { 'http.status': String(status), 'http.response.body': body },
    });
    this.name = 'HttpResponseError';
  }
}

/** Origin and path only: user info and query strings may hold credentials. */
export function redactedUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
