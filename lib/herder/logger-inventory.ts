/**
 * The loggers `GET /admin/loggers` lists besides root and those set through the API: the
 * `org.apache.kafka.connect…` names Connect users address, for the components lambda-connect has an
 * equivalent of, each with the part of ours it governs. Names are those a Connect 4.3.1 worker lists
 * (test/fixtures/connect-4.3.1-loggers.json, captured from one); plugin classes are listed by their own
 * class names, as Connect lists a plugin's logger once the class is loaded.
 */
import { SliceLogger } from '../common/logger-levels.js';
import type { PluginCatalog } from './plugin-catalog.js';

export { SliceLogger };

/** Connect's runtime logger → the lambda-connect component it governs. */
export const CONNECT_RUNTIME_LOGGERS: Readonly<Record<string, string>> = {
  [SliceLogger.SINK]: 'sink task slices (task-runner function)',
  [SliceLogger.SOURCE]: 'source task slices (task-runner function)',
  [SliceLogger.TASK]: 'the task slice life cycle: lease, status, continuation (task-runner function)',
  'org.apache.kafka.connect.runtime.AbstractWorkerSourceTask': 'source task slices (task-runner function)',
  'org.apache.kafka.connect.runtime.Worker': 'the task runner as a whole (task-runner function)',
  'org.apache.kafka.connect.runtime.WorkerConfig': 'worker properties (runtime configuration)',
  'org.apache.kafka.connect.runtime.AbstractHerder': 'the herder: configs, validation, statuses (rest-api function)',
  'org.apache.kafka.connect.runtime.distributed.DistributedHerder':
    'the herder and the scheduler (rest-api and scheduler functions)',
  'org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeAssignor': 'task assignment (scheduler function)',
  'org.apache.kafka.connect.runtime.Loggers': 'the logger levels (/admin/loggers)',
  'org.apache.kafka.connect.runtime.rest.RestServer': 'the REST API (rest-api function)',
  'org.apache.kafka.connect.runtime.rest.resources.ConnectorsResource': 'the /connectors resources (rest-api function)',
  'org.apache.kafka.connect.runtime.rest.resources.LoggingResource': 'the /admin/loggers resources (rest-api function)',
  'org.apache.kafka.connect.runtime.isolation.Plugins': 'the plugin registry',
  'org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator': 'record error handling, retries and tolerance',
  'org.apache.kafka.connect.runtime.errors.LogReporter': 'errors.log.enable reporting',
  'org.apache.kafka.connect.storage.KafkaConfigBackingStore': 'the config store (DynamoDB)',
  'org.apache.kafka.connect.storage.KafkaOffsetBackingStore': 'the offset store (DynamoDB)',
  'org.apache.kafka.connect.storage.KafkaStatusBackingStore': 'the status store (DynamoDB)',
  'org.apache.kafka.connect.util.TopicAdmin': 'topic creation (topic.creation.*, dead letter queue)',
  'org.apache.kafka.connect.runtime.TransformationChain': 'transform chains of both slice kinds',
  'org.apache.kafka.connect.runtime.WorkerConnector': 'connector instances: start, taskConfigs (scheduler function)',
  'org.apache.kafka.connect.storage.OffsetStorageWriter': 'source offset flushes',
  'org.apache.kafka.connect.runtime.rest.errors.ConnectExceptionMapper': 'errors to HTTP answers (rest-api function)',
  'org.apache.kafka.connect.file.FileStreamSinkTask': 'the FileStreamSink task',
  'org.apache.kafka.connect.file.FileStreamSourceTask': 'the FileStreamSource task',
};

/** Every inventory name: the runtime loggers and every registered plugin's class, sorted. */
export function loggerInventory(catalog?: Pick<PluginCatalog, 'list'>): string[] {
  const plugins = catalog?.list().map((p) => p.className) ?? [];
  return [...new Set([...Object.keys(CONNECT_RUNTIME_LOGGERS), ...plugins])].sort();
}
