/**
 * `@lambda-connect/dynamodb`: the DynamoDB sink, compatible with Confluent's
 * `io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector` configs. See README.md.
 */
import { definePlugin } from 'lambda-connect/api';
import { DynamoDbSinkConnector } from './dynamodb-sink-connector.js';
import { DYNAMODB_PLUGIN_VERSION } from './version.js';

export { DynamoDbSinkConnector } from './dynamodb-sink-connector.js';
export { DynamoDbSinkTask, type DynamoDbSinkStats } from './dynamodb-sink-task.js';
export {
  DynamoDbSinkConfigKeys,
  dynamoDbSinkConfigDef,
  parseDynamoDbSinkConfig,
  type DynamoDbSinkConfig,
} from './dynamodb-sink-config.js';
export type { TableClient, KeySchema, Item } from './table-client.js';

export default definePlugin({
  name: '@lambda-connect/dynamodb',
  version: DYNAMODB_PLUGIN_VERSION,
  sinkConnectors: [DynamoDbSinkConnector],
});
