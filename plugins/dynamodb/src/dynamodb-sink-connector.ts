/**
 * `io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector` (aliases `DynamoDbSinkConnector`,
 * `DynamoDbSink`): writes records to DynamoDB tables as items. Every task gets the same config; the
 * framework splits the topic partitions between them, and items are keyed per record, so tasks never
 * write the same item unless two records name the same key. Offsets live only in Connect's consumer group;
 * the items themselves carry none.
 */
import { UniformSinkConnector, type ConfigDef, type TaskClass } from 'lambda-connect/api';
import { DynamoDbSinkConfigKeys, dynamoDbSinkConfigDef, parseDynamoDbSinkConfig } from './dynamodb-sink-config.js';
import { DynamoDbSinkTask } from './dynamodb-sink-task.js';
import { DYNAMODB_PLUGIN_VERSION } from './version.js';

export class DynamoDbSinkConnector extends UniformSinkConnector {
  static readonly className = 'io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector';

  version(): string {
    return DYNAMODB_PLUGIN_VERSION;
  }

  taskClass(): TaskClass {
    return DynamoDbSinkTask;
  }

  config(): ConfigDef {
    return dynamoDbSinkConfigDef();
  }

  /** The checks that span keys: hash vs sort attribute, the credential pair. */
  protected checkConfig(props: Readonly<Record<string, string>>): void {
    parseDynamoDbSinkConfig(props);
  }

  protected override crossCheckKey(message: string): string {
    return message.includes(DynamoDbSinkConfigKeys.ACCESS_KEY_ID)
      ? DynamoDbSinkConfigKeys.ACCESS_KEY_ID
      : DynamoDbSinkConfigKeys.PK_SORT;
  }
}
