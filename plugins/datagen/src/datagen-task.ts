/**
 * `io.confluent.kafka.connect.datagen.DatagenTask`: generates records from the schema, each a Struct with
 * its Connect schema, keyed by `schema.keyfield`.
 *
 * - Source partition `{task.id}`; the offset is the task's next state, as Confluent stores it:
 *   `current.iteration` (records produced so far), `task.generation` (lifetimes so far; each slice is
 *   one), `random.seed` (the seed in use, chosen at random on the first start when `random.seed` is not
 *   set, so a restart continues the same stream), plus `next.due.ms` for `max.interval` (see pacing.ts).
 * - Record n of a task depends only on (seed, task id, n): a restart, a slice boundary or a re-sent batch
 *   makes the same record again.
 * - `iterations` caps the records of each task across restarts: once reached, `poll` returns null (the
 *   task stays RUNNING and idle; Confluent's fails it with "Stopping connector").
 * - Headers `task.generation`, `task.id`, `current.iteration` (int64), as Confluent's.
 * - Without `max.interval`, a poll returns up to {@link UNPACED_BATCH} records; with it, at most one.
 */
import { randomInt } from 'node:crypto';
import {
  ConnectError,
  Schemas,
  SourceTask,
  sourceRecord,
  type Field,
  type Header,
  type SourceRecord,
  type Struct,
} from 'lambda-connect/api';
import { parseDatagenConfig, type DatagenConfig } from './datagen-config.js';
import { RecordRandom } from './generate/record-random.js';
import { Pacer, SYSTEM_CLOCK, type Clock } from './pacing.js';
import { DATAGEN_VERSION } from './version.js';

export const TASK_ID = 'task.id';
export const TASK_GENERATION = 'task.generation';
export const CURRENT_ITERATION = 'current.iteration';
export const RANDOM_SEED = 'random.seed';
export const NEXT_DUE = 'next.due.ms';

/** Records per poll when `max.interval` is 0: large enough to amortize a poll, small enough to convert quickly. */
export const UNPACED_BATCH = 1000;

export class DatagenTask extends SourceTask {
  static readonly className = 'io.confluent.kafka.connect.datagen.DatagenTask';

  private config: DatagenConfig | undefined;
  private taskId = 0;
  private partition: Readonly<Record<string, number>> = {};
  private generation = 0;
  private count = 0;
  private seed = 0;
  private pacer: Pacer | undefined;
  /** The key field's schema entry, found once. */
  private keyField: Field | undefined;

  version(): string {
    return DATAGEN_VERSION;
  }

  async start(props: Readonly<Record<string, string>>): Promise<void> {
    this.config = parseDatagenConfig(props);
    const keyField = this.config.keyField;
    this.keyField =
      keyField === '' ? undefined : this.config.schema.valueSchema.fields?.find((f) => f.name === keyField);
    this.taskId = taskIdOf(props);
    this.partition = Object.freeze({ [TASK_ID]: this.taskId });
    const offset = (await this.context?.offsetStorageReader().offset(this.partition)) ?? null;
    this.generation = long(offset?.[TASK_GENERATION], TASK_GENERATION) ?? 0;
    this.count = long(offset?.[CURRENT_ITERATION], CURRENT_ITERATION) ?? 0;
    // The offset's seed wins, as in Confluent's task: a resumed stream stays one stream.
    this.seed = long(offset?.[RANDOM_SEED], RANDOM_SEED) ?? this.config.randomSeed ?? randomInt(2 ** 47);
    this.pacer = new Pacer(this.config.maxIntervalMs, long(offset?.[NEXT_DUE], NEXT_DUE), this.clock());
  }

  async poll(): Promise<SourceRecord[] | null> {
    const config = this.config;
    const pacer = this.pacer;
    if (config === undefined || pacer === undefined) throw new ConnectError('DatagenTask polled before it was started');
    const left = config.iterations > 0 ? config.iterations - this.count : Number.POSITIVE_INFINITY;
    if (left <= 0) return null;
    if (!(await pacer.awaitNext())) return null;
    const size = pacer.paced ? 1 : Math.min(UNPACED_BATCH, left);
    const records: SourceRecord[] = [];
    for (let i = 0; i < size; i++) records.push(this.record(config, pacer.produced()));
    return records;
  }

  stop(): void {}

  /** The clock `max.interval` waits on; tests override it (the framework constructs tasks with no arguments). */
  protected clock(): Clock {
    return SYSTEM_CLOCK;
  }

  private record(config: DatagenConfig, nextDue: number): SourceRecord {
    const n = this.count++;
    const value: Struct = config.schema.generate(RecordRandom.forRecord(this.seed, this.taskId, n), n);
    const keyField = this.keyField;
    const headers: Header[] = [
      { key: TASK_GENERATION, value: this.generation, schema: Schemas.INT64 },
      { key: TASK_ID, value: this.taskId, schema: Schemas.INT64 },
      { key: CURRENT_ITERATION, value: n, schema: Schemas.INT64 },
    ];
    return sourceRecord({
      topic: config.topic,
      sourcePartition: this.partition,
      sourceOffset: {
        [TASK_GENERATION]: this.generation + 1,
        [CURRENT_ITERATION]: n + 1,
        [RANDOM_SEED]: this.seed,
        [NEXT_DUE]: nextDue,
      },
      keySchema: keyField === undefined ? Schemas.OPTIONAL_STRING : keyField.schema,
      key: keyField === undefined ? null : value.get(keyField.name),
      valueSchema: value.schema,
      value,
      headers,
    });
  }
}

/** The `task.id` the connector gave this task (0 when run without one, e.g. by hand in a test). */
function taskIdOf(props: Readonly<Record<string, string>>): number {
  const raw = props[TASK_ID];
  if (raw === undefined) return 0;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 0)
    throw new ConnectError(`Invalid ${TASK_ID} '${raw}': expected a non-negative integer`);
  return id;
}

/** An offset field that must be an integer when present (offsets can be altered through the REST API). */
function long(value: unknown, key: string): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw new ConnectError(`The offset's '${key}' must be an integer, not ${JSON.stringify(String(value))}`);
  return n;
}
