/**
 * The HTTP sink's settings parsed once into typed values (Connect's `*Config` class over its ConfigDef),
 * with the checks that span keys (credentials the chosen `auth.type` needs).
 */
import { ConfigError } from 'lambda-connect/api';
import { AuthType, HttpSinkKeys as K, httpSinkConfigDef } from './http-sink-config-def.js';
import { parseStatusCodes, type StatusRange } from './status-codes.js';

export type BodyFormat = 'string' | 'json';
export type ErrorBehavior = 'fail' | 'log' | 'ignore';

export class HttpSinkConfig {
  readonly url: URL;
  readonly method: 'POST' | 'PUT' | 'PATCH';
  /** Lower-cased names; `authorization` included when auth.type supplies it. */
  readonly headers: ReadonlyMap<string, string>;
  readonly bodyFormat: BodyFormat;
  readonly batchMaxSize: number;
  readonly batchPrefix: string;
  readonly batchSuffix: string;
  readonly batchSeparator: string;
  readonly batchJsonAsArray: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  readonly exponentialBackoff: boolean;
  readonly retryOnStatus: readonly StatusRange[];
  readonly behaviorOnError: ErrorBehavior;
  readonly behaviorOnNullValues: ErrorBehavior;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;

  /** Throws `ConfigError` on the first invalid key. */
  constructor(props: Readonly<Record<string, string>>) {
    const v = httpSinkConfigDef().parse(props);
    const str = (key: string): string => (v.get(key) as string | null) ?? '';
    const int = (key: string): number => v.get(key) as number;
    this.url = new URL(str(K.URL));
    this.method = str(K.METHOD).toUpperCase() as HttpSinkConfig['method'];
    this.bodyFormat = str(K.BODY_FORMAT).toLowerCase() as BodyFormat;
    this.batchMaxSize = int(K.BATCH_MAX_SIZE);
    this.batchPrefix = str(K.BATCH_PREFIX);
    this.batchSuffix = str(K.BATCH_SUFFIX);
    this.batchSeparator = str(K.BATCH_SEPARATOR);
    this.batchJsonAsArray = v.get(K.BATCH_JSON_AS_ARRAY) === true;
    this.maxRetries = int(K.MAX_RETRIES);
    this.retryBackoffMs = int(K.RETRY_BACKOFF_MS);
    this.exponentialBackoff = str(K.RETRY_BACKOFF_POLICY).toUpperCase() === 'EXPONENTIAL_WITH_JITTER';
    this.retryOnStatus = parseStatusCodes(K.RETRY_ON_STATUS_CODES, str(K.RETRY_ON_STATUS_CODES).split(','));
    this.behaviorOnError = str(K.BEHAVIOR_ON_ERROR).toLowerCase() as ErrorBehavior;
    this.behaviorOnNullValues = str(K.BEHAVIOR_ON_NULL_VALUES).toLowerCase() as ErrorBehavior;
    this.connectTimeoutMs = int(K.CONNECT_TIMEOUT_MS);
    this.requestTimeoutMs = int(K.REQUEST_TIMEOUT_MS);
    const headers = parseHeaders(str(K.HEADERS), str(K.HEADER_SEPARATOR));
    const authorization = authorizationHeader(
      str(K.AUTH_TYPE).toUpperCase() as AuthType,
      str(K.USER),
      str(K.PASSWORD),
      str(K.BEARER_TOKEN),
      headers.has('authorization'),
    );
    if (authorization !== null) headers.set('authorization', authorization);
    if (!headers.has('content-type'))
      headers.set('content-type', this.bodyFormat === 'json' ? 'application/json' : 'text/plain; charset=utf-8');
    this.headers = headers;
  }
}

/** `Name:value` pairs; a pair without a colon or with an empty name is a clear error. */
export function parseHeaders(text: string, separator: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const pair of text.split(separator)) {
    if (pair.trim() === '') continue;
    const colon = pair.indexOf(':');
    const name = colon < 0 ? '' : pair.slice(0, colon).trim();
    if (name === '' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw ConfigError.invalidValue(
        K.HEADERS,
        text,
        `'${pair.trim()}' is not a Name:value header (headers are separated by '${separator}')`,
      );
    }
    headers.set(name.toLowerCase(), pair.slice(colon + 1).trim());
  }
  return headers;
}

function authorizationHeader(
  type: AuthType,
  user: string,
  password: string,
  token: string,
  headerGiven: boolean,
): string | null {
  switch (type) {
    case AuthType.NONE:
      return null;
    case AuthType.BASIC:
      if (user === '') throw ConfigError.invalidValue(K.USER, null, `${K.AUTH_TYPE}=BASIC needs a user name`);
      return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    case AuthType.THIRD_PARTY:
    case AuthType.BEARER:
      if (token !== '') return `Bearer ${token}`;
      if (headerGiven) return null;
      throw new ConfigError(
        `${K.AUTH_TYPE}=${type} needs ${K.BEARER_TOKEN} or an Authorization header in ${K.HEADERS}`,
      );
  }
}
