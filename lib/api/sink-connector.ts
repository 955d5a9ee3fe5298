import { Connector } from './connector.js';
import type { ConfigValue } from './config-def.js';
import type { TopicPartition } from './topic-partition.js';

/** Connect's key for the sink's topic list, copied into each task config. */
export const TOPICS_CONFIG = 'topics';
export const TOPICS_REGEX_CONFIG = 'topics.regex';

/** A connector whose tasks write Kafka records to another system. Mirrors Connect's `SinkConnector`. */
export abstract class SinkConnector extends Connector {
  /** As `SourceConnector.alterOffsets`, for consumer offsets (null = reset that partition). */
  alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return false;
  }
}

/**
 * The sink connector most plugins write: every task gets the connector's own config (the framework splits the
 * topic partitions between the tasks), the settings are checked across keys when the connector starts and
 * when `/config/validate` runs, and offsets live only in the framework's store and consumer group, so any
 * alteration of them is accepted. A subclass names its version, ConfigDef, task class and cross-key check;
 * `start`, `taskConfigs`, `stop`, `validate` and `alterOffsets` come from here (override any of them).
 */
export abstract class UniformSinkConnector extends SinkConnector {
  #props: Record<string, string> = {};

  /**
   * Checks the settings across keys (parse them into the plugin's typed config); throws an error that says
   * which key is at fault, in Kafka's wording (`... for configuration <key>: ...`) or as
   * {@link crossCheckKey} maps it. Runs in `start` and, once every key is valid alone, in `validate`.
   */
  protected abstract checkConfig(props: Readonly<Record<string, string>>): void;

  /**
   * The key `validate` reports a failed {@link checkConfig} on: the key its message names in Kafka's wording
   * (`configuration <key>:` or ending in `configuration <key>`), else `undefined` (the failure is then
   * reported on the first key of the ConfigDef). Override to map a plugin's own messages.
   */
  protected crossCheckKey(message: string, keys: readonly string[]): string | undefined {
    return keys.find((key) => message.includes(`configuration ${key}:`) || message.endsWith(`configuration ${key}`));
  }

  start(props: Readonly<Record<string, string>>): void {
    this.checkConfig(props);
    this.#props = { ...props };
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}

  /** Per-key results from the ConfigDef, plus the cross-key check's failure on the key at fault. */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const results = super.validate(props);
    if (results.some((result) => result.errors.length > 0)) return results;
    try {
      this.checkConfig(props);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const key = this.crossCheckKey(
        message,
        results.map((result) => result.name),
      );
      (results.find((result) => result.name === key) ?? results[0])?.errors.push(message);
    }
    return results;
  }

  /** The sink's output carries no offsets (they live in the framework's store): any alteration is fine. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return true;
  }
}
