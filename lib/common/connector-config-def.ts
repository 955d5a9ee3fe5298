/**
 * The framework's own connector configuration keys (Connect's ConnectorConfig, SinkConnectorConfig and
 * SourceConnectorConfig), declared once and used for validation and `/connector-plugins/{p}/config`.
 * Names, types, defaults, groups, orders, documentation and validator messages are what a Connect
 * 4.3.1 worker answers (the differential suite compares them), so UIs and tools render the same forms.
 */
import { ConfigDef, ConfigType, Importance, Validators, Width, type Validator } from '../api/config-def.js';
import { ConfigError } from '../api/errors.js';
import { compileJavaRegex } from './java-regex.js';
import { defineLatencyKeys } from './latency-mode.js';
import { defineSliceKeys } from './slice-config-def.js';

const COMMON = 'Common';
const TRANSFORMS = 'Transforms';
const PREDICATES = 'Predicates';
const ERRORS = 'Error Handling';

export const ConnectorConfigKeys = {
  NAME: 'name',
  CONNECTOR_CLASS: 'connector.class',
  TASKS_MAX: 'tasks.max',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  TASKS_MAX_ENFORCE: 'tasks.max.enforce',
  TRANSFORMS: 'transforms',
  PREDICATES: 'predicates',
  ERRORS_RETRY_TIMEOUT: 'errors.retry.timeout',
  ERRORS_RETRY_DELAY_MAX_MS: 'errors.retry.delay.max.ms',
  ERRORS_TOLERANCE: 'errors.tolerance',
  ERRORS_LOG_ENABLE: 'errors.log.enable',
  ERRORS_LOG_INCLUDE_MESSAGES: 'errors.log.include.messages',
  TOPICS: 'topics',
  TOPICS_REGEX: 'topics.regex',
  DLQ_TOPIC: 'errors.deadletterqueue.topic.name',
  DLQ_REPLICATION_FACTOR: 'errors.deadletterqueue.topic.replication.factor',
  DLQ_CONTEXT_HEADERS_ENABLE: 'errors.deadletterqueue.context.headers.enable',
  /** Connect's client override of the sink's consumer group (`consumer.override.` + `group.id`). */
  CONSUMER_GROUP_ID_OVERRIDE: 'consumer.override.group.id',
} as const;

/** What the definitions depend on: the connector's version and, when validating, the worker's converters. */
export interface ConnectorDefOptions {
  /** Default of `connector.plugin.version`: the version of the plugin being configured. */
  readonly pluginVersion?: string | null;
  /** Worker defaults for `key.converter`, `value.converter`, `header.converter` and their versions (validation only). */
  readonly converterDefaults?: Readonly<
    Partial<Record<ConverterKey, { readonly className: string; readonly version: string | null }>>
  >;
}

export type ConverterKey = 'key.converter' | 'value.converter' | 'header.converter';

const CONVERTER_DOC = (what: string): string =>
  `Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the ${what} in messages written to or read from Kafka, and since this is independent of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro.`;
const HEADER_CONVERTER_DOC =
  'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. This controls the format of the header values in messages written to or read from Kafka, and since this is independent of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro. By default, the SimpleHeaderConverter is used to serialize header values to strings and deserialize them by inferring the schemas.';

/** Java's `List.toString()` in the message, as Connect's alias validator words it. */
export function uniqueAliases(): Validator {
  return (name, value) => {
    if (Array.isArray(value) && new Set(value).size !== value.length)
      throw ConfigError.invalidValue(name, `[${value.join(', ')}]`, 'Duplicate alias provided.');
  };
}

/** `Range.atLeast` that, like Connect's optional keys, lets an unset (null) value through. */
function atLeastOrNull(min: number): Validator {
  const atLeast = Validators.atLeast(min);
  return (name, value) => {
    if (value !== null) atLeast(name, value);
  };
}

/** `NonEmptyString`: null passes, an empty string does not. */
function nonEmptyOrNull(): Validator {
  return (name, value) => {
    if (value === '') throw ConfigError.invalidValue(name, '', 'String must be non-empty');
  };
}

