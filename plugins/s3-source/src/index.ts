/**
 * `@lambda-connect/s3-source`: Confluent's S3 source connector (backup and restore mode) as a
 * lambda-connect plugin. The default export is the plugin manifest; the named exports are for tests and
 * for users who compose their own plugins.
 */
import { definePlugin } from 'lambda-connect/api';
import { S3SourceConnector } from './s3-source-connector.js';
import { PLUGIN_VERSION } from './version.js';

export { S3SourceConnector } from './s3-source-connector.js';
export { S3SourceTask } from './s3-source-task.js';
export {
  S3SourceKeys,
  Formats,
  DEFAULT_PARTITIONER,
  s3SourceConfigDef,
  parseS3SourceConfig,
  type S3SourceConfig,
} from './s3-source-config.js';
export type { Bucket, Listing } from './bucket.js';
export { MemoryBucket } from './memory-bucket.js';
export { S3Bucket } from './s3-bucket.js';
export { PLUGIN_VERSION } from './version.js';

export default definePlugin({
  name: '@lambda-connect/s3-source',
  version: PLUGIN_VERSION,
  sourceConnectors: [S3SourceConnector],
});
