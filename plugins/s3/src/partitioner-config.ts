/**
 * Confluent's partitioner keys (`io.confluent.connect.storage.partitioner.PartitionerConfig`) and their
 * cross-checks: which partitioner, its fields, and for the time-based ones the duration, path format,
 * locale, timezone and timestamp extractor.
 */
import { ConfigDef, ConfigError, ConfigType, Importance } from 'lambda-connect/api';
import { isValidTimeZone } from './zoned-time.js';

export const PARTITIONER_CLASS_CONFIG = 'partitioner.class';
export const PARTITION_FIELD_NAME_CONFIG = 'partition.field.name';
export const PARTITION_DURATION_MS_CONFIG = 'partition.duration.ms';
export const PATH_FORMAT_CONFIG = 'path.format';
export const LOCALE_CONFIG = 'locale';
export const TIMEZONE_CONFIG = 'timezone';
export const TIMESTAMP_EXTRACTOR_CONFIG = 'timestamp.extractor';
export const TIMESTAMP_FIELD_CONFIG = 'timestamp.field';

const PACKAGE = 'io.confluent.connect.storage.partitioner.';

export const PartitionerKind = {
  DEFAULT: 'DefaultPartitioner',
  FIELD: 'FieldPartitioner',
  TIME_BASED: 'TimeBasedPartitioner',
  DAILY: 'DailyPartitioner',
  HOURLY: 'HourlyPartitioner',
} as const;
export type PartitionerKind = (typeof PartitionerKind)[keyof typeof PartitionerKind];

export const TimestampExtractorKind = {
  WALLCLOCK: 'Wallclock',
  RECORD: 'Record',
  RECORD_FIELD: 'RecordField',
} as const;
export type TimestampExtractorKind = (typeof TimestampExtractorKind)[keyof typeof TimestampExtractorKind];

const HOUR_MS = 3_600_000;
/** The fixed settings of the Daily and Hourly partitioners, as Confluent's classes set them. */
const PRESETS: Partial<Record<PartitionerKind, { durationMs: number; pathFormat: (delim: string) => string }>> = {
  DailyPartitioner: { durationMs: 24 * HOUR_MS, pathFormat: (d) => `'year'=YYYY${d}'month'=MM${d}'day'=dd` },
  HourlyPartitioner: { durationMs: HOUR_MS, pathFormat: (d) => `'year'=YYYY${d}'month'=MM${d}'day'=dd${d}'hour'=HH` },
};

export interface PartitionerConfig {
  readonly kind: PartitionerKind;
  readonly fieldNames: readonly string[];
  readonly durationMs: number;
  readonly pathFormat: string;
  readonly locale: string;
  readonly timezone: string;
  readonly extractor: TimestampExtractorKind | null;
  readonly timestampField: string;
  readonly delim: string;
}

export function partitionerConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: PARTITIONER_CLASS_CONFIG,
      type: ConfigType.CLASS,
      defaultValue: `${PACKAGE}DefaultPartitioner`,
      importance: Importance.HIGH,
      documentation: 'Default, Field, TimeBased, Daily or Hourly partitioner.',
      group: 'Partitioner',
    })
    .define({
      name: PARTITION_FIELD_NAME_CONFIG,
      type: ConfigType.LIST,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: 'FieldPartitioner: the value fields that name the partition.',
      group: 'Partitioner',
    })
    .define({
      name: PARTITION_DURATION_MS_CONFIG,
      type: ConfigType.LONG,
      defaultValue: -1,
      importance: Importance.MEDIUM,
      documentation: 'TimeBasedPartitioner: the duration of a partition in milliseconds.',
      group: 'Partitioner',
    })
    .define({
      name: PATH_FORMAT_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: "TimeBasedPartitioner: a Joda-Time pattern, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH.",
      group: 'Partitioner',
    })
    .define({
      name: LOCALE_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: 'Time-based partitioners: the locale of the path format (month and day names).',
      group: 'Partitioner',
    })
    .define({
      name: TIMEZONE_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.MEDIUM,
      documentation: 'Time-based partitioners and scheduled rotation: an IANA time zone, e.g. UTC.',
      group: 'Partitioner',
    })
    .define({
      name: TIMESTAMP_EXTRACTOR_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'Wallclock',
      importance: Importance.MEDIUM,
      documentation: 'Wallclock, Record (the Kafka timestamp) or RecordField (timestamp.field of the value).',
      group: 'Partitioner',
    })
    .define({
      name: TIMESTAMP_FIELD_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'timestamp',
      importance: Importance.MEDIUM,
      documentation: 'RecordField: the (dotted) value field holding the timestamp.',
      group: 'Partitioner',
    });
}

