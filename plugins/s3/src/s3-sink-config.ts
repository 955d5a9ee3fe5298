/**
 * The S3 sink's configuration, declared as data with Confluent's names and defaults
 * (`io.confluent.connect.s3.S3SinkConnectorConfig`), and parsed once into a typed {@link S3SinkConfig}
 * that the connector and task read.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators, type Validator } from 'lambda-connect/api';
import { AvroCodecName } from './avro-container.js';
import { PARQUET_CODECS, parquetCodecAvailable, type ParquetCodecName } from './parquet-format.js';
import { partitionerConfigDef, parsePartitionerConfig, type PartitionerConfig } from './partitioner-config.js';
import { SchemaCompatibility } from './schema-compatibility.js';

export const S3_BUCKET_CONFIG = 's3.bucket.name';
export const S3_REGION_CONFIG = 's3.region';
export const STORE_URL_CONFIG = 'store.url';
export const PATH_STYLE_CONFIG = 's3.path.style.access.enabled';
export const TOPICS_DIR_CONFIG = 'topics.dir';
export const FLUSH_SIZE_CONFIG = 'flush.size';
export const ROTATE_INTERVAL_CONFIG = 'rotate.interval.ms';
export const ROTATE_SCHEDULE_INTERVAL_CONFIG = 'rotate.schedule.interval.ms';
export const ROTATE_ON_PARTITION_CHANGE_CONFIG = 'rotate.file.on.partition.change';
export const FORMAT_CLASS_CONFIG = 'format.class';
export const COMPRESSION_TYPE_CONFIG = 's3.compression.type';
export const COMPRESSION_LEVEL_CONFIG = 's3.compression.level';
export const PART_SIZE_CONFIG = 's3.part.size';
export const NULL_VALUES_CONFIG = 'behavior.on.null.values';
export const DIRECTORY_DELIM_CONFIG = 'directory.delim';
export const FILE_DELIM_CONFIG = 'file.delim';
export const ZERO_PAD_CONFIG = 'filename.offset.zero.pad.width';
export const BYTEARRAY_EXTENSION_CONFIG = 'format.bytearray.extension';
export const BYTEARRAY_SEPARATOR_CONFIG = 'format.bytearray.separator';
export const DECIMAL_FORMAT_CONFIG = 'json.decimal.format';
export const AVRO_CODEC_CONFIG = 'avro.codec';
export const PARQUET_CODEC_CONFIG = 'parquet.codec';
export const ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG = 'enhanced.avro.schema.support';
export const CONNECT_META_DATA_CONFIG = 'connect.meta.data';
export const STORE_KEYS_CONFIG = 'store.kafka.keys';
export const STORE_HEADERS_CONFIG = 'store.kafka.headers';
export const KEYS_FORMAT_CONFIG = 'keys.format.class';
export const HEADERS_FORMAT_CONFIG = 'headers.format.class';
export const SCHEMA_COMPATIBILITY_CONFIG = 'schema.compatibility';

/** The formats this sink writes, by Confluent's class names (short names accepted too). */
export const FormatClass = {
  JSON: 'io.confluent.connect.s3.format.json.JsonFormat',
  BYTE_ARRAY: 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
  AVRO: 'io.confluent.connect.s3.format.avro.AvroFormat',
  PARQUET: 'io.confluent.connect.s3.format.parquet.ParquetFormat',
} as const;
export type FormatClass = (typeof FormatClass)[keyof typeof FormatClass];

export const NullValueBehavior = { FAIL: 'fail', IGNORE: 'ignore' } as const;
export type NullValueBehavior = (typeof NullValueBehavior)[keyof typeof NullValueBehavior];

