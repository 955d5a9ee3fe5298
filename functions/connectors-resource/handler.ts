/**
 * Lambda entry point of the connectors-as-code custom resource (`KafkaConnector`). It runs the herder
 * the REST API runs, built by the same composition root.
 */
import { createRuntimeFromEnv } from '../../lib/runtime/compose.js';
import { createLogger } from '../../lib/runtime/logger.js';
import { makeHandler, type ConnectorsHerder } from './connectors-resource.js';

const { log } = createLogger('connectors-resource');
let herder: Promise<ConnectorsHerder> | undefined;

export const handler = makeHandler({
  herder: () => (herder ??= createRuntimeFromEnv(log).then((runtime) => runtime.herder())),
  log,
});
