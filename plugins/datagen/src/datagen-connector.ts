/**
 * `io.confluent.kafka.connect.datagen.DatagenConnector`: generates mock data from an Avro-style schema with
 * generation hints (a quickstart, `schema.string` or `schema.filename`). `tasks.max` tasks, each with its
 * own `task.id`, source partition and random stream.
 */
import {
  SourceConnector,
  ExactlyOnceSupport,
  ConnectError,
  type ConfigDef,
  type ConfigValue,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from 'lambda-connect/api';
import {
  DatagenKeys,
  SCHEMA_SOURCE_ERROR,
  SCHEMA_SOURCE_KEYS,
  checkKeyField,
  datagenConfigDef,
  parseDatagenConfig,
} from './datagen-config.js';
import { CURRENT_ITERATION, DatagenTask, TASK_ID } from './datagen-task.js';
import { DATAGEN_VERSION } from './version.js';

export class DatagenConnector extends SourceConnector {
  static readonly className = 'io.confluent.kafka.connect.datagen.DatagenConnector';

  private props: Record<string, string> = {};

  version(): string {
    return DATAGEN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    try {
      parseDatagenConfig(props);
    } catch (error) {
      throw new ConnectError(
        `Datagen connector could not start because of an error in the configuration: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return DatagenTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, [TASK_ID]: String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return datagenConfigDef();
  }

  /** Per-key results, plus Confluent's two cross-key checks: exactly one schema source, a key field the schema has. */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const values = super.validate(props);
    const sources = values.filter((v) => (SCHEMA_SOURCE_KEYS as readonly string[]).includes(v.name));
    const set = sources.filter((v) => typeof v.value === 'string' && v.value !== '');
    if (set.length !== 1) {
      for (const v of set.length > 1 ? set : sources) v.errors.push(SCHEMA_SOURCE_ERROR);
      return values;
    }
    if (values.some((v) => v.errors.length > 0)) return values;
    const keyField = values.find((v) => v.name === DatagenKeys.SCHEMA_KEYFIELD);
    try {
      const config = parseDatagenConfig(props);
      checkKeyField(config.schema, config.keyField);
    } catch (error) {
      keyField?.errors.push((error as Error).message);
    }
    return values;
  }

  /** Record n is a function of the seed and n, so replaying from an offset makes the same records. */
  override exactlyOnceSupport(props: Readonly<Record<string, string>>): ExactlyOnceSupport {
    return props[DatagenKeys.RANDOM_SEED] === undefined ? ExactlyOnceSupport.UNSUPPORTED : ExactlyOnceSupport.SUPPORTED;
  }

  /** Offsets written through the REST API must keep `current.iteration` a non-negative integer. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    offsets: ReadonlyMap<SourcePartition, SourceOffset | null>,
  ): boolean {
    for (const [partition, offset] of offsets) {
      if (partition === null || partition === undefined || !(TASK_ID in partition))
        throw new ConnectError(`Partition objects should contain the key '${TASK_ID}'`);
      if (offset === null || offset === undefined) continue;
      const count = offset[CURRENT_ITERATION];
      if (!(typeof count === 'number' && Number.isSafeInteger(count) && count >= 0)) {
        throw new ConnectError(
          `The value for the '${CURRENT_ITERATION}' key in the offset should be a non-negative integer`,
        );
      }
    }
    return true;
  }
}
