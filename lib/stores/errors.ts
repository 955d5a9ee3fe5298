import { ConnectError } from '../api/errors.js';

/** A conditional write found a newer version than the writer expected (a concurrent change won). */
export class ConflictError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConflictError';
  }
}

/** The writer's lease epoch (or task-config generation) is no longer current: it must stop. */
export class StaleEpochError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StaleEpochError';
  }
}

/** The backing store failed in a way a retry may fix (throttling, a dropped connection). */
export class StoreUnavailableError extends ConnectError {
  override readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A write the store can never accept, whatever the retry: a key or an item over DynamoDB's limits
 * (partition key 2,048 bytes, sort key 1,024 bytes, item 400 KB). The client's input is to blame: 400.
 */
export class StoreLimitError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreLimitError';
  }
}
