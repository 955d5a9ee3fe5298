/**
 * The DynamoDB sink's settings, declared as data with Confluent's key names and defaults where Confluent
 * has the key (`aws.dynamodb.*`, `table.name.format`, `batch.size`, `max.retries`, `retry.backoff.ms`),
 * and parsed once into a typed {@link DynamoDbSinkConfig} that the connector and the task read.
 */
import { ConfigDef, ConfigError, ConfigType, Importance, type Validator } from 'lambda-connect/api';
import { parseKeyReference, type KeyReference } from './key-reference.js';

export const DynamoDbSinkConfigKeys = {
  REGION: 'aws.dynamodb.region',
  ENDPOINT: 'aws.dynamodb.endpoint',
  ACCESS_KEY_ID: 'aws.access.key.id',
  SECRET_ACCESS_KEY: 'aws.secret.access.key',
  TABLE_NAME_FORMAT: 'table.name.format',
  PK_HASH: 'aws.dynamodb.pk.hash',
  PK_SORT: 'aws.dynamodb.pk.sort',
  BATCH_SIZE: 'batch.size',
  MAX_RETRIES: 'max.retries',
  RETRY_BACKOFF_MS: 'retry.backoff.ms',
  MAX_RETRY_TIME_SECONDS: 'aws.dynamodb.max.retry.time.seconds',
  DELETE_ENABLED: 'delete.enabled',
} as const;

/** BatchWriteItem takes at most 25 put or delete requests. */
export const MAX_BATCH_SIZE = 25;

const K = DynamoDbSinkConfigKeys;
const GROUP = 'DynamoDB';

function intBetween(min: number, max: number): Validator {
  return (name, value) => {
    if (typeof value !== 'number' || value < min || value > max) {
      throw ConfigError.invalidValue(name, value, `Value must be between ${min} and ${max}`);
    }
  };
}

function keyReference(allowEmpty: boolean): Validator {
  return (name, value) => {
    if (typeof value !== 'string') throw ConfigError.invalidValue(name, value, 'Expected a string');
    if (value === '' && allowEmpty) return;
    parseKeyReference(name, value);
  };
}

function tableNameFormat(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '')
    throw ConfigError.invalidValue(name, value, 'A table name format is required, e.g. ${topic}');
}

/** The sink's {@link ConfigDef}: what `/connector-plugins/.../config/validate` checks. */
export function dynamoDbSinkConfigDef(): ConfigDef {
  let order = 0;
  const define = (key: Parameters<ConfigDef['define']>[0]) => ({ ...key, group: GROUP, orderInGroup: ++order });
  return new ConfigDef()
    .define(
      define({
        name: K.REGION,
        type: ConfigType.STRING,
        defaultValue: '',
        importance: Importance.HIGH,
        documentation: 'The AWS region of the tables. Empty: the region the task runner runs in (AWS_REGION).',
      }),
    )
    .define(
      define({
        name: K.ENDPOINT,
        type: ConfigType.STRING,
        defaultValue: '',
        importance: Importance.LOW,
        documentation:
          "A DynamoDB endpoint URL to use instead of the region's (a DynamoDB-compatible server). Empty: AWS.",
      }),
    )
    .define(
      define({
        name: K.ACCESS_KEY_ID,
        type: ConfigType.PASSWORD,
        defaultValue: '',
        importance: Importance.LOW,
        documentation:
          "Static credentials, only for endpoints outside AWS; give them by reference (${secretsmanager:...}). Empty: the task runner's role.",
      }),
    )
    .define(
      define({
        name: K.SECRET_ACCESS_KEY,
        type: ConfigType.PASSWORD,
        defaultValue: '',
        importance: Importance.LOW,
        documentation: 'The secret of aws.access.key.id.',
      }),
    )
    .define(
      define({
        name: K.TABLE_NAME_FORMAT,
        type: ConfigType.STRING,
        defaultValue: '${topic}',
        validator: tableNameFormat,
        importance: Importance.HIGH,
        documentation: "The table a record goes to; ${topic} is replaced by the record's topic. The table must exist.",
      }),
    )
    .define(
      define({
        name: K.PK_HASH,
        type: ConfigType.STRING,
        defaultValue: 'partition',
        validator: keyReference(false),
        importance: Importance.HIGH,
        documentation:
          'Where the hash key comes from: partition, offset, key[.field.path], value[.field.path], each with an optional :alias naming the attribute.',
      }),
    )
    .define(
      define({
        name: K.PK_SORT,
        type: ConfigType.STRING,
        defaultValue: 'offset',
        validator: keyReference(true),
        importance: Importance.HIGH,
        documentation: 'Where the sort key comes from, as aws.dynamodb.pk.hash; empty for a table without a sort key.',
      }),
    )
    .define(
      define({
        name: K.BATCH_SIZE,
        type: ConfigType.INT,
        defaultValue: 4,
        validator: intBetween(1, MAX_BATCH_SIZE),
        importance: Importance.HIGH,
        documentation: 'Write requests per BatchWriteItem, 1 to 25; 1 sends one PutItem or DeleteItem per record.',
      }),
    )
    .define(
      define({
        name: K.MAX_RETRIES,
        type: ConfigType.INT,
        defaultValue: 10,
        validator: intBetween(0, 1_000),
        importance: Importance.MEDIUM,
        documentation:
          'Retries of a throttled or unprocessed write before put gives up with a retriable error (the framework delivers the batch again).',
      }),
    )
    .define(
      define({
        name: K.RETRY_BACKOFF_MS,
        type: ConfigType.LONG,
        defaultValue: 3_000,
        validator: intBetween(0, 3_600_000),
        importance: Importance.MEDIUM,
        documentation: 'The first pause before a retry; it doubles with each retry of the same batch (with jitter).',
      }),
    )
    .define(
      define({
        name: K.MAX_RETRY_TIME_SECONDS,
        type: ConfigType.LONG,
        defaultValue: 5,
        validator: intBetween(0, 900),
        importance: Importance.LOW,
        documentation: 'How long one put may spend retrying before it gives up with a retriable error.',
      }),
    )
    .define(
      define({
        name: K.DELETE_ENABLED,
        type: ConfigType.BOOLEAN,
        defaultValue: false,
        importance: Importance.MEDIUM,
        documentation:
          'A record with a null value (a tombstone) deletes the item its key names; when false tombstones are skipped.',
      }),
    );
}