/** Confluent's minimum part size (S3's own minimum for every part but the last). */
const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Resolves `JsonFormat` or the full class name; throws Kafka's ConfigException wording otherwise. */
export function formatClassOf(name: string, value: unknown): FormatClass {
  const text = String(value);
  const simple = text.slice(text.lastIndexOf('.') + 1);
  if (simple === 'JsonFormat' && (text === simple || text === FormatClass.JSON)) return FormatClass.JSON;
  if (simple === 'ByteArrayFormat' && (text === simple || text === FormatClass.BYTE_ARRAY))
    return FormatClass.BYTE_ARRAY;
  if (simple === 'AvroFormat' && (text === simple || text === FormatClass.AVRO)) return FormatClass.AVRO;
  if (simple === 'ParquetFormat' && (text === simple || text === FormatClass.PARQUET)) return FormatClass.PARQUET;
  const reason = `Class ${text} could not be found; use ${FormatClass.PARQUET}, ${FormatClass.AVRO}, ${FormatClass.JSON} or ${FormatClass.BYTE_ARRAY}`;
  throw ConfigError.invalidValue(name, value, reason);
}

/** Confluent falls back to NONE for a name it does not know; here a typo is an error at validation. */
const schemaCompatibilityValidator: Validator = (name, value) => {
  if (Object.values<string>(SchemaCompatibility).includes(String(value).toUpperCase())) return;
  throw ConfigError.invalidValue(name, value, `use one of ${Object.values(SchemaCompatibility).join(', ')}`);
};

const avroCodecValidator: Validator = (name, value) => {
  if (Object.values<string>(AvroCodecName).includes(String(value))) return;
  const reason = ['bzip2', 'xz', 'zstandard'].includes(String(value))
    ? `${String(value)} is not supported by this sink (no well-kept JavaScript compressor for it); use snappy, deflate or null`
    : 'use null, deflate or snappy';
  throw ConfigError.invalidValue(name, value, reason);
};

/** `parquet.codec` as parquet-java's `CompressionCodecName.fromConf` reads it: `none` and `uncompressed` alike. */
function parquetCodecOf(value: unknown): string {
  const text = String(value).toLowerCase();
  return text === 'uncompressed' ? 'none' : text;
}

const parquetCodecValidator: Validator = (name, value) => {
  const text = parquetCodecOf(value);
  const supported = Object.keys(PARQUET_CODECS);
  if (supported.includes(text)) {
    if (parquetCodecAvailable(text as ParquetCodecName)) return;
    throw ConfigError.invalidValue(name, value, `${text} needs Node.js 22.15 or later (zstd in node:zlib)`);
  }
  const reason = ['lz4', 'lzo', 'lz4_raw'].includes(text)
    ? `${text} is not supported by this sink; use ${supported.join(', ')}`
    : `use ${supported.join(', ')}`;
  throw ConfigError.invalidValue(name, value, reason);
};

const formatValidator: Validator = (name, value) => {
  formatClassOf(name, value);
};

const partSizeValidator: Validator = (name, value) => {
  if (typeof value === 'number' && value < MIN_PART_SIZE)
    throw ConfigError.invalidValue(name, value, `Value must be at least ${MIN_PART_SIZE}`);
};

