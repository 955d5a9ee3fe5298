/**
 * The error root of the plugin API. Connectors, tasks, converters and transforms throw these; the
 * runtime maps them to task states and HTTP responses. Mirrors `org.apache.kafka.connect.errors`.
 */
export class ConnectError extends Error {
  /** Whether retrying the same operation may succeed. Only the retry helper reads it. */
  readonly retriable: boolean = false;
  /**
   * Facts about the failure a reader of the dead letter queue needs as values, not prose (an HTTP sink's
   * response status and body, say). A record reported with this error carries each as a header
   * `__connect.errors.details.<key>` when `errors.deadletterqueue.context.headers.enable` is on.
   */
  readonly details: Readonly<Record<string, string>>;

  constructor(message: string, options?: { cause?: unknown; details?: Readonly<Record<string, string>> }) {
    super(message, options);
    this.name = 'ConnectError';
    this.details = options?.details ?? {};
  }
}

/** A record or value could not be converted or does not fit its schema (Connect's `DataException`). */
export class DataError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
  }
}

/** A transient failure: the framework retries the call (Connect's `RetriableException`). */
export class RetriableError extends ConnectError {
  override readonly retriable: boolean = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableError';
  }
}

/** A named thing does not exist (Connect's `NotFoundException`). */
export class NotFoundError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotFoundError';
  }
}

/** A configuration value is invalid (Kafka's `ConfigException`). */
export class ConfigError extends ConnectError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }

  /** Kafka's wording: `Invalid value <v> for configuration <k>: <reason>`. */
  static invalidValue(name: string, value: unknown, reason?: string): ConfigError {
    const suffix = reason === undefined ? '' : `: ${reason}`;
    return new ConfigError(`Invalid value ${String(value)} for configuration ${name}${suffix}`);
  }
}
