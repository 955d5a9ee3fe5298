/**
 * The counter's task. Its source offset is the last number written, so a task that stops (a slice ends,
 * the connector is paused, the worker crashes) continues after the last committed number.
 * `poll` returns at once: a batch, or null when the count is reached.
 */
import { Schemas, SourceTask, sourceRecord, type SourceRecord } from 'lambda-connect/api';
import { parseCounterSettings, type CounterSettings } from './counter-config.js';
import { VERSION } from './version.js';

const PARTITION = Object.freeze({ counter: 'numbers' });

export class CounterSourceTask extends SourceTask {
  static readonly className = 'com.example.connect.CounterSourceTask';

  private settings: CounterSettings | undefined;
  private next: number | undefined;

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    this.settings = parseCounterSettings(props);
  }

  async poll(): Promise<SourceRecord[] | null> {
    const settings = this.settings;
    if (settings === undefined) return null;
    this.next ??= (await this.lastCommitted()) + 1;
    const records: SourceRecord[] = [];
    while (this.next <= settings.count && records.length < settings.batchSize) {
      const n = this.next++;
      records.push(
        sourceRecord({
          topic: settings.topic,
          sourcePartition: PARTITION,
          sourceOffset: { last: n },
          valueSchema: Schemas.INT64,
          value: n,
        }),
      );
    }
    return records.length > 0 ? records : null;
  }

  stop(): void {}

  private async lastCommitted(): Promise<number> {
    const offset = await this.context?.offsetStorageReader().offset(PARTITION);
    const last = offset?.['last'];
    return typeof last === 'number' ? last : 0;
  }
}
