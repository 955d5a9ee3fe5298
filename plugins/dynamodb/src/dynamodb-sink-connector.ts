/**
 * `io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector` (aliases `DynamoDbSinkConnector`,
 * `DynamoDbSink`): writes records to DynamoDB tables as items. Every task gets the same config; the
 * framework splits the topic partitions between them, and items are keyed per record, so tasks never
 * write the same item unless two records name the same key.
 */
import {
  ConfigError,
  SinkConnector,
  type ConfigDef,
  type ConfigValue,
  type TaskClass,
  type TopicPartition,
} from 'lambda-connect/api';
import { DynamoDbSinkConfigKeys, dynamoDbSinkConfigDef, parseDynamoDbSinkConfig } from './dynamodb-sink-config.js';
import { DynamoDbSinkTask } from './dynamodb-sink-task.js';
import { DYNAMODB_PLUGIN_VERSION } from './version.js';

export class DynamoDbSinkConnector extends SinkConnector {
  static readonly className = 'io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector';

  private props: Record<string, string> = {};

  version(): string {
    return DYNAMODB_PLUGIN_VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    parseDynamoDbSinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return DynamoDbSinkTask;
  }

  taskConfigs(maxTasks: number): Array<Record<string, string>> {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return dynamoDbSinkConfigDef();
  }

  /** Per-key results, plus the checks that span keys (hash vs sort attribute, the credential pair). */
  override validate(props: Readonly<Record<string, string>>): ConfigValue[] {
    const results = super.validate(props);
    if (results.some((r) => r.errors.length > 0)) return results;
    try {
      parseDynamoDbSinkConfig(props);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const key = error.message.includes(DynamoDbSinkConfigKeys.ACCESS_KEY_ID)
        ? DynamoDbSinkConfigKeys.ACCESS_KEY_ID
        : DynamoDbSinkConfigKeys.PK_SORT;
      results.find((r) => r.name === key)?.errors.push(error.message);
    }
    return results;
  }

  /** Offsets live only in Connect's consumer group; the items themselves carry none. */
  override alterOffsets(
    _config: Readonly<Record<string, string>>,
    _offsets: ReadonlyMap<TopicPartition, number | null>,
  ): boolean {
    return true;
  }
}
