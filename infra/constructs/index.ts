/** The public surface of the lambda-connect CDK constructs. */
export { LambdaConnect, physicalFunctionName } from './lambda-connect.js';
export {
  KafkaConnector,
  type KafkaConnectorProps,
  ConnectorResourceProperty,
  CONNECTOR_RESOURCE_TYPE,
} from './connector.js';
export {
  LambdaConnectMonitoring,
  type ConnectorAlarmOptions,
  type ConnectorAlarms,
  type OperationalAlarms,
} from './monitoring.js';
export { MetricDimension, MetricName, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/config/metrics.js';
export { KafkaRole, MSK_IAM_ACTIONS, mskResourceArns } from './kafka-access.js';
export { TableAccess, DYNAMODB_READ_ACTIONS, DYNAMODB_WRITE_ACTIONS } from './wiring.js';
export { S3_ACCESS_ACTIONS, S3_BUCKET_ACTIONS, S3_OBJECT_ACTIONS } from './s3-access.js';
export { DYNAMODB_SINK_ACTIONS, dynamoDbTableArn } from './data-access.js';
export { GLUE_SCHEMA_REGISTRY_ACTIONS, glueRegistryArns } from './glue-access.js';
export * from './props.js';