/** The sink's keys (partitioner keys included), as Confluent declares them. */
export function s3SinkConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: S3_BUCKET_CONFIG,
      type: ConfigType.STRING,
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      documentation: 'The S3 bucket.',
      group: 'S3',
    })
    .define({
      name: S3_REGION_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'us-west-2',
      importance: Importance.MEDIUM,
      documentation: 'The AWS region of the bucket.',
      group: 'S3',
    })
    .define({
      name: STORE_URL_CONFIG,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.HIGH,
      documentation: 'An S3-compatible endpoint (e.g. http://localhost:9000); default: AWS S3 in s3.region.',
      group: 'S3',
    })
    .define({
      name: PATH_STYLE_CONFIG,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        'Path-style requests (bucket in the path) for S3-compatible endpoints; ignored for AWS S3 without store.url.',
      group: 'S3',
    })
    .define({
      name: PART_SIZE_CONFIG,
      type: ConfigType.INT,
      defaultValue: 25 * 1024 * 1024,
      validator: partSizeValidator,
      importance: Importance.HIGH,
      documentation: 'The part size of multipart uploads; objects larger than this are uploaded in parts.',
      group: 'S3',
    })
    .define({
      name: COMPRESSION_TYPE_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'none',
      validator: Validators.in(['none', 'gzip']),
      importance: Importance.LOW,
      documentation: 'Compression of the objects: none or gzip (adds .gz to the extension).',
      group: 'S3',
    })
    .define({
      name: COMPRESSION_LEVEL_CONFIG,
      type: ConfigType.INT,
      defaultValue: -1,
      validator: Validators.between(-1, 9),
      importance: Importance.LOW,
      documentation: 'The gzip level, -1 for the default (6).',
      group: 'S3',
    })
    .define({
      name: TOPICS_DIR_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'topics',
      importance: Importance.HIGH,
      documentation: 'The top-level prefix of the objects.',
      group: 'Storage',
    })
    .define({
      name: DIRECTORY_DELIM_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '/',
      importance: Importance.MEDIUM,
      documentation: 'The delimiter between key segments.',
      group: 'Storage',
    })
    .define({
      name: FILE_DELIM_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '+',
      importance: Importance.MEDIUM,
      documentation: 'The delimiter between topic, partition and offset in object names.',
      group: 'Storage',
    })
    .define({
      name: ZERO_PAD_CONFIG,
      type: ConfigType.INT,
      defaultValue: 10,
      validator: Validators.atLeast(0),
      importance: Importance.LOW,
      documentation: 'Width the start offset is zero-padded to in object names.',
      group: 'Storage',
    })
    .define({
      name: FORMAT_CLASS_CONFIG,
      type: ConfigType.CLASS,
      validator: formatValidator,
      importance: Importance.HIGH,
      documentation: 'ParquetFormat, AvroFormat, JsonFormat or ByteArrayFormat.',
      group: 'Connector',
    })
    .define({
      name: FLUSH_SIZE_CONFIG,
      type: ConfigType.INT,
      validator: Validators.atLeast(1),
      importance: Importance.HIGH,
      documentation:
        'Records per object: an object is uploaded once this many records of a topic partition are buffered.',
      group: 'Connector',
    })
    .define({
      name: ROTATE_INTERVAL_CONFIG,
      type: ConfigType.LONG,
      defaultValue: -1,
      importance: Importance.HIGH,
      documentation:
        "Upload when a record's timestamp (timestamp.extractor) is this far past the first buffered one; -1 disables.",
      group: 'Connector',
    })
    .define({
      name: ROTATE_SCHEDULE_INTERVAL_CONFIG,
      type: ConfigType.LONG,
      defaultValue: -1,
      importance: Importance.MEDIUM,
      documentation:
        'Upload at wall-clock boundaries of this interval (in timezone); -1 disables. See the README for slices.',
      group: 'Connector',
    })
    .define({
      name: ROTATE_ON_PARTITION_CHANGE_CONFIG,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation: 'With rotate.interval.ms, also upload when the encoded partition changes.',
      group: 'Connector',
    })
    .define({
      name: NULL_VALUES_CONFIG,
      type: ConfigType.STRING,
      defaultValue: NullValueBehavior.FAIL,
      validator: Validators.in(Object.values(NullValueBehavior), true),
      importance: Importance.LOW,
      documentation: 'Records with a null value: fail the task, or ignore (skip) them.',
      group: 'Connector',
    })
    .define({
      name: SCHEMA_COMPATIBILITY_CONFIG,
      type: ConfigType.STRING,
      defaultValue: SchemaCompatibility.NONE,
      validator: schemaCompatibilityValidator,
      importance: Importance.HIGH,
      documentation:
        'How a change of value schema is handled: NONE starts new objects at every change; BACKWARD and FULL start new objects at a newer schema version and project older records to the open schema; FORWARD starts new objects at an older version and projects newer records.',
      group: 'Schema',
    })
    .define({
      name: BYTEARRAY_EXTENSION_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '.bin',
      importance: Importance.LOW,
      documentation: 'The extension of ByteArrayFormat objects.',
      group: 'Connector',
    })
    .define({
      name: BYTEARRAY_SEPARATOR_CONFIG,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.LOW,
      documentation: 'Written after each ByteArrayFormat record; default a newline.',
      group: 'Connector',
    })
    .define({
      name: DECIMAL_FORMAT_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'BASE64',
      validator: Validators.in(['BASE64', 'NUMERIC'], true),
      importance: Importance.LOW,
      documentation: 'How JsonFormat writes Decimal fields.',
      group: 'Connector',
    })
    .define({
      name: AVRO_CODEC_CONFIG,
      type: ConfigType.STRING,
      defaultValue: AvroCodecName.NULL,
      validator: avroCodecValidator,
      importance: Importance.LOW,
      documentation:
        'The codec of AvroFormat blocks: null, deflate or snappy (bzip2, xz and zstandard are not supported here).',
      group: 'Connector',
    })
    .define({
      name: PARQUET_CODEC_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'snappy',
      validator: parquetCodecValidator,
      importance: Importance.LOW,
      documentation:
        'The compression codec of ParquetFormat pages: none, snappy, gzip, brotli or zstd (lz4 and lzo are not supported here).',
      group: 'Connector',
    })
    .define({
      name: ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        'AvroFormat and ParquetFormat keep enum symbols and package names of the Connect schema (as AvroData does).',
      group: 'Connector',
    })
    .define({
      name: CONNECT_META_DATA_CONFIG,
      type: ConfigType.BOOLEAN,
      defaultValue: true,
      importance: Importance.LOW,
      documentation:
        "AvroFormat and ParquetFormat write Connect's metadata (connect.name, connect.version, ...) into the Avro schema.",
      group: 'Connector',
    })
    .define({
      name: STORE_KEYS_CONFIG,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation: 'Also write the keys, in a .keys object beside each object.',
      group: 'Connector',
    })
    .define({
      name: STORE_HEADERS_CONFIG,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.LOW,
      documentation: 'Also write the headers, in a .headers object beside each object.',
      group: 'Connector',
    })
    .define({
      name: KEYS_FORMAT_CONFIG,
      type: ConfigType.CLASS,
      defaultValue: FormatClass.JSON,
      validator: formatValidator,
      importance: Importance.LOW,
      documentation:
        'The format of .keys objects (Confluent defaults to AvroFormat; JsonFormat here, as before AvroFormat existed).',
      group: 'Connector',
    })
    .define({
      name: HEADERS_FORMAT_CONFIG,
      type: ConfigType.CLASS,
      defaultValue: FormatClass.JSON,
      validator: formatValidator,
      importance: Importance.LOW,
      documentation: 'The format of .headers objects (JsonFormat only here).',
      group: 'Connector',
    });
  return def.merge(partitionerConfigDef());
}

