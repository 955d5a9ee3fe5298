/**
 * Partitioners decide the directory part of an object key, as Confluent's storage partitioners do:
 * `DefaultPartitioner` (`partition=<kafka partition>`), `FieldPartitioner` (`<field>=<value>` per field)
 * and the time-based ones (a formatted time bucket). All are deterministic for a given record except
 * time-based with the Wallclock extractor; the exactly-once guarantee rests on that.
 */
import { DataError, SchemaType, type SinkRecord } from 'lambda-connect/api';
import { PartitionerKind, type PartitionerConfig } from './partitioner-config.js';
import { nestedField } from './record-fields.js';
import { timestampExtractor, type TimestampExtractor } from './timestamp-extractor.js';
import { pathFormatter } from './path-format.js';
import { partitionStart } from './zoned-time.js';

export interface Partitioner {
  /** The encoded partition of a record (`partition=3`, `year=2026/month=12`); `nowMs` feeds Wallclock. */
  encodePartition(record: SinkRecord, nowMs: number): string;
  /** The key prefix under `topics.dir`: `<topic><delim><encoded partition>`. */
  generatePartitionedPath(topic: string, encodedPartition: string): string;
  /** The extractor of time-based partitioners (rotate.interval.ms needs one), else null. */
  readonly timestampExtractor: TimestampExtractor | null;
}

class DefaultPartitioner implements Partitioner {
  readonly timestampExtractor: TimestampExtractor | null = null;

  constructor(protected readonly delim: string) {}

  encodePartition(record: SinkRecord, _nowMs: number): string {
    return `partition=${record.kafkaPartition}`;
  }

  generatePartitionedPath(topic: string, encodedPartition: string): string {
    return `${topic}${this.delim}${encodedPartition}`;
  }
}

const FIELD_TYPES: readonly string[] = [
  SchemaType.INT8,
  SchemaType.INT16,
  SchemaType.INT32,
  SchemaType.INT64,
  SchemaType.STRING,
  SchemaType.BOOLEAN,
];

class FieldPartitioner extends DefaultPartitioner {
  constructor(
    delim: string,
    private readonly fieldNames: readonly string[],
  ) {
    super(delim);
  }

  override encodePartition(record: SinkRecord, _nowMs: number): string {
    return this.fieldNames.map((name) => `${name}=${encodeFieldValue(record, name)}`).join(this.delim);
  }
}

/** Integers, strings and booleans name a partition (Confluent's rule); schemaless maps are read too. */
function encodeFieldValue(record: SinkRecord, name: string): string {
  if (record.value === null || typeof record.value !== 'object')
    throw new DataError(
      `FieldPartitioner: the value of ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} is not a struct or map`,
    );
  const { value, schema } = nestedField(record.value, name);
  if (value === null || value === undefined) return 'null';
  const type = schema?.type ?? schemalessType(value);
  if (type === undefined || !FIELD_TYPES.includes(type))
    throw new DataError(
      `FieldPartitioner: type ${type ?? typeof value} of field '${name}' is not supported as a partition key`,
    );
  return String(value);
}

function schemalessType(value: unknown): string | undefined {
  if (typeof value === 'string') return SchemaType.STRING;
  if (typeof value === 'boolean') return SchemaType.BOOLEAN;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return SchemaType.INT64;
  return undefined;
}

class TimeBasedPartitioner extends DefaultPartitioner {
  override readonly timestampExtractor: TimestampExtractor;
  private readonly format: (utcMs: number) => string;

  constructor(private readonly config: PartitionerConfig) {
    super(config.delim);
    this.timestampExtractor = timestampExtractor(config);
    this.format = pathFormatter(config.pathFormat, config.timezone, config.locale);
  }

  override encodePartition(record: SinkRecord, nowMs: number): string {
    const timestamp = this.timestampExtractor(record, nowMs);
    return this.format(partitionStart(this.config.durationMs, timestamp, this.config.timezone));
  }
}

/** The partitioner a parsed config names. */
export function createPartitioner(config: PartitionerConfig): Partitioner {
  switch (config.kind) {
    case PartitionerKind.DEFAULT:
      return new DefaultPartitioner(config.delim);
    case PartitionerKind.FIELD:
      return new FieldPartitioner(config.delim, config.fieldNames);
    default:
      return new TimeBasedPartitioner(config);
  }
}
