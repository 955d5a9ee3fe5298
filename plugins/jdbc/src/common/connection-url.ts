/**
 * Parses a JDBC URL for PostgreSQL (`jdbc:postgresql://host[:port][/database][?key=value&...]`), as the
 * PostgreSQL JDBC driver reads it, into node-postgres connection settings. Only the properties that have a
 * node-postgres equivalent are accepted; any other property is refused by name rather than ignored, so a
 * user never believes a setting is in force when it is not.
 */
import { ConfigError } from 'lambda-connect/api';

const PREFIX = 'jdbc:postgresql:';
const DEFAULT_PORT = 5432;

/** The TLS modes of libpq and the PostgreSQL JDBC driver's `sslmode`. */
export const SslMode = {
  DISABLE: 'disable',
  ALLOW: 'allow',
  PREFER: 'prefer',
  REQUIRE: 'require',
  VERIFY_CA: 'verify-ca',
  VERIFY_FULL: 'verify-full',
} as const;
export type SslMode = (typeof SslMode)[keyof typeof SslMode];

export interface PostgresUrl {
  readonly host: string;
  readonly port: number;
  /** Defaults to the user name, as the driver does, when the URL names no database. */
  readonly database: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly sslMode: SslMode | undefined;
  /** `connectTimeout`, in seconds as the driver spells it. */
  readonly connectTimeoutSeconds: number | undefined;
  readonly applicationName: string | undefined;
  /** `currentSchema`: where unqualified table names resolve (sent as the `search_path` startup option). */
  readonly currentSchema: string | undefined;
}

const KNOWN_PROPERTIES = [
  'user',
  'password',
  'ssl',
  'sslmode',
  'connectTimeout',
  'ApplicationName',
  'currentSchema',
  'reWriteBatchedInserts',
  'prepareThreshold',
];

/** Throws a `ConfigError` naming `configName` and saying what to change. */
export function parsePostgresUrl(url: string, configName = 'connection.url'): PostgresUrl {
  const invalid = (reason: string): ConfigError => ConfigError.invalidValue(configName, redactUrl(url), reason);
  if (!url.startsWith(PREFIX)) throw invalid(`only PostgreSQL is supported: the URL must start with ${PREFIX}//`);
  const rest = url.slice(PREFIX.length);
  if (!rest.startsWith('//')) throw invalid(`expected ${PREFIX}//host[:port]/database`);
  if (rest.slice(2).split(/[/?]/, 1)[0]?.includes(','))
    throw invalid('several hosts (failover) are not supported; name one host, e.g. an RDS Proxy or cluster endpoint');
  let parsed: URL;
  try {
    parsed = new URL(`postgresql:${rest}`);
  } catch {
    throw invalid(`expected ${PREFIX}//host[:port]/database`);
  }
  if (parsed.hostname === '') throw invalid('the URL names no host');
  const params = parsed.searchParams;
  for (const key of params.keys()) {
    if (!KNOWN_PROPERTIES.includes(key))
      throw invalid(`the driver property '${key}' is not supported (supported: ${KNOWN_PROPERTIES.join(', ')})`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? DEFAULT_PORT : Number(parsed.port),
    database: database === '' ? undefined : database,
    user: params.get('user') ?? undefined,
    password: params.get('password') ?? undefined,
    sslMode: sslModeOf(params, invalid),
    connectTimeoutSeconds: optionalNumber(params.get('connectTimeout'), 'connectTimeout', invalid),
    applicationName: params.get('ApplicationName') ?? undefined,
    currentSchema: params.get('currentSchema') ?? undefined,
  };
}

function sslModeOf(params: URLSearchParams, invalid: (reason: string) => ConfigError): SslMode | undefined {
  const mode = params.get('sslmode');
  if (mode !== null) {
    if (!(Object.values(SslMode) as string[]).includes(mode))
      throw invalid(`sslmode must be one of ${Object.values(SslMode).join(', ')}`);
    return mode as SslMode;
  }
  const ssl = params.get('ssl');
  if (ssl === null) return undefined;
  // The driver treats `ssl` (any value but false) as sslmode=verify-full.
  return ssl === 'false' ? SslMode.DISABLE : SslMode.VERIFY_FULL;
}

function optionalNumber(
  text: string | null,
  name: string,
  invalid: (reason: string) => ConfigError,
): number | undefined {
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw invalid(`${name} must be a non-negative number of seconds`);
  return value;
}

/** The URL with any `password=` property masked, for error messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]password=)[^&]*/gi, '$1[hidden]');
}
