/**
 * Turns a Lambda proxy result into the HTTP response API Gateway (REST API) would send.
 *
 * From the AWS developer guide, "Output format of a Lambda function for proxy integration": when both
 * `headers` and `multiValueHeaders` are given, API Gateway merges them into one list, and a key-value
 * pair given in both appears only once (from `multiValueHeaders`). `isBase64Encoded: true` means the
 * body is base64 and is sent decoded. A result that does not have that shape makes API Gateway answer
 * 502 `{"message": "Internal server error"}` (its log says "Malformed Lambda proxy response").
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

export interface HttpResponseParts {
  readonly statusCode: number;
  /** Header name → values, names as the handler spelled them. */
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: Buffer;
}

/** What API Gateway answers when the integration failed or returned garbage. */
export const INTERNAL_SERVER_ERROR: HttpResponseParts = gatewayError(502, 'Internal server error');

/** What API Gateway answers when the integration did not answer within its timeout. */
export const ENDPOINT_TIMED_OUT: HttpResponseParts = gatewayError(504, 'Endpoint request timed out');

export class MalformedProxyResultError extends Error {
  constructor(reason: string) {
    super(`Malformed Lambda proxy response: ${reason}`);
    this.name = 'MalformedProxyResultError';
  }
}

/** Converts a handler's result; throws {@link MalformedProxyResultError} when AWS would reject it. */
export function toHttpResponse(result: unknown): HttpResponseParts {
  if (typeof result !== 'object' || result === null) throw new MalformedProxyResultError('not an object');
  const candidate = result as Partial<APIGatewayProxyResult>;
  const { statusCode } = candidate;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedProxyResultError(`statusCode ${String(statusCode)} is not an HTTP status`);
  }
  const body = candidate.body ?? '';
  if (typeof body !== 'string') throw new MalformedProxyResultError('body is not a string');
  const headers = mergeHeaders(candidate.headers, candidate.multiValueHeaders);
  if (!namesHeader(candidate, 'content-type')) {
    // API Gateway REST APIs label a proxy response that names no Content-Type as JSON; one that names it
    // with a null value goes out without any (decision 0011).
    headers['Content-Type'] = ['application/json'];
  }
  const bytes = candidate.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  return { statusCode, headers, body: bytes };
}

/** A header value as a handler may return it; null (outside the typings) means "send none". */
type HeaderValue = boolean | number | string | null;

/** Whether the result names the header at all, with a value or as null. */
function namesHeader(result: Partial<APIGatewayProxyResult>, lowerName: string): boolean {
  return [result.headers, result.multiValueHeaders].some((map) =>
    Object.keys(map ?? {}).some((name) => name.toLowerCase() === lowerName),
  );
}

function mergeHeaders(
  single: Readonly<Record<string, HeaderValue>> | undefined,
  multi: Readonly<Record<string, readonly HeaderValue[] | null>> | undefined,
): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(multi ?? {})) {
    const present = (values ?? []).filter((v) => v !== null).map(String);
    if (present.length > 0) merged[name] = present;
  }
  for (const [name, value] of Object.entries(single ?? {})) {
    if (value === null) continue;
    const list = (merged[name] ??= []);
    if (!list.includes(String(value))) list.push(String(value));
  }
  return merged;
}

function gatewayError(statusCode: number, message: string): HttpResponseParts {
  return {
    statusCode,
    headers: { 'Content-Type': ['application/json'] },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}
