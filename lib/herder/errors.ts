import { ConnectError } from '../api/errors.js';

/**
 * An error that carries the HTTP status Connect answers with. The REST layer renders it as
 * `{"error_code": status, "message": message}`; nothing else decides status codes.
 */
export class ConnectRestError extends ConnectError {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectRestError';
  }
}

export class BadRequestError extends ConnectRestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options);
    this.name = 'BadRequestError';
  }
}

export class NotFoundRestError extends ConnectRestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(404, message, options);
    this.name = 'NotFoundRestError';
  }
}

export class AlreadyExistsError extends ConnectRestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, message, options);
    this.name = 'AlreadyExistsError';
  }
}

/** A concurrent change won a race (Connect answers 409 for its rebalance-era equivalents). */
export class ConcurrentChangeError extends ConnectRestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, message, options);
    this.name = 'ConcurrentChangeError';
  }
}
