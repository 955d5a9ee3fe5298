/** A DynamoDB item as the SDK reads and writes it (attribute name → typed value). */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;
