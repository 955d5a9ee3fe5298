/**
 * The one way to build the DynamoDB client the stores use, on AWS and locally alike, so the settings
 * below hold everywhere. Build it once per Lambda environment (the composition root does) and reuse it:
 * its keep-alive connections and resolved credentials then serve every warm invocation.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * `cacheMiddleware`: the SDK resolves a command's middleware stack (sorting ~30 middlewares) on every
 * `send` unless told to keep the result per command class; the stores send the same few commands all
 * the time, and that resolution was ~10% of the SDK's CPU per call in the REST benchmark. The price
 * is that middleware added after the first `send` is ignored: add instrumentation before using it.
 * Keep-alive and a socket pool of 50 are the SDK's defaults for Node and are kept.
 */
/**
 * The SDK waits for ever by default on a server that accepts no connection or never answers; with these
 * bounds an unreachable DynamoDB becomes a retriable error (a 503 from the REST API) within the SDK's
 * three attempts, well inside API Gateway's 29 s. Single-item calls take milliseconds when healthy.
 */
export const DYNAMO_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 8_000 } as const;

export function createDynamoClient(config: DynamoDBClientConfig): DynamoDBClient {
  return new DynamoDBClient({ cacheMiddleware: true, requestHandler: DYNAMO_TIMEOUTS, ...config });
}
