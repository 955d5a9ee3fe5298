/**
 * moto's server as a second DynamoDB-compatible backend for fidelity checks: an independent
 * implementation (Python), so the DynamoDB adapters' contract suite can run against something other than
 * dynalite. DynamoDB Local (Maven Central) is not usable here (vendor licence). Not part of any default
 * run. The launcher itself is the service-neutral {@link startMotoServer} (local/moto).
 */
import { DEFAULT_MOTO_SERVER, startMotoServer, type MotoServer, type MotoServerOptions } from '../moto/server.js';

export { DEFAULT_MOTO_SERVER };

export type MotoDynamoOptions = MotoServerOptions;

/** A running moto server used for DynamoDB; `close()` stops it by PID (SIGTERM, then SIGKILL after 5 s). */
export type MotoDynamo = Omit<MotoServer, 'reset'>;

/** Spawns `moto_server` and resolves once it answers HTTP requests. */
export async function startMotoDynamo(options: MotoDynamoOptions = {}): Promise<MotoDynamo> {
  const server = await startMotoServer(options);
  return { endpoint: server.endpoint, port: server.port, pid: server.pid, close: () => server.close() };
}
