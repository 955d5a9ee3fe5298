/**
 * The HTTP layer of the Schema Registry client: Confluent's REST API over `fetch`, across several registry
 * URLs (the next one on a refused, timed-out, 5xx or 429 answer, as Confluent's `RestService` fails over),
 * with basic auth. Node's fetch refuses URLs that carry credentials, so `user:password@` moves into the
 * Authorization header here.
 */
import { RegistryRequestError, RegistryUnavailableError } from './registry-errors.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface RegistryHttpOptions {
  /** One or more base URLs (`schema.registry.url`), each possibly with `user:password@`. */
  readonly urls: readonly string[];
  /** `user:password` for every URL (`basic.auth.user.info`); else each URL's own user info, if any. */
  readonly userInfo?: string;
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
  /** HTTP requests sent (including failed-over attempts): the bench reports it per 100,000 records. */
  requests = 0;

  constructor(options: RegistryHttpOptions) {
    if (options.urls.length === 0) throw new Error('schema.registry.url lists no URL');
    this.targets = options.urls.map((url) => target(url, options.userInfo));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The JSON body of a 2xx answer; throws {@link RegistryRequestError} for a 4xx, {@link RegistryUnavailableError} when no URL answers. */
  async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const failures: string[] = [];
    let lastError: unknown;
    for (let tried = 0; tried < this.targets.length; tried++) {
      const index = (this.current + tried) % this.targets.length;
      const { base, authorization } = this.targets[index] as Target;
      let response: Response;
      let text: string;
      try {
        this.requests++;
        const headers: Record<string, string> = { accept: CONTENT_TYPE };
        if (body !== undefined) headers['content-type'] = CONTENT_TYPE;
        if (authorization !== undefined) headers['authorization'] = authorization;
        response = await fetch(`${base}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        lastError = error;
        failures.push(`${base}: ${describe(error)}`);
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        failures.push(`${base}: HTTP ${response.status} ${text.slice(0, 200)}`);
        continue;
      }
      this.current = index;
      if (!response.ok) throw requestError(response.status, text, method, path);
      return (text === '' ? {} : JSON.parse(text)) as T;
    }
    throw new RegistryUnavailableError(`Schema Registry unavailable (${method} ${path}): ${failures.join('; ')}`, {
      cause: lastError,
    });
  }
}

function target(url: string, userInfo: string | undefined): Target {
  const parsed = new URL(url);
  const fromUrl =
    parsed.username === ''
      ? undefined
      : `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  const credentials = userInfo ?? fromUrl;
  return {
    base: parsed.toString().replace(/\/+$/, ''),
    authorization: credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`,
  };
}

function requestError(status: number, text: string, method: string, path: string): RegistryRequestError {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error_code?: unknown };
    const code = typeof parsed.error_code === 'number' ? parsed.error_code : status;
    return new RegistryRequestError(typeof parsed.message === 'string' ? parsed.message : text, status, code);
  } catch {
    return new RegistryRequestError(`${method} ${path} answered ${status}: ${text.slice(0, 500)}`, status, status);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