/** The parsed configuration a task runs with. */
export interface S3SinkConfig {
  readonly bucket: string;
  readonly region: string;
  readonly storeUrl: string | null;
  readonly pathStyle: boolean;
  readonly partSize: number;
  readonly compression: 'none' | 'gzip';
  readonly compressionLevel: number;
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly zeroPadWidth: number;
  readonly format: FormatClass;
  readonly flushSize: number;
  readonly rotateIntervalMs: number;
  readonly rotateScheduleIntervalMs: number;
  readonly rotateOnPartitionChange: boolean;
  readonly nullValues: NullValueBehavior;
  readonly schemaCompatibility: SchemaCompatibility;
  readonly byteArrayExtension: string;
  readonly byteArraySeparator: string;
  readonly decimalFormat: 'BASE64' | 'NUMERIC';
  readonly storeKeys: boolean;
  readonly storeHeaders: boolean;
  readonly keysFormat: FormatClass;
  readonly headersFormat: FormatClass;
  /** ParquetFormat's page codec (`parquet.codec`). */
  readonly parquetCodec: ParquetCodecName;
  /** AvroFormat's settings (the AvroData options apply to ParquetFormat too): the block codec and the AvroData options. */
  readonly avro: {
    readonly codec: AvroCodecName;
    readonly enhancedSchemaSupport: boolean;
    readonly connectMetaData: boolean;
  };
  readonly partitioner: PartitionerConfig;
}

