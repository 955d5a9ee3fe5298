/** The JDBC source for PostgreSQL: Confluent's `JdbcSourceConnector` and its task. */
export { JdbcSourceConnector } from './jdbc-source-connector.js';
export { JdbcSourceTask } from './jdbc-source-task.js';
export { jdbcSourceConfigDef, SourceKeys, Mode, NumericMapping } from './jdbc-source-config-def.js';
