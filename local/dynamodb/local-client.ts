/**
 * A DynamoDB client for a local or test endpoint (dynalite, moto, a CI server): fixed region and dummy
 * static credentials, so nothing reads the developer's AWS profile or reaches AWS by accident.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../lib/stores/dynamodb/client.js';
import { LOCAL_REGION } from '../lambda/lambda-context.js';

/** Dummy credentials: local servers check their shape (SigV4 headers), not their value. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** A client for `endpoint`. The caller owns it and calls `destroy()` when done. */
export function createLocalDynamoClient(endpoint: string): DynamoDBClient {
  return createDynamoClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
}
