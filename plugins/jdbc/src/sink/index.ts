export { JdbcSinkConnector } from './jdbc-sink-connector.js';
export { JdbcSinkTask } from './jdbc-sink-task.js';
export { JdbcSinkConfig, jdbcSinkConfigDef, InsertMode, PrimaryKeyMode } from './jdbc-sink-config.js';
