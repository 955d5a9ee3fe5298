/**
 * `io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector` (aliases `DynamoDbSinkConnector`,
 * `DynamoDbSink`): writes records to DynamoDB tables as items. Every task gets the same config; the
 * framework splits the topic partitions between them, and items are keyed per record, so tasks never
 * write the same item unless two records name the same key.
 */
import { SinkConnector, type ConfigDef, type TaskClass, type TopicPartition } from 'lambda-connect/api';
import { dynamoDbSinkConfigDef, parseDynamoDbSinkConfig } from './dynamodb-sink-config.js';
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

  /** Offsets live only in Connect's consumer group; the items themselves carry none. */
  override alterOffsets(_config: Readonly<Record<string, string>>, _offsets: ReadonlyMap<TopicPartition, number | null>): boolean {
    return true;
  }
}
