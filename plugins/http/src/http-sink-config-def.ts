/**
 * The HTTP sink's keys, named and defaulted as Confluent's `HttpSinkConnector` where they exist (README:
 * "Differences from Confluent's HTTP sink" lists every departure).
 */
import { ConfigDef, ConfigError, ConfigType, Importance, Validators, type Validator } from 'lambda-connect/api';
import { parseStatusCodes } from './status-codes.js';

export const HttpSinkKeys = {
  URL: 'http.api.url',
  METHOD: 'request.method',
  HEADERS: 'headers',
  HEADER_SEPARATOR: 'header.separator',
  AUTH_TYPE: 'auth.type',
  USER: 'connection.user',
  PASSWORD: 'connection.password',
  BEARER_TOKEN: 'bearer.token',
  BODY_FORMAT: 'request.body.format',
  BATCH_MAX_SIZE: 'batch.max.size',
  BATCH_PREFIX: 'batch.prefix',
  BATCH_SUFFIX: 'batch.suffix',
  BATCH_SEPARATOR: 'batch.separator',
  BATCH_JSON_AS_ARRAY: 'batch.json.as.array',
  MAX_RETRIES: 'max.retries',
  RETRY_BACKOFF_MS: 'retry.backoff.ms',
  RETRY_BACKOFF_POLICY: 'retry.backoff.policy',
  RETRY_ON_STATUS_CODES: 'retry.on.status.codes',
  BEHAVIOR_ON_ERROR: 'behavior.on.error',
  BEHAVIOR_ON_NULL_VALUES: 'behavior.on.null.values',
  CONNECT_TIMEOUT_MS: 'http.connect.timeout.ms',
  REQUEST_TIMEOUT_MS: 'http.request.timeout.ms',
} as const;

export const AuthType = { NONE: 'NONE', BASIC: 'BASIC', THIRD_PARTY: 'THIRD_PARTY', BEARER: 'BEARER' } as const;
export type AuthType = (typeof AuthType)[keyof typeof AuthType];

/**
 * Ours retries 408, 429 and 5xx by default where Confluent's retries every code from 400: here a
 * retriable failure is redelivered until it passes (never dropped), so a poison 400 must not be retriable
 * or it would block its partition for good.
 */
export const DEFAULT_RETRY_ON_STATUS_CODES = '408,429,500-';

const K = HttpSinkKeys;

const httpUrl: Validator = (name, value) => {
  if (value === null) return;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw ConfigError.invalidValue(name, value, 'not an absolute URL (e.g. https://api.example.com/events)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw ConfigError.invalidValue(
      name,
      value,
      `the scheme must be http or https, not ${url.protocol.replace(':', '')}`,
    );
};

const statusCodes: Validator = (name, value) => {
  parseStatusCodes(name, String(value ?? '').split(','));
};

const oneOf = (values: readonly string[]): Validator => Validators.in(values, true);

function connection(def: ConfigDef): ConfigDef {
  const group = 'Connection';
  return def
    .define({
      name: K.URL,
      type: ConfigType.STRING,
      validator: httpUrl,
      importance: Importance.HIGH,
      group,
      documentation: 'The URL records are sent to (http or https).',
    })
    .define({
      name: K.METHOD,
      type: ConfigType.STRING,
      defaultValue: 'POST',
      validator: oneOf(['POST', 'PUT', 'PATCH']),
      importance: Importance.HIGH,
      group,
      documentation: 'The HTTP method: POST, PUT or PATCH.',
    })
    .define({
      name: K.HEADERS,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.HIGH,
      group,
      documentation: 'Headers sent with every request, `Name:value` pairs separated by header.separator.',
    })
    .define({
      name: K.HEADER_SEPARATOR,
      type: ConfigType.STRING,
      defaultValue: '|',
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      group,
      documentation: 'The separator between the headers in `headers`.',
    })
    .define({
      name: K.BEHAVIOR_ON_NULL_VALUES,
      type: ConfigType.STRING,
      defaultValue: 'ignore',
      validator: oneOf(['ignore', 'log', 'fail']),
      importance: Importance.LOW,
      group,
      documentation:
        'Records with a null value (tombstones): ignore (skip), log (skip and log the coordinates) or fail (handled as a failed request).',
    })
    .define({
      name: K.BEHAVIOR_ON_ERROR,
      type: ConfigType.STRING,
      defaultValue: 'fail',
      validator: oneOf(['fail', 'log', 'ignore']),
      importance: Importance.LOW,
      group,
      documentation:
        'A request the endpoint rejects (a status outside retry.on.status.codes) when no dead letter queue takes it: fail the task, log and go on, or ignore.',
    })
    .define({
      name: K.CONNECT_TIMEOUT_MS,
      type: ConfigType.INT,
      defaultValue: 30_000,
      validator: Validators.atLeast(1),
      importance: Importance.LOW,
      group,
      documentation: 'How long to wait for a connection to the endpoint, in ms.',
    })
    .define({
      name: K.REQUEST_TIMEOUT_MS,
      type: ConfigType.INT,
      defaultValue: 30_000,
      validator: Validators.atLeast(1),
      importance: Importance.LOW,
      group,
      documentation: 'How long to wait for a whole response once connected, in ms.',
    });
}

