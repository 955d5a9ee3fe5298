/**
 * The error responses of the Lambda Invoke API, shaped as AWS sends them (restJson1: the error code in
 * the `x-amzn-ErrorType` header, `Type` and `Message`/`message` in the body) so that
 * `@aws-sdk/client-lambda` throws the same exception classes locally as on AWS.
 *
 * Two kinds of failure, as on AWS:
 * - service errors (unknown function, payload too large, bad request): a 4xx status, the SDK throws;
 * - function errors (the handler threw or timed out): status 200, header `X-Amz-Function-Error:
 *   Unhandled`, the error document as payload; the SDK does NOT throw, `FunctionError` is set.
 */
import { functionArn } from './lambda-context.js';

export interface ServiceErrorResponse {
  readonly statusCode: number;
  readonly errorType: string;
  readonly body: Readonly<Record<string, string>>;
}

/** Body member casing differs per exception in the Lambda API model (`Message` vs `message`). */
export function resourceNotFound(functionName: string, qualifier?: string): ServiceErrorResponse {
  const arn = qualifier === undefined ? functionArn(functionName) : `${functionArn(functionName)}:${qualifier}`;
  return {
    statusCode: 404,
    errorType: 'ResourceNotFoundException',
    body: { Type: 'User', Message: `Function not found: ${arn}` },
  };
}

export function requestTooLarge(limitBytes: number): ServiceErrorResponse {
  return {
    statusCode: 413,
    errorType: 'RequestTooLargeException',
    body: {
      Type: 'User',
      message: `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`,
    },
  };
}

export function invalidRequestContent(detail: string): ServiceErrorResponse {
  return {
    statusCode: 400,
    errorType: 'InvalidRequestContentException',
    body: { Type: 'User', message: `Could not parse request body into json: ${detail}` },
  };
}

export function invalidParameterValue(message: string): ServiceErrorResponse {
  return { statusCode: 400, errorType: 'InvalidParameterValueException', body: { Type: 'User', message } };
}

export function unknownOperation(method: string, path: string): ServiceErrorResponse {
  return {
    statusCode: 404,
    errorType: 'UnknownOperationException',
    body: { Type: 'User', message: `The local Invoke endpoint serves only Invoke, not ${method} ${path}` },
  };
}

/**
 * The error document of an unhandled function error as the Node.js runtime writes it
 * (`errorType`, `errorMessage`, `trace`: the stack as lines; Python and Java runtimes say
 * `stackTrace`, Node.js does not).
 */
export interface FunctionErrorDocument {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** What the Node.js runtime reports for a thrown value (an `Error` or anything else). */
export function describeThrown(thrown: unknown): FunctionErrorDocument {
  if (thrown instanceof Error) {
    return { errorType: thrown.name, errorMessage: thrown.message, trace: (thrown.stack ?? '').split('\n') };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

/** The document Lambda returns when a function runs past its timeout. */
export function timeoutError(awsRequestId: string, timeoutMs: number): FunctionErrorDocument {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${awsRequestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
  };
}

/**
 * Lambda's limit on a synchronous response payload. AWS's error text names 6,291,556 bytes, 100 more
 * than the 6 MiB request limit; reproduced as AWS writes it.
 */
export const MAX_RESPONSE_PAYLOAD_BYTES = 6_291_556;

export function responseTooLarge(): FunctionErrorDocument {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_PAYLOAD_BYTES} bytes).`,
  };
}