/** A topic regex must compile on the linear-time engine the scheduler matches it with (decision 0008). */
function validRegex(): Validator {
  return (name, value) => {
    if (typeof value !== 'string' || value === '') return;
    try {
      compileJavaRegex(value);
    } catch (error) {
      throw ConfigError.invalidValue(
        name,
        value,
        `Invalid regex: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function commonDef(options: ConnectorDefOptions): ConfigDef {
  const converters = options.converterDefaults ?? {};
  const converterDefault = (key: ConverterKey): string | null => converters[key]?.className ?? null;
  const converterVersion = (key: ConverterKey): string | null => converters[key]?.version ?? null;
  let order = 0;
  const def = new ConfigDef()
    .define({
      name: 'name',
      type: ConfigType.STRING,
      validator: Validators.nonEmptyStringWithoutControlChars(),
      importance: Importance.HIGH,
      documentation: 'Globally unique name to use for this connector.',
      group: COMMON,
      orderInGroup: ++order,
      width: Width.MEDIUM,
      displayName: 'Connector name',
    })
    .define({
      name: 'connector.class',
      type: ConfigType.STRING,
      importance: Importance.HIGH,
      documentation:
        'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name,  or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter',
      group: COMMON,
      orderInGroup: ++order,
      width: Width.LONG,
      displayName: 'Connector class',
    })
    .define({
      name: 'connector.plugin.version',
      type: ConfigType.STRING,
      defaultValue: options.pluginVersion ?? null,
      importance: Importance.MEDIUM,
      documentation: 'Version of the connector.',
      group: COMMON,
      orderInGroup: ++order,
      width: Width.MEDIUM,
      displayName: 'Connector version',
    })
    .define({
      name: 'tasks.max',
      type: ConfigType.INT,
      defaultValue: 1,
      validator: Validators.atLeast(1),
      importance: Importance.HIGH,
      documentation: 'Maximum number of tasks to use for this connector.',
      group: COMMON,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Tasks max',
    })
    .define({
      name: 'tasks.max.enforce',
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        '(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. By default, connectors that generate too many tasks will fail, and existing sets of tasks that exceed the tasks.max property will also be failed. If this property is set to false, then connectors will be allowed to generate more than the maximum number of tasks, and existing sets of tasks that exceed the tasks.max property will be allowed to run. This property is deprecated and will be removed in an upcoming major release.',
      group: COMMON,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Enforce tasks max',
    });
  for (const [key, what, label] of [
    ['key.converter', 'keys', 'Key'],
    ['value.converter', 'values', 'Value'],
    ['header.converter', 'header values', 'Header'],
  ] as const) {
    def.define({
      name: key,
      type: ConfigType.CLASS,
      defaultValue: converterDefault(key),
      importance: Importance.LOW,
      documentation: key === 'header.converter' ? HEADER_CONVERTER_DOC : CONVERTER_DOC(what),
      group: COMMON,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: `${label} converter class`,
    });
    def.define({
      name: `${key}.plugin.version`,
      type: ConfigType.STRING,
      defaultValue: converterVersion(key),
      importance: Importance.LOW,
      documentation: `Version of the ${label.toLowerCase()} converter.`,
      group: COMMON,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: `${label} converter version`,
    });
  }
  def
    .define({
      name: 'transforms',
      type: ConfigType.LIST,
      defaultValue: '',
      validator: uniqueAliases(),
      importance: Importance.LOW,
      documentation: 'Aliases for the transformations to be applied to records.',
      group: TRANSFORMS,
      orderInGroup: ++order,
      width: Width.LONG,
      displayName: 'Transforms',
    })
    .define({
      name: 'predicates',
      type: ConfigType.LIST,
      defaultValue: '',
      validator: uniqueAliases(),
      importance: Importance.LOW,
      documentation: 'Aliases for the predicates used by transformations.',
      group: PREDICATES,
      orderInGroup: ++order,
      width: Width.LONG,
      displayName: 'Predicates',
    })
    .define({
      name: 'config.action.reload',
      type: ConfigType.STRING,
      defaultValue: 'restart',
      validator: Validators.in(['none', 'restart']),
      importance: Importance.LOW,
      documentation:
        "The action that Connect should take on the connector when changes in external configuration providers result in a change in the connector's configuration properties. A value of 'none' indicates that Connect will do nothing. A value of 'restart' indicates that Connect should restart/reload the connector with the updated configuration properties.The restart may actually be scheduled in the future if the external configuration provider indicates that a configuration value will expire in the future.",
      group: COMMON,
      orderInGroup: ++order,
      width: Width.MEDIUM,
      displayName: 'Reload Action',
    });
  order = 0;
  def
    .define({
      name: 'errors.retry.timeout',
      type: ConfigType.LONG,
      defaultValue: 0,
      importance: Importance.MEDIUM,
      documentation:
        'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.',
      group: ERRORS,
      orderInGroup: ++order,
      width: Width.MEDIUM,
      displayName: 'Retry Timeout for Errors',
    })
    .define({
      name: 'errors.retry.delay.max.ms',
      type: ConfigType.LONG,
      defaultValue: 60000,
      importance: Importance.MEDIUM,
      documentation:
        'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.',
      group: ERRORS,
      orderInGroup: ++order,
      width: Width.MEDIUM,
      displayName: 'Maximum Delay Between Retries for Errors',
    })
    .define({
      name: 'errors.tolerance',
      type: ConfigType.STRING,
      defaultValue: 'none',
      validator: Validators.in(['none', 'all']),
      importance: Importance.MEDIUM,
      documentation:
        "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
      group: ERRORS,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Error Tolerance',
    })
    .define({
      name: 'errors.log.enable',
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.MEDIUM,
      documentation:
        "If true, write each error and the details of the failed operation and problematic record to the Connect application log. This is 'false' by default, so that only errors that are not tolerated are reported.",
      group: ERRORS,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Log Errors',
    })
    .define({
      name: 'errors.log.include.messages',
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.MEDIUM,
      documentation:
        "Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, partition, offset, and timestamp will be logged. For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logged. This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.",
      group: ERRORS,
      orderInGroup: ++order,
      width: Width.SHORT,
      displayName: 'Log Error Details',
    });
  return defineLatencyKeys(defineSliceKeys(def));
}

/**
 * The keys every connector has, without the sink or source ones: what Connect validates a config against
 * when the connector version it selects is not installed (KIP-891).
 */
export function connectorConfigDef(options: ConnectorDefOptions = {}): ConfigDef {
  return commonDef(options);
}

/** Framework keys of sink connectors. */
export function sinkConnectorConfigDef(options: ConnectorDefOptions = {}): ConfigDef {
  return commonDef(options)
    .define({
      name: 'topics',
      type: ConfigType.LIST,
      defaultValue: '',
      importance: Importance.HIGH,
      documentation: 'List of topics to consume, separated by commas',
      group: COMMON,
      orderInGroup: 4,
      width: Width.LONG,
      displayName: 'Topics',
    })
    .define({
      name: 'topics.regex',
      type: ConfigType.STRING,
      defaultValue: '',
      validator: validRegex(),
      importance: Importance.HIGH,
      documentation:
        'Regular expression giving topics to consume. Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. Only one of topics or topics.regex should be specified.',
      group: COMMON,
      orderInGroup: 4,
      width: Width.LONG,
      displayName: 'Topics regex',
    })
    .define({
      name: 'errors.deadletterqueue.topic.name',
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation:
        'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, which means that no messages are to be recorded in the DLQ.',
      group: ERRORS,
      orderInGroup: 6,
      width: Width.MEDIUM,
      displayName: 'Dead Letter Queue Topic Name',
    })
    .define({
      name: 'errors.deadletterqueue.topic.replication.factor',
      type: ConfigType.SHORT,
      defaultValue: 3,
      importance: Importance.MEDIUM,
      documentation: "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
      group: ERRORS,
      orderInGroup: 7,
      width: Width.MEDIUM,
      displayName: 'Dead Letter Queue Topic Replication Factor',
    })
    .define({
      name: 'errors.deadletterqueue.context.headers.enable',
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.MEDIUM,
      documentation:
        'If true, add headers containing error context to the messages written to the dead letter queue. To avoid clashing with headers from the original record, all error context header keys, all error context header keys will start with <code>__connect.errors.</code>',
      group: ERRORS,
      orderInGroup: 8,
      width: Width.MEDIUM,
      displayName: 'Enable Error Context Headers',
    });
}

/** Framework keys of source connectors. */
export function sourceConnectorConfigDef(options: ConnectorDefOptions = {}): ConfigDef {
  const EOS = 'Exactly Once Support';
  return commonDef(options)
    .define({
      name: 'topic.creation.groups',
      type: ConfigType.LIST,
      defaultValue: '',
      importance: Importance.LOW,
      documentation: 'Groups of configurations for topics created by source connectors',
      group: 'Topic Creation',
      orderInGroup: 1,
      width: Width.LONG,
      displayName: 'Topic Creation Groups',
    })
    .define({
      name: 'exactly.once.support',
      type: ConfigType.STRING,
      defaultValue: 'requested',
      validator: Validators.in(['REQUIRED', 'REQUESTED'], true),
      importance: Importance.MEDIUM,
      documentation:
        'Permitted values are requested, required. If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics with the given configuration. Some connectors may be capable of providing exactly-once semantics but not signal to Connect that they support this; in that case, documentation for the connector should be consulted carefully before creating it, and the value for this property should be set to "requested". Additionally, if the value is set to "required" but the worker that performs preflight validation does not have exactly-once support enabled for source connectors, requests to create or validate the connector will fail.',
      group: EOS,
      orderInGroup: 2,
      width: Width.SHORT,
      displayName: 'Exactly once support',
    })
    .define({
      name: 'transaction.boundary',
      type: ConfigType.STRING,
      defaultValue: 'poll',
      validator: Validators.in(['INTERVAL', 'POLL', 'CONNECTOR'], true),
      importance: Importance.MEDIUM,
      documentation:
        "Permitted values are: poll, interval, connector. If set to 'poll', a new producer transaction will be started and committed for every batch of records that each task from this connector provides to Connect. If set to 'connector', relies on connector-defined transaction boundaries; note that not all connectors are capable of defining their own transaction boundaries, and in that case, attempts to instantiate a connector with this value will fail. Finally, if set to 'interval', commits transactions only after a user-defined time interval has passed.",
      group: EOS,
      orderInGroup: 3,
      width: Width.SHORT,
      displayName: 'Transaction Boundary',
    })
    .define({
      name: 'transaction.boundary.interval.ms',
      type: ConfigType.LONG,
      defaultValue: null,
      validator: atLeastOrNull(0),
      importance: Importance.LOW,
      documentation:
        "If 'transaction.boundary' is set to 'interval', determines the interval for producer transaction commits by connector tasks. If unset, defaults to the value of the worker-level 'offset.flush.interval.ms' property. It has no effect if a different transaction.boundary is specified.",
      group: EOS,
      orderInGroup: 4,
      width: Width.SHORT,
      displayName: 'Transaction boundary interval',
    })
    .define({
      name: 'offsets.storage.topic',
      type: ConfigType.STRING,
      defaultValue: null,
      validator: nonEmptyOrNull(),
      importance: Importance.LOW,
      documentation:
        "The name of a separate offsets topic to use for this connector. If empty or not specified, the worker’s global offsets topic name will be used. If specified, the offsets topic will be created if it does not already exist on the Kafka cluster targeted by this connector (which may be different from the one used for the worker's global offsets topic if the bootstrap.servers property of the connector's producer has been overridden from the worker's). Only applicable in distributed mode; in standalone mode, setting this property will have no effect.",
      group: 'offsets.topic',
      orderInGroup: 1,
      width: Width.LONG,
      displayName: 'Offsets topic',
    });
}
