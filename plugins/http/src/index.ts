/**
 * `@lambda-connect/http`: the HTTP sink connector as a lambda-connect plugin package.
 */
import { definePlugin } from 'lambda-connect/api';
import { HttpSinkConnector } from './http-sink-connector.js';
import { PLUGIN_VERSION } from './plugin-version.js';

export { HttpSinkConnector } from './http-sink-connector.js';
export { HttpSinkTask } from './http-sink-task.js';
export { HttpSinkConfig } from './http-sink-config.js';
export { httpSinkConfigDef, HttpSinkKeys } from './http-sink-config-def.js';
export { HttpResponseError } from './errors.js';

export default definePlugin({
  name: '@lambda-connect/http',
  version: PLUGIN_VERSION,
  sinkConnectors: [HttpSinkConnector],
});