function authentication(def: ConfigDef): ConfigDef {
  const group = 'Authentication';
  return def
    .define({
      name: K.AUTH_TYPE,
      type: ConfigType.STRING,
      defaultValue: AuthType.NONE,
      validator: oneOf(Object.values(AuthType)),
      importance: Importance.HIGH,
      group,
      documentation:
        'NONE, BASIC (connection.user/connection.password), THIRD_PARTY or BEARER (bearer.token as `Authorization: Bearer`, or an Authorization header in `headers`).',
    })
    .define({
      name: K.USER,
      type: ConfigType.STRING,
      defaultValue: null,
      importance: Importance.HIGH,
      group,
      documentation: 'The user name for BASIC authentication.',
    })
    .define({
      name: K.PASSWORD,
      type: ConfigType.PASSWORD,
      defaultValue: null,
      importance: Importance.HIGH,
      group,
      documentation:
        'The password for BASIC authentication; give it by reference, e.g. ${secretsmanager:http-sink:password}.',
    })
    .define({
      name: K.BEARER_TOKEN,
      type: ConfigType.PASSWORD,
      defaultValue: null,
      importance: Importance.HIGH,
      group,
      documentation: 'The token for THIRD_PARTY / BEARER authentication; give it by reference.',
    });
}

function body(def: ConfigDef): ConfigDef {
  const group = 'Batching';
  return def
    .define({
      name: K.BODY_FORMAT,
      type: ConfigType.STRING,
      defaultValue: 'string',
      validator: oneOf(['string', 'json']),
      importance: Importance.MEDIUM,
      group,
      documentation: 'How a record value becomes the body: string (as Java String.valueOf) or json.',
    })
    .define({
      name: K.BATCH_MAX_SIZE,
      type: ConfigType.INT,
      defaultValue: 1,
      validator: Validators.between(1, 1_000_000),
      importance: Importance.HIGH,
      group,
      documentation: 'At most this many records per request.',
    })
    .define({
      name: K.BATCH_PREFIX,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.HIGH,
      group,
      documentation: 'Written once before the records of a request.',
    })
    .define({
      name: K.BATCH_SUFFIX,
      type: ConfigType.STRING,
      defaultValue: '',
      importance: Importance.HIGH,
      group,
      documentation: 'Written once after the records of a request.',
    })
    .define({
      name: K.BATCH_SEPARATOR,
      type: ConfigType.STRING,
      defaultValue: ',',
      importance: Importance.HIGH,
      group,
      documentation: 'Written between the records of a request.',
    })
    .define({
      name: K.BATCH_JSON_AS_ARRAY,
      type: ConfigType.BOOLEAN,
      defaultValue: false,
      importance: Importance.HIGH,
      group,
      documentation:
        'With request.body.format=json, send each request as a JSON array of the records (prefix, suffix and separator are then not used).',
    });
}

function retries(def: ConfigDef): ConfigDef {
  const group = 'Retries';
  return def
    .define({
      name: K.MAX_RETRIES,
      type: ConfigType.INT,
      defaultValue: 10,
      validator: Validators.atLeast(0),
      importance: Importance.MEDIUM,
      group,
      documentation: 'Retries of a failed request within one put, before the batch is handed back for redelivery.',
    })
    .define({
      name: K.RETRY_BACKOFF_MS,
      type: ConfigType.INT,
      defaultValue: 3_000,
      validator: Validators.atLeast(0),
      importance: Importance.MEDIUM,
      group,
      documentation: 'The first wait before a retry, in ms.',
    })
    .define({
      name: K.RETRY_BACKOFF_POLICY,
      type: ConfigType.STRING,
      defaultValue: 'EXPONENTIAL_WITH_JITTER',
      validator: oneOf(['CONSTANT_VALUE', 'EXPONENTIAL_WITH_JITTER']),
      importance: Importance.LOW,
      group,
      documentation:
        'CONSTANT_VALUE waits retry.backoff.ms every time; EXPONENTIAL_WITH_JITTER doubles it per retry, randomized.',
    })
    .define({
      name: K.RETRY_ON_STATUS_CODES,
      type: ConfigType.STRING,
      defaultValue: DEFAULT_RETRY_ON_STATUS_CODES,
      validator: statusCodes,
      importance: Importance.MEDIUM,
      group,
      documentation:
        'Statuses worth retrying: codes and inclusive ranges, comma-separated (429, 500-599, 500- for 500 and above).',
    });
}

/** Every key the HTTP sink reads. */
export function httpSinkConfigDef(): ConfigDef {
  return retries(body(authentication(connection(new ConfigDef()))));
}
