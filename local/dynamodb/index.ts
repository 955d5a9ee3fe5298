/** DynamoDB for the local stack and tests: embedded dynalite, moto for fidelity, table creation. */
export { startEmbeddedDynamo, type EmbeddedDynamo, type EmbeddedDynamoOptions } from './embedded.js';
export { EmbeddedDynamoPlacement, startEmbeddedDynamoProcess, type EmbeddedDynamoProcess } from './embedded-process.js';
export { createTables, deleteTables, type TableWaitOptions } from './create-tables.js';
export { createLocalDynamoClient, LOCAL_CREDENTIALS } from './local-client.js';
export { startMotoDynamo, DEFAULT_MOTO_SERVER, type MotoDynamo, type MotoDynamoOptions } from './moto.js';
