import type { Herder } from './herder.js';
import type { LoggersApi } from './loggers-api.js';
import type { OffsetsApi } from './offsets.js';
import type { PluginsApi } from './plugins-api.js';

/** What the routes call: the herder and the smaller APIs beside it. */
export interface RestServices {
  readonly herder: Herder;
  readonly offsets: OffsetsApi;
  readonly plugins: PluginsApi;
  readonly loggers: LoggersApi;
  /** Checks the state store answers; throws when it does not. */
  readonly health: () => Promise<void>;
}