function kindOf(value: string): PartitionerKind {
  const simple = value.startsWith(PACKAGE) ? value.slice(PACKAGE.length) : value;
  const kind = Object.values(PartitionerKind).find((k) => k === simple);
  if (kind === undefined) {
    throw ConfigError.invalidValue(
      PARTITIONER_CLASS_CONFIG,
      value,
      `Class ${value} could not be found; use one of ${Object.values(PartitionerKind)
        .map((k) => PACKAGE + k)
        .join(', ')}`,
    );
  }
  return kind;
}

function extractorOf(value: string): TimestampExtractorKind {
  const suffix = 'TimestampExtractor';
  const simple = value.slice(value.lastIndexOf('$') + 1).replace(suffix, '');
  const kind = Object.values(TimestampExtractorKind).find((k) => k === simple);
  if (kind === undefined) throw new ConfigError(`Invalid timestamp extractor: ${value}`);
  return kind;
}

/** Reads the partitioner keys of a parsed config, checking what the chosen partitioner needs. */
export function parsePartitionerConfig(v: ReadonlyMap<string, unknown>, delim: string): PartitionerConfig {
  const kind = kindOf(v.get(PARTITIONER_CLASS_CONFIG) as string);
  const fieldNames = (v.get(PARTITION_FIELD_NAME_CONFIG) as string[]).filter((f) => f !== '');
  const locale = v.get(LOCALE_CONFIG) as string;
  const timezone = v.get(TIMEZONE_CONFIG) as string;
  const extractorName = v.get(TIMESTAMP_EXTRACTOR_CONFIG) as string;
  if (timezone !== '' && !isValidTimeZone(timezone))
    throw ConfigError.invalidValue(TIMEZONE_CONFIG, timezone, 'Unknown time zone');
  const base = { kind, fieldNames, locale, timezone, timestampField: v.get(TIMESTAMP_FIELD_CONFIG) as string, delim };
  if (kind === PartitionerKind.FIELD && fieldNames.length === 0) {
    throw ConfigError.invalidValue(PARTITION_FIELD_NAME_CONFIG, '', 'FieldPartitioner needs at least one field name');
  }
  const timeBased =
    kind === PartitionerKind.TIME_BASED || kind === PartitionerKind.DAILY || kind === PartitionerKind.HOURLY;
  if (!timeBased) return { ...base, durationMs: -1, pathFormat: '', extractor: null };
  const preset = PRESETS[kind];
  const durationMs = preset?.durationMs ?? (v.get(PARTITION_DURATION_MS_CONFIG) as number);
  let pathFormat = preset?.pathFormat(delim) ?? (v.get(PATH_FORMAT_CONFIG) as string);
  if (durationMs <= 0)
    throw ConfigError.invalidValue(
      PARTITION_DURATION_MS_CONFIG,
      durationMs,
      'Partition duration needs to be a positive.',
    );
  if (pathFormat.trim() === '' || pathFormat === delim)
    throw ConfigError.invalidValue(PATH_FORMAT_CONFIG, pathFormat, 'Path format cannot be empty.');
  // As Confluent: a delimiter the user put at the end of the path format is dropped.
  if (delim !== '' && pathFormat.endsWith(delim)) pathFormat = pathFormat.slice(0, -delim.length);
  if (locale.trim() === '') throw ConfigError.invalidValue(LOCALE_CONFIG, locale, 'Locale cannot be empty.');
  if (timezone.trim() === '') throw ConfigError.invalidValue(TIMEZONE_CONFIG, timezone, 'Timezone cannot be empty.');
  return { ...base, durationMs, pathFormat, extractor: extractorOf(extractorName) };
}
