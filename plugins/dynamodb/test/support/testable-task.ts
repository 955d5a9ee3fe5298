/** The sink task on a fake client and an instant clock: backoffs are recorded, not waited. */
import { DynamoDbSinkTask } from '../../src/dynamodb-sink-task.js';
import type { WriterTiming } from '../../src/batch-writer.js';
import type { DynamoDbSinkConfig } from '../../src/dynamodb-sink-config.js';
import type { TableClient } from '../../src/table-client.js';
import type { FakeTableClient } from './fake-table-client.js';

export class TestableTask extends DynamoDbSinkTask {
  readonly sleeps: number[] = [];
  clock = 0;

  constructor(readonly fake: FakeTableClient) {
    super();
  }

  protected override createClient(_config: DynamoDbSinkConfig): TableClient {
    return this.fake;
  }

  protected override timing(): WriterTiming {
    return {
      now: () => this.clock,
      sleep: async (ms) => {
        this.sleeps.push(ms);
        this.clock += ms;
      },
      random: () => 1,
    };
  }
}
