/**
 * `@lambda-connect/s3`: an S3 sink compatible with Confluent's (`io.confluent.connect.s3.S3SinkConnector`).
 * See the README for its settings and every difference from Confluent's.
 */
import { definePlugin } from 'lambda-connect/api';
import { S3SinkConnector } from './s3-sink-connector.js';
import { S3_PLUGIN_VERSION } from './version.js';

export { S3SinkConnector } from './s3-sink-connector.js';
export { S3SinkTask } from './s3-sink-task.js';
export { MemoryObjectStore, S3ObjectStore, type ObjectStore } from './object-store.js';
export { parseS3SinkConfig, s3SinkConfigDef, type S3SinkConfig } from './s3-sink-config.js';

export default definePlugin({
  name: '@lambda-connect/s3',
  version: S3_PLUGIN_VERSION,
  sinkConnectors: [S3SinkConnector],
});
