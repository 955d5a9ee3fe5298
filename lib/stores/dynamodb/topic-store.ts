import type { TopicStore } from '../ports.js';
import { attr, readString, type DynamoTable } from './table.js';

const topicsPk = (connector: string): string => `topics#${connector}`;

/** Active topics per connector in the state table (Connect's `status-topic-*` records). */
export class DynamoTopicStore implements TopicStore {
  constructor(private readonly table: DynamoTable) {}

  async recordTopics(connector: string, topics: readonly string[], now: number): Promise<void> {
    for (const topic of topics) {
      await this.table
        .put(
          topicsPk(connector),
          topic,
          { discoverTimestamp: attr.n(now) },
          {
            condition: 'attribute_not_exists(#pk)',
            names: { '#pk': 'pk' },
          },
        )
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        });
    }
  }

  async listTopics(connector: string): Promise<string[]> {
    return (await this.table.query(topicsPk(connector))).map((item) => readString(item, 'sk') ?? '').sort();
  }

  async reset(connector: string): Promise<void> {
    await this.table.deletePartition(topicsPk(connector));
  }
}
