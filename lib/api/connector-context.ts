/** What a running connector may ask of the framework. Mirrors Connect's `ConnectorContext`. */
export interface ConnectorContext {
  /** The connector's inputs changed (e.g. new tables): the framework calls `taskConfigs` again soon. */
  requestTaskReconfiguration(): void;
  /** The connector hit an unrecoverable error: the framework marks it FAILED with this error's trace. */
  raiseError(error: Error): void;
}
