/**
 * The S3 source's settings: Confluent's key names and defaults (`io.confluent.connect.s3.source.S3SourceConnector`,
 * backup and restore mode), declared once as a ConfigDef and parsed once into {@link S3SourceConfig}, which
 * the connector and its tasks read.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators } from 'lambda-connect/api';

export const S3SourceKeys = {
  BUCKET: 's3.bucket.name',
  REGION: 's3.region',
  STORE_URL: 'store.url',
  PATH_STYLE: 's3.path.style.access.enabled',
  ACCESS_KEY_ID: 'aws.access.key.id',
  SECRET_ACCESS_KEY: 'aws.secret.access.key',
  TOPICS_DIR: 'topics.dir',
  DIRECTORY_DELIM: 'directory.delim',
  FORMAT_CLASS: 'format.class',
  PARTITIONER_CLASS: 'partitioner.class',
  BYTEARRAY_EXTENSION: 'format.bytearray.extension',
  BYTEARRAY_SEPARATOR: 'format.bytearray.separator',
  STORE_KEYS: 'store.kafka.keys',
  STORE_HEADERS: 'store.kafka.headers',
  POLL_INTERVAL_MS: 's3.poll.interval.ms',
  BATCH_MAX_SIZE: 'record.batch.max.size',
} as const;

/** Set by the connector on each task config: which share of the folders the task reads. */
export const TaskKeys = {
  INDEX: 's3.source.task.index',
  COUNT: 's3.source.task.count',
} as const;

export const Formats = {
  JSON: 'io.confluent.connect.s3.format.json.JsonFormat',
  BYTE_ARRAY: 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
  AVRO: 'io.confluent.connect.s3.format.avro.AvroFormat',
  PARQUET: 'io.confluent.connect.s3.format.parquet.ParquetFormat',
} as const;
export type Format = (typeof Formats)[keyof typeof Formats];

export const DEFAULT_PARTITIONER = 'io.confluent.connect.storage.partitioner.DefaultPartitioner';

function formatValidator(name: string, value: unknown): void {
  const text = String(value);
  if ((Object.values(Formats) as string[]).includes(text)) return;
  throw ConfigError.invalidValue(
    name,
    value,
    `Expected one of ${Formats.PARQUET}, ${Formats.AVRO}, ${Formats.JSON}, ${Formats.BYTE_ARRAY}`,
  );
}

function partitionerValidator(name: string, value: unknown): void {
  if (value === DEFAULT_PARTITIONER) return;
  throw ConfigError.invalidValue(
    name,
    value,
    `Only ${DEFAULT_PARTITIONER} (folders <topics.dir>/<topic>/partition=<p>/) can be restored with the original partitions here`,
  );
}

export function s3SourceConfigDef(): ConfigDef {
  const group = 'S3';
  return new ConfigDef()
    .define({
      name: S3SourceKeys.BUCKET,
      type: ConfigType.STRING,
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      group,
      documentation: 'The S3 Bucket.',
    })
    .define({
      name: S3SourceKeys.REGION,
      type: ConfigType.STRING,
      defaultValue: 'us-west-2',
      validator: Validators.nonEmptyString(),
      importance: Importance.MEDIUM,
      group,
      documentation: 'The AWS region of the bucket.',
    })
    .define({
      name: S3SourceKeys.STORE_URL,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.HIGH,
      group,
      documentation:
        "The store's connection URL for an S3-compatible endpoint (e.g. http://localhost:9000); unset for AWS S3.",
    })
    .define({
      name: S3SourceKeys.PATH_STYLE,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      group,
      documentation:
        'Path-style requests (http://host/bucket/key) when store.url is set; most S3-compatible servers need them.',
    })
    .define({
      name: S3SourceKeys.ACCESS_KEY_ID,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.MEDIUM,
      group,
      documentation: "An access key ID; unset to use the function role's credentials (the default chain).",
    })
    .define({
      name: S3SourceKeys.SECRET_ACCESS_KEY,
      type: ConfigType.PASSWORD,
      defaultValue: null,
      importance: Importance.MEDIUM,
      group,
      documentation:
        'The secret access key, given by reference (${secretsmanager:...}); unset to use the default chain.',
    })
    .define({
      name: S3SourceKeys.TOPICS_DIR,
      type: ConfigType.STRING,
      defaultValue: 'topics',
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      group: 'Storage',
      documentation: 'Top level directory the S3 sink wrote under.',
    })
    .define({
      name: S3SourceKeys.DIRECTORY_DELIM,
      type: ConfigType.STRING,
      defaultValue: '/',
      validator: Validators.nonEmptyString(),
      importance: Importance.MEDIUM,
      group: 'Storage',
      documentation: 'Directory delimiter pattern.',
    })
    .define({
      name: S3SourceKeys.FORMAT_CLASS,
      type: ConfigType.CLASS,
      validator: formatValidator,
      importance: Importance.HIGH,
      group: 'Storage',
      documentation:
        'The format the S3 sink wrote: JsonFormat, ByteArrayFormat (gzip objects, .gz, are read too), AvroFormat or ParquetFormat.',
    })
    .define({
      name: S3SourceKeys.PARTITIONER_CLASS,
      type: ConfigType.CLASS,
      defaultValue: DEFAULT_PARTITIONER,
      validator: partitionerValidator,
      importance: Importance.HIGH,
      group: 'Partitioner',
      documentation: 'The partitioner the S3 sink used.',
    })
    .define({
      name: S3SourceKeys.BYTEARRAY_EXTENSION,
      type: ConfigType.STRING,
      defaultValue: '.bin',
      validator: Validators.nonEmptyString(),
      importance: Importance.LOW,
      group: 'Storage',
      documentation: 'The extension of ByteArrayFormat objects.',
    })
    .define({
      name: S3SourceKeys.BYTEARRAY_SEPARATOR,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.LOW,
      group: 'Storage',
      documentation: 'The separator between ByteArrayFormat records; default a newline.',
    })
    .define({
      name: S3SourceKeys.STORE_KEYS,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      group: 'Storage',
      documentation:
        'true: every object must have its keys object (<name>.keys.<ext>) and waits for it; false: keys are restored when a keys object is present.',
    })
    .define({
      name: S3SourceKeys.STORE_HEADERS,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      group: 'Storage',
      documentation:
        'true: every object must have its headers object (<name>.headers.json) and waits for it; false: headers are restored when present.',
    })
    .define({
      name: S3SourceKeys.POLL_INTERVAL_MS,
      type: ConfigType.LONG,
      defaultValue: 60_000,
      validator: Validators.atLeast(0),
      importance: Importance.MEDIUM,
      group: 'Connector',
      documentation: 'How often a task lists the bucket again for new objects once it has read everything.',
    })
    .define({
      name: S3SourceKeys.BATCH_MAX_SIZE,
      type: ConfigType.INT,
      defaultValue: 200,
      validator: Validators.atLeast(1),
      importance: Importance.MEDIUM,
      group: 'Connector',
      documentation: 'The most records one poll returns.',
    });
}

