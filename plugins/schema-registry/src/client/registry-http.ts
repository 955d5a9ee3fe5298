/**
 * The HTTP layer of the Schema Registry client: Confluent's REST API over node:http(s), across several
 * registry URLs (the next one on a refused, timed-out, 5xx or 429 answer, as Confluent's `RestService`
 * fails over), with basic or bearer auth and the `schema.registry.ssl.*` trust and key stores (one
 * keep-alive agent per client). `user:password@` in a URL moves into the Authorization header.
 *
 * A TLS handshake that fails verification (an unknown CA, a host name the certificate does not name, a
 * client certificate refused) is not an outage: when every URL fails that way, the error says so and is
 * the record's (the task fails with it), since retrying cannot succeed until the configuration changes.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { RegistryRequestError, RegistryTlsError, RegistryUnavailableError } from './registry-errors.js';
import type { RegistryTls } from './registry-tls.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface RegistryHttpOptions {
  /** One or more base URLs (`schema.registry.url`), each possibly with `user:password@`. */
  readonly urls: readonly string[];
  /** `user:password` for every URL (`basic.auth.user.info`); else each URL's own user info, if any. */
  readonly userInfo?: string;
  /** `bearer.auth.token`: sent as `Authorization: Bearer …` instead of any basic auth. */
  readonly bearerToken?: string;
  /** Sent with every request (Confluent Cloud's `target-sr-cluster`, `Confluent-Identity-Pool-Id`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `schema.registry.ssl.*` for https URLs; absent: Node's public CAs, host name checked. */
  readonly tls?: RegistryTls;
  readonly timeoutMs?: number;
}

interface Target {
  readonly base: string;
  readonly authorization: string | undefined;
}

/** Sends requests to the first URL that answers; counts every HTTP request it makes. */
export class RegistryHttp {
  private readonly targets: readonly Target[];
  private current = 0;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;
  /** HTTP requests sent (including failed-over attempts): the bench reports it per 100,000 records. */
  requests = 0;

  constructor(options: RegistryHttpOptions) {
    if (options.urls.length === 0) throw new Error('schema.registry.url lists no URL');
    this.targets = options.urls.map((url) => target(url, options.userInfo, options.bearerToken));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = options.headers ?? {};
    this.httpsAgent = httpsAgent(options.tls);
  }

  /** Closes the keep-alive connections (tests). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** The JSON body of a 2xx answer; throws {@link RegistryRequestError} for a 4xx, {@link RegistryUnavailableError} when no URL answers. */
  async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const failures: string[] = [];
    let lastError: unknown;
    let tlsFailures = 0;
    for (let tried = 0; tried < this.targets.length; tried++) {
      const index = (this.current + tried) % this.targets.length;
      const { base, authorization } = this.targets[index] as Target;
      let answer: { status: number; text: string };
      try {
        this.requests++;
        const headers: Record<string, string> = { ...this.headers, accept: CONTENT_TYPE };
        if (body !== undefined) headers['content-type'] = CONTENT_TYPE;
        if (authorization !== undefined) headers['authorization'] = authorization;
        answer = await this.send(
          method,
          `${base}${path}`,
          headers,
          body === undefined ? undefined : JSON.stringify(body),
        );
      } catch (error) {
        lastError = error;
        if (isTlsVerificationFailure(error)) tlsFailures++;
        failures.push(`${base}: ${describe(error)}`);
        continue;
      }
      const { status, text } = answer;
      if (status >= 500 || status === 429) {
        failures.push(`${base}: HTTP ${status} ${text.slice(0, 200)}`);
        continue;
      }
      this.current = index;
      if (status < 200 || status >= 300) throw requestError(status, text, method, path);
      return (text === '' ? {} : JSON.parse(text)) as T;
    }
    if (tlsFailures === this.targets.length)
      throw new RegistryTlsError(
        `TLS with the Schema Registry failed (${method} ${path}): ${failures.join('; ')}. Check schema.registry.ssl.truststore.*, schema.registry.ssl.keystore.* and schema.registry.ssl.endpoint.identification.algorithm`,
        { cause: lastError },
      );
    throw new RegistryUnavailableError(`Schema Registry unavailable (${method} ${path}): ${failures.join('; ')}`, {
      cause: lastError,
    });
  }

  private send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<{ status: number; text: string }> {
    const https = url.startsWith('https:');
    const send = https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: https ? this.httpsAgent : this.httpAgent,
          signal: AbortSignal.timeout(this.timeoutMs),
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

function httpsAgent(tls: RegistryTls | undefined): HttpsAgent {
  if (tls === undefined) return new HttpsAgent({ keepAlive: true });
  return new HttpsAgent({
    keepAlive: true,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.pfx === undefined ? {} : { pfx: tls.pfx }),
    ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
    // An empty endpoint.identification.algorithm: the chain is verified, the host name is not.
    checkServerIdentity: tls.checkHostname ? checkServerIdentity : () => undefined,
  });
}

/** OpenSSL's verification codes and Node's host name mismatch, and a server refusing our certificate. */
const TLS_VERIFICATION =
  /^(ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|CERT_REJECTED|HOSTNAME_MISMATCH|ERR_SSL_.*(CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE).*)$/;

function isTlsVerificationFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TLS_VERIFICATION.test(code);
}

function target(url: string, userInfo: string | undefined, bearerToken: string | undefined): Target {
  const parsed = new URL(url);
  const fromUrl =
    parsed.username === ''
      ? undefined
      : `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  const credentials = userInfo ?? fromUrl;
  const base = parsed.toString().replace(/\/+$/, '');
  if (bearerToken !== undefined) return { base, authorization: `Bearer ${bearerToken}` };
  return {
    base,
    authorization: credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`,
  };
}

function requestError(status: number, text: string, method: string, path: string): RegistryRequestError {
  // 401/403: say which settings to look at; the registry's own words follow.
  const refused =
    status === 401 || status === 403
      ? `Schema Registry refused the credentials (HTTP ${status}; check bearer.auth.token, basic.auth.user.info or the URL's user info): `
      : '';
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error_code?: unknown };
    const code = typeof parsed.error_code === 'number' ? parsed.error_code : status;
    return new RegistryRequestError(
      `${refused}${typeof parsed.message === 'string' ? parsed.message : text}`,
      status,
      code,
    );
  } catch {
    return new RegistryRequestError(
      `${refused}${method} ${path} answered ${status}: ${text.slice(0, 500)}`,
      status,
      status,
    );
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  const code = (error as { code?: unknown }).code;
  return `${error.message}${cause}${typeof code === 'string' && !error.message.includes(code) ? ` [${code}]` : ''}`;
}
