/** Sink records and a recording task context for the JDBC sink's tests. */
import {
  TimestampType,
  type ErrantRecordReporter,
  type Schema,
  type SinkRecord,
  type SinkTaskContext,
} from 'lambda-connect/api';

export interface RecordInput {
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
  readonly keySchema?: Schema | null;
  readonly key?: unknown;
  readonly valueSchema?: Schema | null;
  readonly value?: unknown;
}

export function sinkRecord(input: RecordInput): SinkRecord {
  const topic = input.topic ?? 'orders';
  const partition = input.partition ?? 0;
  const offset = input.offset ?? 0;
  return {
    topic,
    kafkaPartition: partition,
    kafkaOffset: offset,
    keySchema: input.keySchema ?? null,
    key: input.key ?? null,
    valueSchema: input.valueSchema ?? null,
    value: input.value ?? null,
    timestamp: 1_700_000_000_000,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: topic,
    originalKafkaPartition: partition,
    originalKafkaOffset: offset,
  };
}

/** A context that records what the task asks of the framework (reports, timeouts). */
export class RecordingContext implements SinkTaskContext {
  readonly reported: Array<{ record: SinkRecord; error: Error }> = [];
  readonly timeouts: number[] = [];

  constructor(
    private readonly props: Readonly<Record<string, string>>,
    private readonly withReporter: boolean,
  ) {}

  configs(): Readonly<Record<string, string>> {
    return this.props;
  }
  offset(): void {}
  timeout(timeoutMs: number): void {
    this.timeouts.push(timeoutMs);
  }
  assignment(): [] {
    return [];
  }
  pause(): void {}
  resume(): void {}
  requestCommit(): void {}
  errantRecordReporter(): ErrantRecordReporter | null {
    if (!this.withReporter) return null;
    return async (record, error) => {
      this.reported.push({ record, error });
    };
  }
}
