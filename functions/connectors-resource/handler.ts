/**
 * Lambda entry point of the connectors-as-code custom resource (`KafkaConnector`). It runs the herder
 * the REST API runs, built by the same composition root.
 */
import { createRuntime } from '../../lib/runtime/compose.js';
import { createLogger } from '../../lib/runtime/logger.js';
import { runtimeConfigFromEnv } from '../../lib/runtime/runtime-config.js';
import { makeHandler, type ConnectorsHerder } from './connectors-resource.js';

const { log } = createLogger('connectors-resource');
let herder: ConnectorsHerder | undefined;

export const handler = makeHandler({
  herder: () => (herder ??= createRuntime(runtimeConfigFromEnv(), log).herder()),
  log,
});
