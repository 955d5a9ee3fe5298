/**
 * A Lambda-like `Context` for handlers hosted by the local stack, so a handler reads its time budget
 * (`getRemainingTimeInMillis`) and request id exactly as it does on AWS.
 */
import { randomUUID } from 'node:crypto';
import type { ClientContext, Context } from 'aws-lambda';

/** A handler as the Node.js Lambda runtime calls it (async form; callbacks are not supported locally). */
export type LambdaHandler<TEvent = unknown, TResult = unknown> = (event: TEvent, context: Context) => Promise<TResult>;

/** The account id the local stack puts into ARNs (a placeholder: nothing checks it). */
export const LOCAL_ACCOUNT_ID = '000000000000';
/** The region the local stack pretends to run in. */
export const LOCAL_REGION = 'us-east-1';

export interface LambdaContextOptions {
  readonly functionName: string;
  /** The function's timeout: `getRemainingTimeInMillis()` counts down from it. */
  readonly timeoutMs: number;
  /** Default: a fresh UUID, as Lambda's request ids are. */
  readonly awsRequestId?: string;
  readonly memoryLimitInMB?: number;
  readonly clientContext?: ClientContext;
  /** Clock in ms, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Creates a context whose clock starts now. The deprecated `done`/`fail`/`succeed` methods throw:
 * the product's handlers are async and must not use them.
 */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  const requestId = options.awsRequestId ?? randomUUID();
  const unsupported = (name: string) => (): never => {
    throw new Error(`context.${name}() is not supported by the local stack; return a promise instead`);
  };
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(options.functionName),
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
  if (options.clientContext !== undefined) context.clientContext = options.clientContext;
  return context;
}

/** The ARN a function of this name would have in the local account and region. */
export function functionArn(functionName: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}