/** The parsed settings. */
export interface DynamoDbSinkConfig {
  readonly region: string | undefined;
  readonly endpoint: string | undefined;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly tableNameFormat: string;
  readonly hashKey: KeyReference;
  readonly sortKey: KeyReference | undefined;
  readonly batchSize: number;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  readonly maxRetryTimeMs: number;
  readonly deleteEnabled: boolean;
}

/** Parses and validates `props`; throws `ConfigError` on the first bad key. */
export function parseDynamoDbSinkConfig(props: Readonly<Record<string, string>>): DynamoDbSinkConfig {
  const values = dynamoDbSinkConfigDef().parse(props);
  const text = (key: string): string => String(values.get(key) ?? '');
  const num = (key: string): number => Number(values.get(key));
  const accessKeyId = text(K.ACCESS_KEY_ID);
  const secretAccessKey = text(K.SECRET_ACCESS_KEY);
  if ((accessKeyId === '') !== (secretAccessKey === '')) {
    throw new ConfigError(`${K.ACCESS_KEY_ID} and ${K.SECRET_ACCESS_KEY} must be given together`);
  }
  const sort = text(K.PK_SORT);
  const hashKey = parseKeyReference(K.PK_HASH, text(K.PK_HASH));
  const sortKey = sort === '' ? undefined : parseKeyReference(K.PK_SORT, sort);
  if (sortKey !== undefined && sortKey.attribute === hashKey.attribute) {
    throw ConfigError.invalidValue(
      K.PK_SORT,
      sort,
      `the sort key attribute "${sortKey.attribute}" is the hash key's; give one an alias (value.id:sk)`,
    );
  }
  return {
    region: text(K.REGION) || undefined,
    endpoint: text(K.ENDPOINT) || undefined,
    credentials: accessKeyId === '' ? undefined : { accessKeyId, secretAccessKey },
    tableNameFormat: text(K.TABLE_NAME_FORMAT),
    hashKey,
    sortKey,
    batchSize: num(K.BATCH_SIZE),
    maxRetries: num(K.MAX_RETRIES),
    retryBackoffMs: num(K.RETRY_BACKOFF_MS),
    maxRetryTimeMs: num(K.MAX_RETRY_TIME_SECONDS) * 1_000,
    deleteEnabled: values.get(K.DELETE_ENABLED) === true,
  };
}

/** The table a topic's records go to. */
export function tableNameFor(format: string, topic: string): string {
  return format.replaceAll('${topic}', topic);
}
