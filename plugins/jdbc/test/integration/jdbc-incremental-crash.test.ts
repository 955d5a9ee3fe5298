/**
 * Issue 18's incremental proof: while the JDBC source (timestamp+incrementing) and sink (upsert) run in
 * task-runner slices, 1,000 rows are inserted and 1,000 updated, and the process running the slices is
 * SIGKILLed half-way. Every change arrives (the copy ends equal to the source, value for value), and
 * every (id, updated) pair the source should have read is in the topic: exactly once before the kill,
 * and again after it only for what the killed slice had produced without committing its offsets
 * (counted, and bounded by a slice's records). Updates touch only rows copied before: an update of a row
 * inserted just before may or may not be seen as a separate change, depending on whether the source
 * polled in between, so only those are certain to appear as two pairs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FUNCTION_NAMES } from '../../../../local/stack.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import {
  createItems,
  describeDifference,
  insertItems,
  itemsDigest,
  readChanges,
  sinkConfig,
  sourceConfig,
  topicCount,
  type Change,
} from '../items.js';
import { usePostgres } from '../postgres.js';

const pg = usePostgres();
const lc = useTestStack({ isolateTaskRunner: true, leaseTtlMs: 3_000, tickMs: 500 });

const INITIAL = 2_000;
const ROUNDS = 10;
/** Inserted and updated per round: 1,000 of each in all. */
const PER_ROUND = 100;
/** The source's `slice.max.records`: what a killed slice can have produced without committing. */
const SLICE_RECORDS = 200;

describe('JDBC source and sink under a task-runner SIGKILL', () => {
  test('1,000 inserts and 1,000 updates while the source runs, one SIGKILL: nothing lost, nothing read twice before the kill', async (t) => {
    const { rest, stack } = lc.current;
    const [from, to] = [await pg.database(), await pg.database()];
    await createItems(from, INITIAL);
    const prefix = uniqueName('jdbc-crash');
    const topic = `${prefix}-items`;
    const source = sourceConfig(from.props, `${prefix}-`, {
      'batch.max.rows': '100',
      'slice.max.records': String(SLICE_RECORDS),
    });
    assert.equal((await rest.post('/connectors', { name: `${prefix}-src`, config: source })).status, 201);
    assert.equal(
      (
        await rest.post('/connectors', {
          name: `${prefix}-snk`,
          config: sinkConfig(to.props, topic, { 'batch.size': '100' }),
        })
      ).status,
      201,
    );
    t.after(async () => {
      await rest.delete(`/connectors/${prefix}-src`);
      await rest.delete(`/connectors/${prefix}-snk`);
    });
    await waitFor(async () => (await itemsDigest(to)).rows === INITIAL, {
      timeoutMs: 120_000,
      intervalMs: 250,
      message: `${INITIAL} rows copied`,
    });

    let killedAt = -1;
    for (let round = 0; round < ROUNDS; round++) {
      const first = INITIAL + round * PER_ROUND + 1;
      // clock_timestamp(): each statement's rows get a time after every row before them.
      await insertItems(from, first, first + PER_ROUND - 1, 'clock_timestamp()');
      // Rows 2, 4, …, 2000 (copied before): round r updates those with (id / 2) % 10 = r.
      await from.query(
        `UPDATE items SET body = 'updated ' || id, updated = clock_timestamp() WHERE id <= ${INITIAL} AND id % 2 = 0 AND (id / 2) % ${ROUNDS} = ${round}`,
      );
      if (round === ROUNDS / 2 - 1) {
        // Mid-run: the source is reading the changes of the first half, the sink writing them.
        await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, topic)) > INITIAL, {
          timeoutMs: 60_000,
          message: 'the source reading changes',
        });
        killedAt = await topicCount(stack.kafkaBootstrapServers, topic);
        // …with a slice running in the task-runner process, so the kill interrupts it.
        await waitFor(() => (stack.functionStats()[FUNCTION_NAMES.taskRunner]?.inFlight ?? 0) > 0, {
          timeoutMs: 30_000,
          intervalMs: 5,
          message: 'a slice in flight',
        });
        await stack.killTaskRunner();
      }
    }

    const expected = await itemsDigest(from);
    assert.equal(expected.rows, INITIAL + ROUNDS * PER_ROUND);
    await waitFor(async () => (await itemsDigest(to)).digest === expected.digest, {
      timeoutMs: 180_000,
      intervalMs: 500,
      message: 'the copy equal to the source after the kill',
    }).catch(async (error: Error) => assert.fail(`${error.message}: ${await describeDifference(from, to)}`));

    const pairs = await from.query<{ id: number; updated: string }>(
      `SELECT id, (extract(epoch FROM updated) * 1000)::bigint::text AS updated FROM items`,
    );
    // The pairs the source had to read: each row's current state, and for the updated rows their first one.
    const wanted = new Set(pairs.map((p) => `${p.id}@${p.updated}`));
    for (let id = 2; id <= INITIAL; id += 2) wanted.add(`${id}@${Date.parse('2024-01-01T00:00:00Z')}`);
    assert.equal(wanted.size, INITIAL + ROUNDS * PER_ROUND * 2);
    await waitFor(async () => (await topicCount(stack.kafkaBootstrapServers, topic)) >= wanted.size, {
      timeoutMs: 60_000,
      message: `${wanted.size} records in the topic`,
    });
    const changes = await readChanges(stack.kafkaBootstrapServers, topic);
    const { missing, unexpected, repeatedBeforeKill, repeatedAfterKill } = tally(changes, wanted, killedAt);
    assert.deepEqual(missing, [], 'every change in the topic');
    assert.deepEqual(unexpected, [], 'no change that never was');
    assert.deepEqual(repeatedBeforeKill, [], 'nothing read twice across slices before the kill');
    assert.ok(
      repeatedAfterKill <= SLICE_RECORDS,
      `${repeatedAfterKill} records read again after the kill, more than a slice (${SLICE_RECORDS})`,
    );
    process.stdout.write(
      `# jdbc incremental + SIGKILL: ${changes.length} records for ${wanted.size} changes, ${repeatedAfterKill} read again after the kill (bound ${SLICE_RECORDS}), the kill at offset ${killedAt}\n`,
    );
  });
});

interface Tally {
  readonly missing: string[];
  readonly unexpected: string[];
  /** Pairs whose second copy sits before the kill: a source that re-read across slices. */
  readonly repeatedBeforeKill: string[];
  /** Second copies at or after the topic's end when the kill came: the killed slice's uncommitted records. */
  readonly repeatedAfterKill: number;
}

function tally(changes: readonly Change[], wanted: ReadonlySet<string>, killedAt: number): Tally {
  const seen = new Set<string>();
  const repeatedBeforeKill: string[] = [];
  const unexpected: string[] = [];
  let repeatedAfterKill = 0;
  for (const change of changes) {
    const pair = `${change.id}@${change.updated}`;
    if (!wanted.has(pair)) unexpected.push(pair);
    if (!seen.has(pair)) seen.add(pair);
    else if (change.offset >= killedAt) repeatedAfterKill += 1;
    else repeatedBeforeKill.push(pair);
  }
  return { missing: [...wanted].filter((pair) => !seen.has(pair)), unexpected, repeatedBeforeKill, repeatedAfterKill };
}