/** Parses and cross-checks a connector or task config; throws `ConfigError` naming the key to change. */
export function parseS3SinkConfig(props: Readonly<Record<string, string>>): S3SinkConfig {
  const v = s3SinkConfigDef().parse(props);
  const str = (k: string): string => v.get(k) as string;
  const num = (k: string): number => v.get(k) as number;
  const bool = (k: string): boolean => v.get(k) as boolean;
  const config: S3SinkConfig = {
    bucket: str(S3_BUCKET_CONFIG),
    region: str(S3_REGION_CONFIG),
    storeUrl: (v.get(STORE_URL_CONFIG) as string | null) || null,
    pathStyle: bool(PATH_STYLE_CONFIG),
    partSize: num(PART_SIZE_CONFIG),
    compression: str(COMPRESSION_TYPE_CONFIG) as 'none' | 'gzip',
    compressionLevel: num(COMPRESSION_LEVEL_CONFIG),
    topicsDir: str(TOPICS_DIR_CONFIG),
    directoryDelim: str(DIRECTORY_DELIM_CONFIG),
    fileDelim: str(FILE_DELIM_CONFIG),
    zeroPadWidth: num(ZERO_PAD_CONFIG),
    format: formatClassOf(FORMAT_CLASS_CONFIG, v.get(FORMAT_CLASS_CONFIG)),
    flushSize: num(FLUSH_SIZE_CONFIG),
    rotateIntervalMs: num(ROTATE_INTERVAL_CONFIG),
    rotateScheduleIntervalMs: num(ROTATE_SCHEDULE_INTERVAL_CONFIG),
    rotateOnPartitionChange: bool(ROTATE_ON_PARTITION_CHANGE_CONFIG),
    nullValues: str(NULL_VALUES_CONFIG).toLowerCase() as NullValueBehavior,
    schemaCompatibility: str(SCHEMA_COMPATIBILITY_CONFIG).toUpperCase() as SchemaCompatibility,
    byteArrayExtension: str(BYTEARRAY_EXTENSION_CONFIG),
    byteArraySeparator: (v.get(BYTEARRAY_SEPARATOR_CONFIG) as string | null) ?? '\n',
    decimalFormat: str(DECIMAL_FORMAT_CONFIG).toUpperCase() as 'BASE64' | 'NUMERIC',
    storeKeys: bool(STORE_KEYS_CONFIG),
    storeHeaders: bool(STORE_HEADERS_CONFIG),
    keysFormat: formatClassOf(KEYS_FORMAT_CONFIG, v.get(KEYS_FORMAT_CONFIG)),
    headersFormat: formatClassOf(HEADERS_FORMAT_CONFIG, v.get(HEADERS_FORMAT_CONFIG)),
    parquetCodec: parquetCodecOf(str(PARQUET_CODEC_CONFIG)) as ParquetCodecName,
    avro: {
      codec: str(AVRO_CODEC_CONFIG) as AvroCodecName,
      enhancedSchemaSupport: bool(ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG),
      connectMetaData: bool(CONNECT_META_DATA_CONFIG),
    },
    partitioner: parsePartitionerConfig(v, str(DIRECTORY_DELIM_CONFIG)),
  };
  if (config.storeHeaders && config.headersFormat !== FormatClass.JSON) {
    throw ConfigError.invalidValue(
      HEADERS_FORMAT_CONFIG,
      config.headersFormat,
      'headers can be stored as JsonFormat only here',
    );
  }
  // An object is only uploaded once flush.size records of a partition are read in one slice.
  const sliceRecords = Number(props['slice.max.records']);
  if (Number.isFinite(sliceRecords) && sliceRecords > 0 && config.flushSize > sliceRecords) {
    throw ConfigError.invalidValue(
      FLUSH_SIZE_CONFIG,
      config.flushSize,
      `a slice reads at most slice.max.records=${sliceRecords} records, so no object could ever fill; lower flush.size or raise slice.max.records`,
    );
  }
  if (config.rotateScheduleIntervalMs > 0 && config.partitioner.timezone === '') {
    throw ConfigError.invalidValue('timezone', '', `${ROTATE_SCHEDULE_INTERVAL_CONFIG} needs a timezone`);
  }
  return config;
}