/** The parsed, typed settings. */
export interface S3SourceConfig {
  readonly bucket: string;
  readonly region: string;
  readonly storeUrl: string | null;
  readonly pathStyle: boolean;
  readonly accessKeyId: string | null;
  readonly secretAccessKey: string | null;
  readonly topicsDir: string;
  readonly delimiter: string;
  readonly format: Format;
  readonly byteArrayExtension: string;
  readonly byteArraySeparator: string;
  readonly requireKeys: boolean;
  readonly requireHeaders: boolean;
  readonly pollIntervalMs: number;
  readonly batchMaxSize: number;
}

/** Parses and checks a connector or task config; throws `ConfigError` naming the key. */
export function parseS3SourceConfig(props: Readonly<Record<string, string>>): S3SourceConfig {
  const parsed = s3SourceConfigDef().parse(props);
  const get = <T>(key: string): T => parsed.get(key) as T;
  const storeUrl = get<string | null>(S3SourceKeys.STORE_URL);
  const accessKeyId = get<string | null>(S3SourceKeys.ACCESS_KEY_ID);
  const secret = get<string | null>(S3SourceKeys.SECRET_ACCESS_KEY);
  if ((accessKeyId === null || accessKeyId === '') !== (secret === null || secret === '')) {
    throw new ConfigError(
      `Set both ${S3SourceKeys.ACCESS_KEY_ID} and ${S3SourceKeys.SECRET_ACCESS_KEY}, or neither to use the default credentials chain`,
    );
  }
  const topicsDir = get<string>(S3SourceKeys.TOPICS_DIR);
  const delimiter = get<string>(S3SourceKeys.DIRECTORY_DELIM);
  return {
    bucket: get(S3SourceKeys.BUCKET),
    region: get(S3SourceKeys.REGION),
    storeUrl: storeUrl === '' ? null : storeUrl,
    pathStyle: get(S3SourceKeys.PATH_STYLE),
    accessKeyId: accessKeyId === '' ? null : accessKeyId,
    secretAccessKey: secret === '' ? null : secret,
    // The sink joins topics.dir and the topic with the delimiter: a trailing one would double it.
    topicsDir: topicsDir.endsWith(delimiter) ? topicsDir.slice(0, -delimiter.length) : topicsDir,
    delimiter,
    format: get(S3SourceKeys.FORMAT_CLASS),
    byteArrayExtension: get(S3SourceKeys.BYTEARRAY_EXTENSION),
    byteArraySeparator: get<string | null>(S3SourceKeys.BYTEARRAY_SEPARATOR) ?? '\n',
    requireKeys: get(S3SourceKeys.STORE_KEYS),
    requireHeaders: get(S3SourceKeys.STORE_HEADERS),
    pollIntervalMs: get(S3SourceKeys.POLL_INTERVAL_MS),
    batchMaxSize: get(S3SourceKeys.BATCH_MAX_SIZE),
  };
}

/** The task's share: task `index` of `count` (the connector sets both). */
export function parseTaskShare(props: Readonly<Record<string, string>>): {
  readonly index: number;
  readonly count: number;
} {
  const count = Number(props[TaskKeys.COUNT] ?? '1');
  const index = Number(props[TaskKeys.INDEX] ?? '0');
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new ConfigError(
      `Invalid task share ${TaskKeys.INDEX}=${props[TaskKeys.INDEX]} of ${TaskKeys.COUNT}=${props[TaskKeys.COUNT]}`,
    );
  }
  return { index, count };
}
