import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../ports.js';
import type { TableNames } from '../tables.js';
import { DynamoConfigStore } from './config-store.js';
import { DynamoLeaseStore } from './lease-store.js';
import { DynamoOffsetStore } from './offset-store.js';
import { DynamoStatusStore } from './status-store.js';
import { DynamoTable } from './table.js';
import { DynamoTopicStore } from './topic-store.js';

export { createDynamoClient } from './client.js';
export { DynamoConfigStore, DynamoLeaseStore, DynamoOffsetStore, DynamoStatusStore, DynamoTable, DynamoTopicStore };

/** All stores on the three tables of one deployment. */
export function createDynamoStores(client: DynamoDBClient, tables: TableNames): Stores {
  const state = new DynamoTable(client, tables.state);
  return {
    configs: new DynamoConfigStore(new DynamoTable(client, tables.config)),
    statuses: new DynamoStatusStore(state),
    leases: new DynamoLeaseStore(state),
    offsets: new DynamoOffsetStore(new DynamoTable(client, tables.offsets)),
    topics: new DynamoTopicStore(state),
  };
}
