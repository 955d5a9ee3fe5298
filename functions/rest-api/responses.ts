/**
 * HTTP responses in Connect's shapes, and the one mapping from errors to HTTP (Connect's
 * ConnectExceptionMapper): `{"error_code": status, "message": …}`.
 */
import { inspect } from 'node:util';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ConnectError, NotFoundError } from '../../lib/api/errors.js';
import { ConnectRestError } from '../../lib/herder/errors.js';
import { JaxRsError } from './router.js';
import { StaleEpochError, StoreLimitError, StoreUnavailableError } from '../../lib/stores/errors.js';
import type { Log } from '../../lib/common/log.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * Connect sends no Content-Type on an empty answer (202, 204), and clients that parse every body labelled
 * JSON fail on an empty one. API Gateway (REST API, Lambda proxy) labels a response that names no
 * Content-Type `application/json`; one that names it with a null value is left unlabelled (decision 0011),
 * and the local adapter does the same.
 */
export const UNTYPED: Readonly<Record<string, string>> = { 'Content-Type': null } as unknown as Record<string, string>;

export function noContent(statusCode = 204): APIGatewayProxyResult {
  return { statusCode, headers: { ...UNTYPED }, body: '' };
}

/** A JSON body sent without a Content-Type, as Jersey answers a path no resource matches. */
export function untypedJson(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...UNTYPED }, body: JSON.stringify(body) };
}

export function errorBody(status: number, message: string | null): APIGatewayProxyResult {
  return json(status, { error_code: status, message });
}

/** Connect's retry-later answer (its 503s), said of the state store; the cause goes to the log only. */
export const STORE_UNAVAILABLE_MESSAGE =
  'The state store (DynamoDB) is unavailable or throttling requests at the moment; please retry later';

/** What error rendering needs of the Log port. */
export type ErrorLog = Pick<Log, 'error'>;

/** Maps any thrown value to Connect's error response. Unexpected errors get a generic message and are logged. */
export function errorResponse(error: unknown, requestId: string, log: ErrorLog): APIGatewayProxyResult {
  if (error instanceof JaxRsError)
    return untypedJson(error.status, { error_code: error.status, message: error.message });
  if (error instanceof ConnectRestError) return errorBody(error.status, error.message);
  if (error instanceof NotFoundError) return errorBody(404, error.message);
  if (error instanceof StoreLimitError) return errorBody(400, error.message);
  if (error instanceof StaleEpochError)
    return errorBody(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)');
  if (error instanceof StoreUnavailableError) {
    log.error('store unavailable', { requestId, error: describe(error) });
    return errorBody(503, STORE_UNAVAILABLE_MESSAGE);
  }
  if (error instanceof ConnectError) return errorBody(500, error.message);
  log.error('unexpected error', { requestId, error: describe(error) });
  return errorBody(500, `Internal error (request id ${requestId})`);
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  // A thrown non-Error (a plain object from a dependency) would log as "[object Object]".
  return { value: inspect(error, { depth: 4, breakLength: Infinity }) };
}
