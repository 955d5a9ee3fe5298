/**
 * The Datagen connector's configuration, with kafka-connect-datagen's keys, types and defaults, parsed
 * once into a typed `DatagenConfig` that the connector and its tasks share. The schema (from `quickstart`,
 * `schema.string` or `schema.filename`) is parsed and its generator compiled here, so every schema or hint
 * problem is a config error at validation, before any task runs.
 */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  Validators,
  type Schema,
  type Struct,
} from 'lambda-connect/api';
import { parseAvroJson, type RecordNode } from './avro/avro-schema.js';
import { toConnectSchema } from './avro/connect-schema.js';
import { compileRecord } from './generate/compile.js';
import type { RecordRandom } from './generate/record-random.js';
import { QUICKSTARTS, quickstartFile, quickstartNamed } from './quickstarts.js';

export const DatagenKeys = {
  KAFKA_TOPIC: 'kafka.topic',
  MAX_INTERVAL: 'max.interval',
  ITERATIONS: 'iterations',
  SCHEMA_STRING: 'schema.string',
  SCHEMA_FILENAME: 'schema.filename',
  SCHEMA_KEYFIELD: 'schema.keyfield',
  QUICKSTART: 'quickstart',
  RANDOM_SEED: 'random.seed',
} as const;

/** The keys that choose the schema: exactly one must be set. */
export const SCHEMA_SOURCE_KEYS = [
  DatagenKeys.SCHEMA_STRING,
  DatagenKeys.SCHEMA_FILENAME,
  DatagenKeys.QUICKSTART,
] as const;
export const SCHEMA_SOURCE_ERROR = `Must set exactly one of ${SCHEMA_SOURCE_KEYS.join(', ')}`;

/** A parsed schema, ready to generate: its Avro tree, its Connect schema and the record generator. */
export interface DatagenSchema {
  readonly avro: RecordNode;
  readonly valueSchema: Schema;
  readonly generate: (random: RecordRandom, n: number) => Struct;
}

export interface DatagenConfig {
  readonly topic: string;
  /** Records are spaced by a random wait below this many milliseconds; 0 or less: no wait. */
  readonly maxIntervalMs: number;
  /** Records per task in total, across restarts; 0 or less: unlimited. */
  readonly iterations: number;
  readonly schema: DatagenSchema;
  /** The key field ('' for null keys), from `schema.keyfield` or the quickstart's default. */
  readonly keyField: string;
  readonly randomSeed: number | null;
}

export function datagenConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: DatagenKeys.KAFKA_TOPIC,
      type: ConfigType.STRING,
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      documentation: 'Topic to write to',
    })
    .define({
      name: DatagenKeys.MAX_INTERVAL,
      type: ConfigType.LONG,
      defaultValue: 500,
      importance: Importance.HIGH,
      documentation: 'Max interval between messages (ms)',
    })
    .define({
      name: DatagenKeys.ITERATIONS,
      type: ConfigType.INT,
      defaultValue: -1,
      importance: Importance.HIGH,
      documentation: 'Number of messages to send from each task, or less than 1 for unlimited',
    })
    .define({
      name: DatagenKeys.SCHEMA_STRING,
      type: ConfigType.STRING,
      defaultValue: '',
      validator: schemaStringValidator,
      importance: Importance.HIGH,
      documentation: 'The literal JSON-encoded Avro schema to use',
    })
    .define({
      name: DatagenKeys.SCHEMA_FILENAME,
      type: ConfigType.STRING,
      defaultValue: '',
      validator: schemaFilenameValidator,
      importance: Importance.HIGH,
      documentation:
        "Filename of schema to use: one of the package's quickstart schema files (a Lambda reads no other files)",
    })
    .define({
      name: DatagenKeys.SCHEMA_KEYFIELD,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.HIGH,
      documentation: 'Name of field to use as the message key',
    })
    .define({
      name: DatagenKeys.QUICKSTART,
      type: ConfigType.STRING,
      defaultValue: '',
      validator: quickstartValidator,
      importance: Importance.HIGH,
      documentation: 'Name of quickstart to use',
    })
    .define({
      name: DatagenKeys.RANDOM_SEED,
      type: ConfigType.LONG,
      defaultValue: null,
      importance: Importance.LOW,
      documentation:
        'Numeric seed for generating random data. Two connectors started with the same seed will deterministically produce the same data. Each task will generate different data than the other tasks in the same connector.',
    });
}

/** Parses and checks a config; throws `ConfigError` on the first problem. */
export function parseDatagenConfig(props: Readonly<Record<string, string>>): DatagenConfig {
  const parsed = datagenConfigDef().parse(props);
  const get = (key: string): string => (parsed.get(key) as string | null) ?? '';
  const sources = SCHEMA_SOURCE_KEYS.filter((key) => get(key) !== '');
  if (sources.length !== 1) throw new ConfigError(SCHEMA_SOURCE_ERROR);
  const quickstart = get(DatagenKeys.QUICKSTART);
  const schema = compileSchema(schemaJson(sources[0]!, get(sources[0]!)));
  const keyField =
    get(DatagenKeys.SCHEMA_KEYFIELD) || (quickstart === '' ? '' : (quickstartNamed(quickstart)?.keyField ?? ''));
  checkKeyField(schema, keyField);
  return {
    topic: get(DatagenKeys.KAFKA_TOPIC),
    maxIntervalMs: parsed.get(DatagenKeys.MAX_INTERVAL) as number,
    iterations: parsed.get(DatagenKeys.ITERATIONS) as number,
    schema,
    keyField,
    randomSeed: parsed.get(DatagenKeys.RANDOM_SEED) as number | null,
  };
}

/** Compiles parsed schema JSON: the Avro tree, its Connect schema, the generator. */
export function compileSchema(json: unknown): DatagenSchema {
  const avro = parseAvroJson(json);
  const valueSchema = toConnectSchema(avro);
  return { avro, valueSchema, generate: compileRecord(avro, valueSchema) };
}

/** Confluent's message when `schema.keyfield` names no field of the schema. */
export function checkKeyField(schema: DatagenSchema, keyField: string): void {
  if (keyField !== '' && !schema.avro.fields.some((f) => f.name === keyField)) {
    throw new ConfigError(`The schema does not contain the field provided in '${DatagenKeys.SCHEMA_KEYFIELD}'`);
  }
}

function schemaJson(source: string, value: string): unknown {
  if (source === DatagenKeys.QUICKSTART) return quickstartNamed(value)?.schema;
  if (source === DatagenKeys.SCHEMA_FILENAME) return quickstartFile(value)?.schema;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new ConfigError(`Unable to parse the provided schema: ${(error as Error).message}`);
  }
}

function schemaStringValidator(name: string, value: unknown): void {
  if (typeof value === 'string' && value !== '') compileSchema(schemaJson(name, value));
}

function schemaFilenameValidator(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') return;
  if (quickstartFile(value) === undefined) {
    const files = QUICKSTARTS.flatMap((q) => [q.file, q.confluentFile]).join(', ');
    throw ConfigError.invalidValue(
      name,
      value,
      `schema.filename may only name a schema file of the Datagen package's quickstart directory (${files}); a task runner reads no other files: pass your own schema in schema.string`,
    );
  }
}

function quickstartValidator(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') return;
  if (quickstartNamed(value) === undefined)
    throw new ConfigError(`${name} must be one out of ${QUICKSTARTS.map((q) => q.name).join(',')}`);
}
