/** moto in server mode for tests: S3, DynamoDB and the other services it emulates, on one endpoint. */
export { startMotoServer, DEFAULT_MOTO_SERVER, type MotoServer, type MotoServerOptions } from './server.js';
