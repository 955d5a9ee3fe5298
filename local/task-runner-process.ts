/**
 * The task runner in a process of its own, for the local stack's `isolateTaskRunner` mode: the same
 * handler, configured from the same environment variables as on Lambda, behind its own Invoke endpoint.
 * Killing this process kills every slice it runs, as a Lambda crash or timeout would.
 */
import { createTaskRunnerHandler } from '../functions/task-runner/handler.js';
import { createRuntime } from '../lib/runtime/compose.js';
import { runtimeConfigFromEnv } from '../lib/runtime/runtime-config.js';
import { startInvokeEndpoint } from './lambda/index.js';
import { createLocalLogger } from './logging.js';

const log = createLocalLogger({ component: 'task-runner-process', level: 'warn' });
const config = runtimeConfigFromEnv();
const runtime = createRuntime(config, {
  debug: (message, details) => log.debug(message, details),
  info: (message, details) => log.info(message, details),
  warn: (message, details) => log.warn(message, details),
  error: (message, details) => log.error(message, details),
});
const endpoint = await startInvokeEndpoint({ logger: log });
endpoint.registerFunction(config.taskRunnerFunction, createTaskRunnerHandler(runtime), { timeoutMs: Number(process.env['LC_TASK_TIMEOUT_MS'] ?? '60000') });
process.stdout.write(`READY ${endpoint.url}\n`);

process.on('SIGTERM', () => {
  void endpoint.close({ drainTimeoutMs: 5_000 }).then(() => runtime.close()).then(() => process.exit(0));
});
