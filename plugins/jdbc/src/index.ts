/**
 * `@lambda-connect/jdbc`: Confluent's JDBC connectors for PostgreSQL (RDS, Aurora PostgreSQL, RDS Proxy).
 * See the README for the configuration, the type mapping and every difference from Confluent's.
 */
import { definePlugin } from 'lambda-connect/api';
import { JdbcSinkConnector } from './sink/index.js';
import { JdbcSourceConnector } from './source/index.js';
import { JDBC_PLUGIN_VERSION } from './version.js';

export default definePlugin({
  name: '@lambda-connect/jdbc',
  version: JDBC_PLUGIN_VERSION,
  sinkConnectors: [JdbcSinkConnector],
  sourceConnectors: [JdbcSourceConnector],
});
