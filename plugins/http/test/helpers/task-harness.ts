/**
 * Unit-test harness for the HTTP sink task: sink records, and a recording SinkTaskContext standing in for
 * the framework (the errant record reporter collects what it is given).
 */
import { TimestampType, type SinkRecord, type SinkTaskContext } from 'lambda-connect/api';
import { HttpSinkTask } from '../../src/index.js';

export function sinkRecord(value: unknown, offset: number, partition = 0, topic = 'events'): SinkRecord {
  return {
    topic,
    kafkaPartition: partition,
    kafkaOffset: offset,
    keySchema: null,
    key: null,
    valueSchema: null,
    value,
    timestamp: null,
    timestampType: TimestampType.CREATE_TIME,
    headers: [],
    originalTopic: topic,
    originalKafkaPartition: partition,
    originalKafkaOffset: offset,
  };
}

export interface Harness {
  readonly task: HttpSinkTask;
  readonly reported: Array<{ record: SinkRecord; error: Error }>;
  readonly timeouts: number[];
}

/** A started task against `url`; `withReporter` gives the context an errant record reporter (a DLQ). */
export function startTask(url: string, props: Record<string, string> = {}, withReporter = true): Harness {
  const reported: Array<{ record: SinkRecord; error: Error }> = [];
  const timeouts: number[] = [];
  const config = { 'http.api.url': url, 'retry.backoff.ms': '1', ...props };
  const context: SinkTaskContext = {
    configs: () => config,
    offset: () => undefined,
    timeout: (ms) => void timeouts.push(ms),
    assignment: () => [],
    pause: () => undefined,
    resume: () => undefined,
    requestCommit: () => undefined,
    errantRecordReporter: () => (withReporter ? async (record, error) => void reported.push({ record, error }) : null),
  };
  const task = new HttpSinkTask();
  task.initialize(context);
  task.start(config);
  return { task, reported, timeouts };
}
