/**
 * `@lambda-connect/datagen`: a Datagen source connector for lambda-connect, configured as Confluent's
 * kafka-connect-datagen. The default export is the plugin manifest the worker registers.
 */
import { definePlugin } from 'lambda-connect/api';
import { DatagenConnector } from './datagen-connector.js';
import { DATAGEN_VERSION } from './version.js';

export { DatagenConnector } from './datagen-connector.js';
export { DatagenTask } from './datagen-task.js';
export { DatagenKeys, parseDatagenConfig, type DatagenConfig } from './datagen-config.js';
export { QUICKSTARTS } from './quickstarts.js';

export default definePlugin({
  name: '@lambda-connect/datagen',
  version: DATAGEN_VERSION,
  sourceConnectors: [DatagenConnector],
});
