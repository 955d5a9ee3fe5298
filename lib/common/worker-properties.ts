/**
 * The worker properties a deployment starts from (Connect's distributed worker defaults for the
 * converters): the herder documents them in `/config/validate`, the worker configures tasks with them.
 */
export const DEFAULT_WORKER_PROPERTIES: Readonly<Record<string, string>> = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'header.converter': 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
};
