/**
 * The task runner in a process of its own, for the local stack's `isolateTaskRunner` mode: the same
 * handler, configured from the same environment variables as on Lambda, behind its own Invoke endpoint.
 * Killing this process kills every slice it runs, as a Lambda crash or timeout would.
 */
import { createTaskRunnerHandler } from '../functions/task-runner/handler.js';
import { createRuntime } from '../lib/runtime/compose.js';
import { runtimeConfigFromEnv } from '../lib/runtime/runtime-config.js';
import { createIamEnforcer, LOCAL_IAM_ENV, LocalFunction, localNames, reportIamStats } from './iam/index.js';
import { startInvokeEndpoint } from './lambda/index.js';
import { createLocalLogger } from './logging.js';
import { loadChildPlugins } from './plugins.js';

const log = createLocalLogger({ component: 'task-runner-process', level: 'warn' });
const config = runtimeConfigFromEnv();
// The parent stack's IAM enforcement, applied to this process's clients as the task runner's.
const iam =
  process.env[LOCAL_IAM_ENV] === 'on'
    ? await createIamEnforcer(
        localNames(config.tables, {
          taskRunner: config.taskRunnerFunction,
          scheduler: config.schedulerFunction,
          restApi: 'lambda-connect-rest-api',
          doorbell: config.doorbell?.functionName ?? 'lambda-connect-doorbell',
        }),
      )
    : null;
const plugins = await loadChildPlugins();
const runtime = createRuntime(
  config,
  {
    debug: (message, details) => log.debug(message, details),
    info: (message, details) => log.info(message, details),
    warn: (message, details) => log.warn(message, details),
    error: (message, details) => log.error(message, details),
  },
  { plugins: plugins.loaded, ...(iam === null ? {} : { instrumentClient: iam.instrument }) },
);
const endpoint = await startInvokeEndpoint({ logger: log });
const handler = createTaskRunnerHandler(runtime);
endpoint.registerFunction(
  config.taskRunnerFunction,
  iam === null ? handler : (event, context) => iam.runAs(LocalFunction.TASK_RUNNER, () => handler(event, context)),
  { timeoutMs: Number(process.env['LC_TASK_TIMEOUT_MS'] ?? '60000') },
);
process.stdout.write(`READY ${endpoint.url}\n`);

process.on('SIGTERM', () => {
  if (iam !== null && iam.stats.denied > 0) log.warn(iam.summary());
  // The task runner's own checks join the run's IAM report (a SIGKILLed process's counts are lost with it).
  void endpoint
    .close({ drainTimeoutMs: 5_000 })
    .then(() => runtime.close())
    .then(() => (iam === null ? undefined : reportIamStats(iam)))
    .catch(() => undefined)
    .then(() => process.exit(0));
});
