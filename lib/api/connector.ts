import type { ConfigDef, ConfigValue } from './config-def.js';
import type { ConnectorContext } from './connector-context.js';
import type { Task, TaskClass } from './task.js';

/**
 * A connector decides how many tasks to run and splits the work between them. Lifecycle: the framework
 * constructs it, calls `initialize`, `start(config)`, then `taskConfigs(maxTasks)` (again whenever it asks
 * for reconfiguration or the config changes), and `stop`. Mirrors Connect's `Connector`.
 */
export abstract class Connector {
  protected context: ConnectorContext | undefined;

  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Readonly<Record<string, string>>): void | Promise<void>;
  abstract taskClass(): TaskClass<Task>;
  /** At most `maxTasks` task configs; each becomes one task. */
  abstract taskConfigs(maxTasks: number): Array<Record<string, string>> | Promise<Array<Record<string, string>>>;
  abstract stop(): void | Promise<void>;
  abstract config(): ConfigDef;

  /** Validates a connector config; the default checks it against `config()`. */
  validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    return this.config().validate(props);
  }
}

/** A connector class: constructible with no arguments and named by its fully qualified class name. */
export interface ConnectorClass<T extends Connector = Connector> {
  readonly className: string;
  new (): T;
}
