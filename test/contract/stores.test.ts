/**
 * The contract of the storage ports (lib/stores/ports.ts): what every adapter must do, written once and
 * run against each adapter. Today that is the DynamoDB adapter, on embedded dynalite by default or on
 * the server named by `DYNAMODB_ENDPOINT` (moto, a CI server).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConflictError, StaleEpochError } from '../../lib/stores/errors.js';
import type { ConfigStore, Stores } from '../../lib/stores/ports.js';
import type { TaskConfigSet, TaskStatus } from '../../lib/stores/model.js';
import { createDynamoStores, DynamoConfigStore, DynamoTable } from '../../lib/stores/dynamodb/index.js';
import { taskSetDigest } from '../../lib/stores/task-set-digest.js';
import { createLocalDynamoClient } from '../../local/dynamodb/index.js';
import { useDynamo } from '../helpers/dynamodb.js';

/** What the contract needs from an adapter, beyond the ports themselves. */
interface StoreHarness {
  stores(): Stores;
  /** A config store whose item writes fail after `writes` succeeded: a writer that crashed half-way. */
  crashingConfigStore(writes: number): ConfigStore;
  /** Stores that count the pages they read, to prove that long partitions are read to the end. */
  pageCountingStores(): { stores: Stores; pages: () => number };
}

/** A unique name per test: the tables are shared by every test of the file. */
const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

function storeContract(adapter: string, harness: StoreHarness): void {
  describe(`${adapter}: ConfigStore connectors`, () => {
    test('a new connector gets version 1, STARTED, no restart, and reads back as written', async () => {
      const { configs } = harness.stores();
      const name = unique('create');
      const before = Date.now();
      const created = await configs.putConnector(name, { 'connector.class': 'X', name }, 0);
      assert.equal(created.name, name);
      assert.equal(created.version, 1);
      assert.equal(created.targetState, 'STARTED');
      assert.equal(created.restart, null);
      assert.ok(created.createdAt >= before && created.updatedAt >= created.createdAt);
      assert.deepEqual(await configs.getConnector(name), created);
    });

    test('creating with an initial target state stores it', async () => {
      const { configs } = harness.stores();
      const paused = await configs.putConnector(unique('paused'), { a: '1' }, 0, 'PAUSED');
      const stopped = await configs.putConnector(unique('stopped'), { a: '1' }, 0, 'STOPPED');
      assert.equal((await configs.getConnector(paused.name))?.targetState, 'PAUSED');
      assert.equal((await configs.getConnector(stopped.name))?.targetState, 'STOPPED');
    });

    test('expectedVersion 0 on an existing connector is a ConflictError and changes nothing', async () => {
      const { configs } = harness.stores();
      const name = unique('exists');
      const first = await configs.putConnector(name, { v: 'first' }, 0);
      await assert.rejects(configs.putConnector(name, { v: 'second' }, 0), ConflictError);
      assert.deepEqual(await configs.getConnector(name), first);
    });

    test('a version mismatch is a ConflictError; the matching version replaces and keeps the target state', async () => {
      const { configs } = harness.stores();
      const name = unique('update');
      const first = await configs.putConnector(name, { v: '1' }, 0, 'PAUSED');
      await assert.rejects(configs.putConnector(name, { v: '2' }, first.version + 1), ConflictError);
      const second = await configs.putConnector(name, { v: '2' }, first.version);
      assert.equal(second.version, first.version + 1);
      assert.deepEqual(second.config, { v: '2' });
      assert.equal(second.targetState, 'PAUSED');
      assert.equal(second.createdAt, first.createdAt);
      await assert.rejects(
        configs.putConnector(name, { v: '3' }, first.version),
        ConflictError,
        'the old version is stale now',
      );
    });

    test('a non-zero expectedVersion for a missing connector is a ConflictError and creates nothing', async () => {
      const { configs } = harness.stores();
      const name = unique('missing-update');
      await assert.rejects(configs.putConnector(name, { v: '1' }, 3), ConflictError);
      assert.equal(await configs.getConnector(name), null);
    });

    test('setTargetState and requestRestart on a missing connector are ConflictErrors and create nothing', async () => {
      const { configs } = harness.stores();
      const name = unique('ghost');
      await assert.rejects(configs.setTargetState(name, 'PAUSED'), ConflictError);
      await assert.rejects(
        configs.requestRestart(name, { id: 'r1', includeTasks: true, onlyFailed: false }),
        ConflictError,
      );
      await configs.clearRestart(name, 'r1');
      assert.equal(await configs.getConnector(name), null);
      assert.ok(!(await configs.listConnectors()).some((c) => c.name === name));
    });

    test('setTargetState bumps stateVersion, not the config version', async () => {
      const { configs } = harness.stores();
      const name = unique('target');
      const created = await configs.putConnector(name, { a: 'b' }, 0);
      const paused = await configs.setTargetState(name, 'PAUSED');
      assert.equal(paused.targetState, 'PAUSED');
      assert.equal(paused.version, created.version);
      assert.ok(paused.stateVersion > created.stateVersion);
      const again = await configs.setTargetState(name, 'PAUSED');
      assert.equal(again.targetState, 'PAUSED', 'idempotent');
      assert.ok(again.stateVersion > paused.stateVersion, 'every request is visible to the scheduler');
      assert.deepEqual(again.config, { a: 'b' });
    });

    test('clearRestart clears only the request with the matching id', async () => {
      const { configs } = harness.stores();
      const name = unique('restart');
      await configs.putConnector(name, { a: 'b' }, 0);
      const request = { id: 'req-12', includeTasks: true, onlyFailed: false };
      const requested = await configs.requestRestart(name, request);
      assert.deepEqual(requested.restart, request);
      await configs.clearRestart(name, 'req-1');
      await configs.clearRestart(name, 'req-123');
      await configs.clearRestart(name, 'eq-12');
      assert.deepEqual(
        (await configs.getConnector(name))?.restart,
        request,
        'ids that only share a prefix or suffix do not clear it',
      );
      const newer = { id: 'req-13', includeTasks: false, onlyFailed: true };
      await configs.requestRestart(name, newer);
      await configs.clearRestart(name, 'req-12');
      assert.deepEqual(
        (await configs.getConnector(name))?.restart,
        newer,
        'a replaced request is not cleared by the old id',
      );
      await configs.clearRestart(name, 'req-13');
      const cleared = await configs.getConnector(name);
      assert.equal(cleared?.restart, null);
      await configs.clearRestart(name, 'req-13');
      assert.equal((await configs.getConnector(name))?.restart, null, 'clearing twice is a no-op');
    });

    test('deleteConnector answers true once, then false', async () => {
      const { configs } = harness.stores();
      const name = unique('delete');
      await configs.putConnector(name, { a: 'b' }, 0);
      assert.equal(await configs.deleteConnector(name), true);
      assert.equal(await configs.getConnector(name), null);
      assert.equal(await configs.deleteConnector(name), false);
      const recreated = await configs.putConnector(name, { a: 'c' }, 0);
      assert.equal(recreated.version, 1, 'a deleted name can be created again');
    });

    test('listConnectorNames lists exactly the connectors, in listConnectors order, deleted ones gone', async () => {
      const { configs } = harness.stores();
      const prefix = unique('names');
      const names = [`${prefix}-b`, `${prefix}-a.dots`, `${prefix}-c/slash ü`];
      for (const name of names) await configs.putConnector(name, { name, big: 'x'.repeat(2_000) }, 0);
      await configs.deleteConnector(names[0]!);
      const listed = await configs.listConnectorNames();
      assert.deepEqual(
        listed,
        (await configs.listConnectors()).map((c) => c.name),
      );
      assert.deepEqual(
        listed.filter((n) => n.startsWith(prefix)),
        [names[1], names[2]].sort(),
      );
    });

    test('configs with dots, unicode, empty strings and odd names round-trip through get and list', async () => {
      const { configs } = harness.stores();
      const config = {
        'connector.class': 'org.example.Some$Connector',
        'transforms.route.regex': '^(.*)\\.v[0-9]+$',
        'a.b.c.d.e': '',
        ' spaced key ': ' spaced value ',
        'ünïcødé.キー': 'значение 🚀',
        'json.like': '{"k":[1,2]}',
        'multi.line': 'one\ntwo\r\nthree\ttab',
        empty: '',
      };
      const names = [unique('dots.in.name'), `${unique('unicode')}-日本語-✓`, `${unique('slash')}/and space`];
      for (const name of names) await configs.putConnector(name, { ...config, name }, 0);
      const listed = await configs.listConnectors();
      for (const name of names) {
        assert.deepEqual((await configs.getConnector(name))?.config, { ...config, name });
        assert.deepEqual(listed.find((c) => c.name === name)?.config, { ...config, name });
      }
    });
  });

  describe(`${adapter}: ConfigStore task configs`, () => {
    const taskSet = (connector: string, generation: number, count: number, configVersion = 1): TaskConfigSet => ({
      connector,
      generation,
      configVersion,
      tasks: Array.from({ length: count }, (_, id) => ({
        id,
        config: { 'task.class': 'T', 'task.id': String(id), gen: String(generation), 'ключ.with.dots': '' },
        partitions:
          id === 0
            ? [
                { topic: 'orders', partition: 3 },
                { topic: 'orders.v2', partition: 0 },
              ]
            : [],
      })),
    });

    test('a committed set reads back whole, tasks sorted by id; none before the first commit', async () => {
      const { configs } = harness.stores();
      const name = unique('tasks');
      assert.equal(await configs.getTaskConfigs(name), null);
      const set = taskSet(name, 1, 12, 7);
      await configs.putTaskConfigs(set);
      assert.deepEqual(await configs.getTaskConfigs(name), set);
    });

    test('the generation must increase: equal or older is a StaleEpochError and changes nothing', async () => {
      const { configs } = harness.stores();
      const name = unique('generation');
      const second = taskSet(name, 2, 2);
      await configs.putTaskConfigs(second);
      await assert.rejects(configs.putTaskConfigs(taskSet(name, 2, 3)), StaleEpochError);
      await assert.rejects(configs.putTaskConfigs(taskSet(name, 1, 1)), StaleEpochError);
      assert.deepEqual(await configs.getTaskConfigs(name), second);
      const third = taskSet(name, 3, 1, 2);
      await configs.putTaskConfigs(third);
      assert.deepEqual(await configs.getTaskConfigs(name), third, 'a smaller newer set hides the older tasks');
      const empty = taskSet(name, 4, 0, 3);
      await configs.putTaskConfigs(empty);
      assert.deepEqual(await configs.getTaskConfigs(name), empty, 'an empty set (a stopped connector) is a set');
    });

    for (const writes of [0, 1, 2]) {
      test(`a newer set whose writer crashed after ${writes} of 3 writes leaves the committed set readable`, async () => {
        const { configs } = harness.stores();
        const name = unique(`half-${writes}`);
        const committed = taskSet(name, 1, 2);
        await configs.putTaskConfigs(committed);
        await assert.rejects(
          harness.crashingConfigStore(writes).putTaskConfigs(taskSet(name, 2, 2, 5)),
          /injected crash/,
        );
        assert.deepEqual(await configs.getTaskConfigs(name), committed, 'readers see the last committed set, complete');
        const next = taskSet(name, 2, 2, 5);
        await configs.putTaskConfigs(next);
        assert.deepEqual(await configs.getTaskConfigs(name), next, 'the same generation can be written again in full');
        await assert.rejects(
          configs.putTaskConfigs(taskSet(name, 2, 2, 6)),
          StaleEpochError,
          'a committed generation is taken',
        );
        assert.deepEqual(await configs.getTaskConfigs(name), next, 'the loser left nothing behind that readers see');
      });
    }

    test('listConnectorEntries shows each connector with its class, plugin version and committed task count', async () => {
      const { configs } = harness.stores();
      const base = unique('entries');
      const names = [
        `${base}-plain`,
        `${base}-versioned`,
        `${base}-no-class`,
        `${base}-uncommitted`,
        `${base}-changed`,
      ];
      await configs.putConnector(names[0]!, { 'connector.class': 'A', name: names[0]!, other: 'x' }, 0);
      await configs.putConnector(
        names[1]!,
        { 'connector.class': 'B', 'connector.plugin.version': '1.2', name: names[1]! },
        0,
      );
      await configs.putConnector(names[2]!, { name: names[2]! }, 0);
      await configs.putConnector(names[3]!, { 'connector.class': 'D', name: names[3]! }, 0);
      const changed = await configs.putConnector(
        names[4]!,
        { 'connector.class': 'E', 'connector.plugin.version': '9', name: names[4]! },
        0,
      );
      for (const [i, name] of names.entries()) if (i !== 3) await configs.putTaskConfigs(taskSet(name, 1, i));
      await configs.putTaskConfigs(taskSet(names[4]!, 2, 3));
      // A config change drops the plugin version; the committed count stays until a new set is committed.
      await configs.putConnector(names[4]!, { 'connector.class': 'E2', name: names[4]! }, changed.version);
      const records = (await configs.listConnectors()).filter((r) => names.includes(r.name));
      const counts = await configs.getTaskCounts(names);
      const expected = records.map((r) => ({ name: r.name, taskCount: counts.get(r.name) ?? null }));
      const pick = (config: Record<string, string>): Record<string, string> =>
        Object.fromEntries(
          Object.entries(config).filter(([key]) => key === 'connector.class' || key === 'connector.plugin.version'),
        );
      const slim = (await configs.listConnectorEntries({ configs: false })).filter((e) => names.includes(e.name));
      const full = (await configs.listConnectorEntries({ configs: true })).filter((e) => names.includes(e.name));
      assert.deepEqual(
        slim,
        expected.map((e, i) => ({ ...e, config: pick(records[i]!.config) })),
      );
      assert.deepEqual(
        full,
        expected.map((e, i) => ({ ...e, config: records[i]!.config })),
      );
      assert.deepEqual(
        new Map(slim.map((e) => [e.name, e.taskCount])),
        new Map([
          [names[0], 0],
          [names[1], 1],
          [names[2], 2],
          [names[3], null],
          [names[4], 3],
        ]),
      );
      await configs.deleteConnector(names[1]!);
      await configs.putTaskConfigs(taskSet(names[1]!, 2, 0, -1));
      await configs.putConnector(names[1]!, { 'connector.class': 'B', name: names[1]! }, 0);
      const recreated = (await configs.listConnectorEntries({ configs: false })).find((e) => e.name === names[1]);
      assert.deepEqual(recreated, { name: names[1], config: { 'connector.class': 'B' }, taskCount: 0 }, 're-created');
    });

    test('getConnectorSnapshot reads the connector with the size of its committed set', async () => {
      const { configs } = harness.stores();
      const name = unique('snapshot');
      assert.deepEqual(await configs.getConnectorSnapshot(name), { connector: null, taskCount: null });
      const created = await configs.putConnector(name, { 'connector.class': 'X', name }, 0, 'PAUSED');
      assert.deepEqual(
        await configs.getConnectorSnapshot(name),
        { connector: created, taskCount: null },
        'no set committed yet',
      );
      await configs.putTaskConfigs(taskSet(name, 1, 3));
      const committed = await configs.getConnectorSnapshot(name);
      assert.deepEqual(committed, {
        connector: { ...created, listing: { configVersion: 1, taskGeneration: 1 } },
        taskCount: 3,
      });
      await assert.rejects(harness.crashingConfigStore(2).putTaskConfigs(taskSet(name, 2, 5)), /injected crash/);
      assert.equal((await configs.getConnectorSnapshot(name)).taskCount, 3, 'a half-written newer set is not counted');
      await configs.putTaskConfigs(taskSet(name, 3, 0));
      assert.equal((await configs.getConnectorSnapshot(name)).taskCount, 0, 'an empty set counts 0 tasks');
      await configs.deleteConnector(name);
      assert.deepEqual(
        await configs.getConnectorSnapshot(name),
        { connector: null, taskCount: 0 },
        'task configs outlive the connector item',
      );
    });

    test('getTaskCounts counts the committed sets of many connectors; names without a set are absent', async () => {
      const { configs } = harness.stores();
      const prefix = unique('counts');
      const names = Array.from({ length: 130 }, (_, i) => `${prefix}-${i}`);
      await inBatches(
        names.filter((_, i) => i % 3 !== 0),
        25,
        (name) => configs.putTaskConfigs(taskSet(name, 1, Number(name.split('-').pop()) % 4)),
      );
      const counts = await configs.getTaskCounts([...names, unique('never')]);
      const expected = new Map(
        names.filter((_, i) => i % 3 !== 0).map((name) => [name, Number(name.split('-').pop()) % 4]),
      );
      assert.deepEqual(counts, expected);
      assert.deepEqual(await configs.getTaskCounts([]), new Map());
    });

    test('getTaskCommits: each committed set with the digest of exactly its tasks; a changed set has another digest', async () => {
      const { configs } = harness.stores();
      const prefix = unique('commits');
      const names = Array.from({ length: 120 }, (_, i) => `${prefix}-${i}`);
      await inBatches(
        names.filter((_, i) => i % 4 !== 0),
        25,
        (name) => configs.putTaskConfigs(taskSet(name, 2, Number(name.split('-').pop()) % 3)),
      );
      const commits = await configs.getTaskCommits([...names, unique('never')]);
      assert.equal(commits.size, 90, 'names without a set are absent');
      for (const [name, commit] of commits) {
        const set = await configs.getTaskConfigs(name);
        assert.ok(set !== null);
        assert.deepEqual(
          commit,
          {
            generation: set.generation,
            configVersion: set.configVersion,
            count: set.tasks.length,
            digest: taskSetDigest(set.tasks),
          },
          name,
        );
      }
      const changed = names[1]!;
      const before = commits.get(changed)?.digest;
      const next = taskSet(changed, 3, 1);
      await configs.putTaskConfigs({
        ...next,
        tasks: next.tasks.map((t) => ({ ...t, config: { ...t.config, extra: 'x' } })),
      });
      const after = (await configs.getTaskCommits([changed])).get(changed);
      assert.equal(after?.generation, 3);
      assert.notEqual(after?.digest, before);
      assert.deepEqual(await configs.getTaskCommits([]), new Map());
    });

    test('deleteTaskConfigs removes the set and its tasks', async () => {
      const { configs } = harness.stores();
      const name = unique('delete-tasks');
      await configs.putTaskConfigs(taskSet(name, 5, 30));
      await configs.deleteTaskConfigs(name);
      assert.equal(await configs.getTaskConfigs(name), null);
      await configs.putTaskConfigs(taskSet(name, 1, 1));
      assert.equal((await configs.getTaskConfigs(name))?.generation, 1, 'generations start over after a delete');
    });
  });

  describe(`${adapter}: LeaseStore`, () => {
    const TTL = 30_000;
    const NOW = 1_700_000_000_000;

    test('acquire on a free lease gives epoch 1; while held, null; after expiry, epoch + 1', async () => {
      const { leases } = harness.stores();
      const connector = unique('lease');
      const first = await leases.acquire(connector, 0, 4, 'owner-a', TTL, NOW);
      assert.deepEqual(first, { connector, task: 0, owner: 'owner-a', epoch: 1, generation: 4, expiresAt: NOW + TTL });
      assert.equal(await leases.acquire(connector, 0, 4, 'owner-b', TTL, NOW + 1), null);
      assert.equal(await leases.acquire(connector, 0, 4, 'owner-b', TTL, NOW + TTL - 1), null);
      const second = await leases.acquire(connector, 0, 5, 'owner-b', TTL, NOW + TTL + 1);
      assert.deepEqual(second, {
        connector,
        task: 0,
        owner: 'owner-b',
        epoch: 2,
        generation: 5,
        expiresAt: NOW + 2 * TTL + 1,
      });
      const other = await leases.acquire(connector, 1, 5, 'owner-c', TTL, NOW + 1);
      assert.equal(other?.epoch, 1, 'each task has its own lease');
    });

    test('renew extends a held lease; with a stale epoch it is a StaleEpochError', async () => {
      const { leases } = harness.stores();
      const connector = unique('renew');
      const first = await leases.acquire(connector, 0, 1, 'a', TTL, NOW);
      assert.ok(first);
      const renewed = await leases.renew(first, TTL, NOW + 10_000);
      assert.equal(renewed.expiresAt, NOW + 10_000 + TTL);
      assert.equal(renewed.epoch, 1);
      assert.equal(
        await leases.acquire(connector, 0, 1, 'b', TTL, NOW + TTL + 1),
        null,
        'the renewal holds it past the first expiry',
      );
      const taken = await leases.acquire(connector, 0, 1, 'b', TTL, NOW + 10_000 + TTL + 1);
      assert.equal(taken?.epoch, 2);
      await assert.rejects(leases.renew(first, TTL, NOW + 50_000), StaleEpochError);
      const list = await leases.list(connector);
      assert.deepEqual(list, [taken], 'the failed renewal changed nothing');
    });

    test('getLeasesOf returns for each connector what list does for tasks below its count', async () => {
      const { leases } = harness.stores();
      const prefix = unique('leases-of');
      const shapes = Array.from({ length: 45 }, (_, i) => ({
        name: `${prefix}-${i}`,
        taskCount: i % 4,
        held: [0, 1, 3].slice(0, i % 3),
      }));
      for (const shape of shapes)
        for (const task of shape.held) await leases.acquire(shape.name, task, 1, `o-${task}`, TTL, NOW);
      const batched = await leases.getLeasesOf(shapes.map(({ name, taskCount }) => ({ name, taskCount })));
      assert.equal(batched.size, shapes.length);
      for (const shape of shapes) {
        const listed = (await leases.list(shape.name))
          .filter((l) => l.task < shape.taskCount)
          .sort((a, b) => a.task - b.task);
        assert.deepEqual(batched.get(shape.name), listed, shape.name);
      }
    });

    test('release frees the lease at once; a stale release does not free the new holder', async () => {
      const { leases } = harness.stores();
      const connector = unique('release');
      const first = await leases.acquire(connector, 2, 1, 'a', TTL, NOW);
      assert.ok(first);
      await leases.release(first);
      const second = await leases.acquire(connector, 2, 1, 'b', TTL, NOW + 1);
      assert.equal(second?.epoch, 2);
      await leases.release(first);
      assert.equal(await leases.acquire(connector, 2, 1, 'c', TTL, NOW + 2), null);
    });

    test('of many concurrent acquires of a free lease exactly one wins', async () => {
      const { leases } = harness.stores();
      const connector = unique('race');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => leases.acquire(connector, 0, 1, `owner-${i}`, TTL, NOW)),
      );
      const winners = results.filter((r) => r !== null);
      assert.equal(winners.length, 1);
      assert.equal(winners[0]?.epoch, 1);
    });

    test('list shows every task lease; deleteAll removes them', async () => {
      const { leases } = harness.stores();
      const connector = unique('lease-list');
      for (const task of [0, 1, 10]) await leases.acquire(connector, task, 3, `o${task}`, TTL, NOW);
      const listed = await leases.list(connector);
      assert.deepEqual(
        listed.map((l) => l.task).sort((a, b) => a - b),
        [0, 1, 10],
      );
      assert.ok(listed.every((l) => l.connector === connector && l.generation === 3 && l.epoch === 1));
      await leases.deleteAll(connector);
      assert.deepEqual(await leases.list(connector), []);
    });
  });

  describe(`${adapter}: OffsetStore`, () => {
    test('source offsets are fenced by (generation, epoch)', async () => {
      const { offsets } = harness.stores();
      const connector = unique('fence');
      const partition = { filename: '/tmp/in.txt' };
      const put = (position: number, generation: number, epoch: number) =>
        offsets.putSourceOffsets(connector, [{ partition, offset: { position } }], { generation, epoch });
      await put(10, 2, 5);
      await assert.rejects(put(1, 1, 9), StaleEpochError, 'an older generation is rejected');
      await assert.rejects(put(2, 2, 4), StaleEpochError, 'an older epoch of the same generation is rejected');
      assert.deepEqual(await offsets.getSourceOffsets(connector), [{ partition, offset: { position: 10 } }]);
      await put(11, 2, 5);
      await put(12, 2, 6);
      await put(13, 3, 1);
      assert.deepEqual(await offsets.getSourceOffsets(connector), [{ partition, offset: { position: 13 } }]);
      await offsets.putSourceOffsets(connector, [{ partition, offset: { position: 0 } }], null);
      assert.deepEqual(
        await offsets.getSourceOffsets(connector),
        [{ partition, offset: { position: 0 } }],
        'a null fence writes unconditionally',
      );
    });

    test('source partitions are keyed canonically: key order does not matter', async () => {
      const { offsets } = harness.stores();
      const connector = unique('canonical');
      await offsets.putSourceOffsets(
        connector,
        [{ partition: { db: 'x', table: 't', nested: { b: 1, a: 2 } }, offset: { pos: 1 } }],
        null,
      );
      await offsets.putSourceOffsets(
        connector,
        [{ partition: { nested: { a: 2, b: 1 }, table: 't', db: 'x' }, offset: { pos: 2 } }],
        null,
      );
      await offsets.putSourceOffsets(
        connector,
        [{ partition: { db: 'x', table: 'u' }, offset: { pos: 3, ключ: 'ü' } }],
        null,
      );
      const stored = (await offsets.getSourceOffsets(connector)).sort(
        (a, b) => Number(a.offset?.['pos']) - Number(b.offset?.['pos']),
      );
      assert.equal(stored.length, 2);
      assert.deepEqual(stored, [
        { partition: { db: 'x', table: 't', nested: { a: 2, b: 1 } }, offset: { pos: 2 } },
        { partition: { db: 'x', table: 'u' }, offset: { pos: 3, ключ: 'ü' } },
      ]);
    });

    test('a source partition larger than a DynamoDB key (2 KB path) is stored, found and deleted', async () => {
      const { offsets } = harness.stores();
      const connector = unique('long-partition');
      const partition = { filename: `/data/${'deep/'.repeat(400)}in.txt` };
      await offsets.putSourceOffsets(connector, [{ partition, offset: { position: 1 } }], { generation: 1, epoch: 1 });
      await offsets.putSourceOffsets(connector, [{ partition: { ...partition }, offset: { position: 2 } }], {
        generation: 1,
        epoch: 1,
      });
      await assert.rejects(
        offsets.putSourceOffsets(connector, [{ partition, offset: { position: 0 } }], { generation: 0, epoch: 1 }),
        StaleEpochError,
      );
      assert.deepEqual(await offsets.getSourceOffsets(connector), [{ partition, offset: { position: 2 } }]);
      await offsets.putSourceOffsets(connector, [{ partition, offset: null }], { generation: 1, epoch: 1 });
      assert.deepEqual(await offsets.getSourceOffsets(connector), []);
    });

    test('a null source offset deletes the partition, and is fenced too', async () => {
      const { offsets } = harness.stores();
      const connector = unique('tombstone');
      const keep = { file: 'keep' };
      const drop = { file: 'drop' };
      await offsets.putSourceOffsets(
        connector,
        [
          { partition: keep, offset: { p: 1 } },
          { partition: drop, offset: { p: 2 } },
        ],
        { generation: 1, epoch: 1 },
      );
      await assert.rejects(
        offsets.putSourceOffsets(connector, [{ partition: drop, offset: null }], { generation: 0, epoch: 7 }),
        StaleEpochError,
      );
      await offsets.putSourceOffsets(connector, [{ partition: drop, offset: null }], { generation: 1, epoch: 1 });
      await offsets.putSourceOffsets(connector, [{ partition: { file: 'never' }, offset: null }], null);
      assert.deepEqual(await offsets.getSourceOffsets(connector), [{ partition: keep, offset: { p: 1 } }]);
    });

    test('sink offsets: fenced writes, per-partition delete, deleteAll clears source and sink', async () => {
      const { offsets } = harness.stores();
      const connector = unique('sink');
      const tp = (topic: string, partition: number, offset: number) => ({ topic, partition, offset });
      await offsets.putSinkOffsets(connector, [tp('orders', 0, 5), tp('orders', 10, 7), tp('orders.v2', 2, 9)], {
        generation: 3,
        epoch: 2,
      });
      await assert.rejects(
        offsets.putSinkOffsets(connector, [tp('orders', 0, 1)], { generation: 3, epoch: 1 }),
        StaleEpochError,
      );
      await assert.rejects(
        offsets.putSinkOffsets(connector, [tp('orders', 0, 1)], { generation: 2, epoch: 9 }),
        StaleEpochError,
      );
      await offsets.putSinkOffsets(connector, [tp('orders', 0, 6)], { generation: 4, epoch: 1 });
      const byKey = (entries: { topic: string; partition: number }[]) =>
        [...entries].sort((a, b) => `${a.topic}:${a.partition}`.localeCompare(`${b.topic}:${b.partition}`));
      assert.deepEqual(
        byKey(await offsets.getSinkOffsets(connector)),
        byKey([tp('orders', 0, 6), tp('orders', 10, 7), tp('orders.v2', 2, 9)]),
      );
      await offsets.deleteSinkOffsets(connector, [
        { topic: 'orders', partition: 10 },
        { topic: 'absent', partition: 0 },
      ]);
      assert.deepEqual(
        byKey(await offsets.getSinkOffsets(connector)),
        byKey([tp('orders', 0, 6), tp('orders.v2', 2, 9)]),
      );
      await offsets.putSourceOffsets(connector, [{ partition: { a: 1 }, offset: { b: 2 } }], null);
      await offsets.deleteAll(connector);
      assert.deepEqual(await offsets.getSinkOffsets(connector), []);
      assert.deepEqual(await offsets.getSourceOffsets(connector), []);
    });

    test('offsets of different connectors are separate', async () => {
      const { offsets } = harness.stores();
      const a = unique('sep');
      const b = `${a}-b`;
      await offsets.putSinkOffsets(a, [{ topic: 't', partition: 0, offset: 1 }], null);
      await offsets.putSinkOffsets(b, [{ topic: 't', partition: 0, offset: 2 }], null);
      await offsets.deleteAll(a);
      assert.deepEqual(await offsets.getSinkOffsets(b), [{ topic: 't', partition: 0, offset: 2 }]);
    });
  });

  describe(`${adapter}: StatusStore`, () => {
    const task = (id: number, epoch: number, state: TaskStatus['state'] = 'RUNNING', trace?: string): TaskStatus => ({
      id,
      state,
      workerId: 'w:1',
      epoch,
      updatedAt: 1_000 + epoch,
      ...(trace === undefined ? {} : { trace }),
    });

    test('connector status round-trips; trace is omitted when empty', async () => {
      const { statuses } = harness.stores();
      const name = unique('status');
      assert.equal(await statuses.getConnectorStatus(name), null);
      await statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w:1', generation: 2, trace: '' });
      const running = await statuses.getConnectorStatus(name);
      assert.deepEqual(running, { state: 'RUNNING', workerId: 'w:1', generation: 2 });
      assert.ok(running !== null && !('trace' in running));
      await statuses.putConnectorStatus(name, {
        state: 'FAILED',
        workerId: 'w:2',
        generation: 3,
        trace: 'Error: boom\n    at x',
      });
      assert.deepEqual(await statuses.getConnectorStatus(name), {
        state: 'FAILED',
        workerId: 'w:2',
        generation: 3,
        trace: 'Error: boom\n    at x',
      });
      await statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w:2', generation: 3 });
      assert.deepEqual(
        await statuses.getConnectorStatus(name),
        { state: 'RUNNING', workerId: 'w:2', generation: 3 },
        'an old trace does not linger',
      );
    });

    test('task statuses are fenced by epoch and listed by id', async () => {
      const { statuses } = harness.stores();
      const name = unique('task-status');
      for (const id of [11, 2, 0, 1]) await statuses.putTaskStatus(name, task(id, 3));
      await assert.rejects(statuses.putTaskStatus(name, task(2, 2, 'FAILED')), StaleEpochError);
      await statuses.putTaskStatus(name, task(2, 3, 'PAUSED'));
      await statuses.putTaskStatus(name, task(1, 4, 'FAILED', 'trace text'));
      await statuses.putTaskStatus(name, task(0, 5, 'RUNNING', ''));
      await statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w:1', generation: 1 });
      const listed = await statuses.listTaskStatuses(name);
      assert.deepEqual(listed, [task(0, 5), task(1, 4, 'FAILED', 'trace text'), task(2, 3, 'PAUSED'), task(11, 3)]);
      assert.ok(!('trace' in (listed[0] as object)));
    });

    test('getStatuses reads the connector status and the task statuses, sorted by id, together', async () => {
      const { statuses } = harness.stores();
      const name = unique('statuses');
      assert.deepEqual(await statuses.getStatuses(name), { connector: null, tasks: [] });
      for (const id of [10, 0, 2])
        await statuses.putTaskStatus(name, task(id, 1, id === 2 ? 'FAILED' : 'RUNNING', id === 2 ? 'boom' : undefined));
      assert.deepEqual(
        await statuses.getStatuses(name),
        { connector: null, tasks: [task(0, 1), task(2, 1, 'FAILED', 'boom'), task(10, 1)] },
        'tasks without a connector status',
      );
      await statuses.putConnectorStatus(name, { state: 'FAILED', workerId: 'w:9', generation: 4, trace: 'Error: x' });
      await statuses.putConnectorStatus(`${name}-other`, { state: 'RUNNING', workerId: 'w', generation: 1 });
      const both = await statuses.getStatuses(name);
      assert.deepEqual(both, {
        connector: await statuses.getConnectorStatus(name),
        tasks: await statuses.listTaskStatuses(name),
      });
      assert.deepEqual(both.connector, { state: 'FAILED', workerId: 'w:9', generation: 4, trace: 'Error: x' });
      assert.equal(both.tasks.length, 3, "another connector's statuses are not mixed in");
    });

    for (const [count, consistent] of [
      [60, true],
      [80, false],
    ] as const)
      test(`getStatusesOf returns for each of ${count} connectors exactly what getStatuses does for tasks below its count (consistent ${consistent})`, async () => {
        const { statuses } = harness.stores();
        const base = unique('batched');
        // 60 connectors × up to 4 items: more than one BatchGetItem of 100 keys; 80: more than an adapter
        // may want to ask for key by key. Shapes vary: no status at all, a connector status only, tasks
        // only, tasks above the count (left from a larger set), traces.
        const shapes = Array.from({ length: count }, (_, i) => ({
          name: `${base}-${i}`,
          taskCount: i % 4,
          connector: i % 5 !== 0,
          tasks: i % 7 === 0 ? [] : [0, 1, 2, 5].slice(0, (i % 3) + 2),
        }));
        for (const shape of shapes) {
          if (shape.connector)
            await statuses.putConnectorStatus(shape.name, {
              state: shape.taskCount === 0 ? 'PAUSED' : 'RUNNING',
              workerId: 'w:1',
              generation: shape.taskCount,
              ...(shape.taskCount === 3 ? { trace: 'Error: t' } : {}),
            });
          for (const id of shape.tasks)
            await statuses.putTaskStatus(
              shape.name,
              task(id, 2, id === 1 ? 'FAILED' : 'RUNNING', id === 1 ? 'boom' : undefined),
            );
        }
        const batched = await statuses.getStatusesOf(
          shapes.map(({ name, taskCount }) => ({ name, taskCount })),
          { consistent },
        );
        assert.equal(batched.size, shapes.length, 'every requested name is in the map');
        for (const shape of shapes) {
          const single = await statuses.getStatuses(shape.name);
          assert.deepEqual(
            batched.get(shape.name),
            { connector: single.connector, tasks: single.tasks.filter((t) => t.id < shape.taskCount) },
            shape.name,
          );
        }
        assert.deepEqual(await statuses.getStatusesOf([]), new Map());
      });

    test('deleteTaskStatus removes one task; deleteStatuses removes the connector and all its tasks', async () => {
      const { statuses } = harness.stores();
      const name = unique('delete-status');
      const other = `${name}-other`;
      await statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w', generation: 1 });
      await statuses.putConnectorStatus(other, { state: 'RUNNING', workerId: 'w', generation: 1 });
      for (let id = 0; id < 30; id++) await statuses.putTaskStatus(name, task(id, 1));
      await statuses.deleteTaskStatus(name, 29);
      assert.equal((await statuses.listTaskStatuses(name)).length, 29);
      await statuses.deleteStatuses(name);
      assert.equal(await statuses.getConnectorStatus(name), null);
      assert.deepEqual(await statuses.listTaskStatuses(name), []);
      assert.notEqual(await statuses.getConnectorStatus(other), null);
      await statuses.putTaskStatus(name, task(0, 1));
      assert.equal((await statuses.listTaskStatuses(name)).length, 1, 'after a delete the epoch fence starts over');
    });
  });

  describe(`${adapter}: TopicStore`, () => {
    test('records topics once each, lists them sorted, and resets', async () => {
      const { topics } = harness.stores();
      const name = unique('topics');
      assert.deepEqual(await topics.listTopics(name), []);
      await topics.recordTopics(name, ['orders', 'audit.log'], 1);
      await topics.recordTopics(name, ['orders', 'zeta', 'audit.log'], 2);
      assert.deepEqual(await topics.listTopics(name), ['audit.log', 'orders', 'zeta']);
      await topics.reset(name);
      assert.deepEqual(await topics.listTopics(name), []);
      await topics.recordTopics(name, ['again'], 3);
      assert.deepEqual(await topics.listTopics(name), ['again']);
    });
  });

  describe(`${adapter}: long partitions`, () => {
    test('300 connectors with over 1 MB of configs are all listed, across pages', async () => {
      const { stores, pages } = harness.pageCountingStores();
      const prefix = unique('many');
      const filler = 'x'.repeat(4_000);
      const names = Array.from({ length: 300 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
      await inBatches(names, 25, (name) => stores.configs.putConnector(name, { name, filler }, 0));
      const before = pages();
      const listed = (await stores.configs.listConnectors()).filter((c) => c.name.startsWith(prefix));
      assert.deepEqual(listed.map((c) => c.name).sort(), names);
      assert.ok(listed.every((c) => c.config['filler'] === filler));
      assert.ok(pages() - before >= 2, `expected several pages, read ${pages() - before}`);
      await inBatches(names, 25, (name) => stores.configs.deleteConnector(name));
    });

    test('a task-config set of over 1 MB reads back whole and deletes whole', async () => {
      const { stores, pages } = harness.pageCountingStores();
      const name = unique('big-tasks');
      const set: TaskConfigSet = {
        connector: name,
        generation: 1,
        configVersion: 1,
        tasks: Array.from({ length: 30 }, (_, id) => ({
          id,
          config: { blob: String(id).repeat(40_000 / String(id).length) },
          partitions: [],
        })),
      };
      await stores.configs.putTaskConfigs(set);
      const before = pages();
      assert.deepEqual(await stores.configs.getTaskConfigs(name), set);
      assert.ok(pages() - before >= 2, `expected several pages, read ${pages() - before}`);
      await stores.configs.deleteTaskConfigs(name);
      assert.equal(await stores.configs.getTaskConfigs(name), null);
    });

    test('deleteAll on a connector with more offsets than one batch removes them all', async () => {
      const { offsets } = harness.stores();
      const name = unique('many-offsets');
      await offsets.putSinkOffsets(
        name,
        Array.from({ length: 60 }, (_, partition) => ({ topic: 't', partition, offset: partition })),
        null,
      );
      assert.equal((await offsets.getSinkOffsets(name)).length, 60);
      await offsets.deleteAll(name);
      assert.deepEqual(await offsets.getSinkOffsets(name), []);
    });
  });
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/** A client of its own with an SDK middleware, so faults and counts stay out of the shared client. */
function instrumentedClient(endpoint: string, onCommand: (commandName: string) => void): DynamoDBClient {
  const client = createLocalDynamoClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      onCommand(String(context['commandName']));
      return next(args);
    },
    { step: 'initialize', name: 'contractInstrumentation' },
  );
  return client;
}

const dynamo = useDynamo();
const clients: DynamoDBClient[] = [];
const track = (client: DynamoDBClient): DynamoDBClient => {
  clients.push(client);
  return client;
};

storeContract('DynamoDB', {
  stores: () => createDynamoStores(dynamo.client, dynamo.tables),
  crashingConfigStore: (writes) => {
    let done = 0;
    const client = track(
      instrumentedClient(dynamo.endpoint, (command) => {
        if (command !== 'PutItemCommand' && command !== 'UpdateItemCommand') return;
        if (done >= writes) throw new Error('injected crash before a write');
        done++;
      }),
    );
    return new DynamoConfigStore(new DynamoTable(client, dynamo.tables.config));
  },
  pageCountingStores: () => {
    let pages = 0;
    const client = track(
      instrumentedClient(dynamo.endpoint, (command) => {
        if (command === 'QueryCommand') pages++;
      }),
    );
    return { stores: createDynamoStores(client, dynamo.tables), pages: () => pages };
  },
});

/**
 * Items as the DynamoDB adapter wrote them before the connector list carried its own attributes and
 * statuses moved to shared partitions (decision 0024): existing deployments have them, and they must be
 * served as before until they are written again.
 */
describe('DynamoDB: items written before the listing (decision 0024)', () => {
  const legacyStatus = (name: string, sk: string, fields: Record<string, AttributeValue>): Promise<void> =>
    new DynamoTable(dynamo.client, dynamo.tables.state).put(`status#${name}`, sk, fields);

  test('a connector item without listing attributes is listed from its config and commit item, until synced', async () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tables);
    const table = new DynamoTable(dynamo.client, dynamo.tables.config);
    const name = unique('old-item');
    const config = { 'connector.class': 'FileStreamSink', 'connector.plugin.version': '4.3.1', name, topics: 't' };
    await table.put('connectors', name, {
      config: { S: JSON.stringify(config) },
      version: { N: '2' },
      targetState: { S: 'STARTED' },
      stateVersion: { N: '1' },
      createdAt: { N: '1' },
      updatedAt: { N: '1' },
    });
    await table.put(`tasks#${name}`, 'commit', {
      generation: { N: '4' },
      configVersion: { N: '2' },
      count: { N: '2' },
      writer: { S: 'w' },
    });
    const listed = async (configs: boolean): Promise<unknown> =>
      (await stores.configs.listConnectorEntries({ configs })).find((e) => e.name === name);
    const slim = {
      name,
      config: { 'connector.class': 'FileStreamSink', 'connector.plugin.version': '4.3.1' },
      taskCount: 2,
    };
    assert.deepEqual(await listed(false), slim);
    assert.deepEqual(await listed(true), { ...slim, config });
    const record = await stores.configs.getConnector(name);
    assert.ok(record !== null);
    assert.equal(record.listing, undefined, 'no listing attributes yet');
    await stores.configs.syncListing(record, { generation: 4, count: 2 });
    const synced = await table.get('connectors', name);
    assert.equal(synced?.['connectorClass']?.S, 'FileStreamSink');
    assert.equal(synced?.['taskCount']?.N, '2');
    assert.deepEqual((await stores.configs.getConnector(name))?.listing, { configVersion: 2, taskGeneration: 4 });
    assert.deepEqual(await listed(false), slim, 'the same answer from the listing attributes');
    await stores.configs.syncListing(record, { generation: 3, count: 7 });
    assert.equal((await table.get('connectors', name))?.['taskCount']?.N, '2', 'an older generation is fenced out');
    await stores.configs.syncListing({ ...record, version: 1 }, { generation: 5, count: 7 });
    assert.equal((await table.get('connectors', name))?.['taskCount']?.N, '2', 'so is an older config version');
  });

  test('statuses in the old per-connector partition are read, overridden by new writes and deleted', async () => {
    const { statuses } = createDynamoStores(dynamo.client, dynamo.tables);
    const name = unique('old-status');
    await legacyStatus(name, 'connector', { state: { S: 'RUNNING' }, workerId: { S: 'w:0' }, generation: { N: '3' } });
    for (const id of [0, 1])
      await legacyStatus(name, `task#00000${id}`, {
        id: { N: String(id) },
        state: { S: id === 1 ? 'FAILED' : 'RUNNING' },
        workerId: { S: 'w:0' },
        epoch: { N: '2' },
        updatedAt: { N: '5' },
        ...(id === 1 ? { trace: { S: 'boom' } } : {}),
      });
    const expected = {
      connector: { state: 'RUNNING', workerId: 'w:0', generation: 3, legacy: true },
      tasks: [
        { id: 0, state: 'RUNNING', workerId: 'w:0', epoch: 2, updatedAt: 5 },
        { id: 1, state: 'FAILED', trace: 'boom', workerId: 'w:0', epoch: 2, updatedAt: 5 },
      ],
    };
    assert.deepEqual(await statuses.getStatuses(name), expected);
    assert.deepEqual(await statuses.getConnectorStatus(name), expected.connector);
    // Few connectors (read key by key) and many (every shared partition read whole).
    const others = Array.from({ length: 70 }, (_, i) => ({ name: `${name}-${i}`, taskCount: 1 }));
    for (const asked of [[{ name, taskCount: 2 }], [{ name, taskCount: 2 }, ...others]]) {
      const many = await statuses.getStatusesOf(asked, { consistent: false });
      assert.deepEqual(many.get(name), expected, `${asked.length} connectors asked for`);
    }
    await statuses.putTaskStatus(name, {
      id: 1,
      state: 'RUNNING',
      workerId: 'w:1',
      epoch: 3,
      updatedAt: 9,
    });
    assert.deepEqual(
      await statuses.getStatuses(name),
      {
        connector: expected.connector,
        tasks: [expected.tasks[0], { id: 1, state: 'RUNNING', workerId: 'w:1', epoch: 3, updatedAt: 9 }],
      },
      'a new task item wins over its old one',
    );
    await statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: 'w:1', generation: 3 });
    assert.deepEqual(
      await new DynamoTable(dynamo.client, dynamo.tables.state).query(`status#${name}`),
      [],
      'writing the connector status moved the old items',
    );
    const moved = {
      connector: { state: 'RUNNING', workerId: 'w:1', generation: 3 },
      tasks: [expected.tasks[0], { id: 1, state: 'RUNNING', workerId: 'w:1', epoch: 3, updatedAt: 9 }],
    };
    assert.deepEqual(await statuses.getStatuses(name), moved, 'new writes win over the old items');
    assert.deepEqual((await statuses.getStatusesOf([{ name, taskCount: 2 }, ...others])).get(name), moved);
    await statuses.deleteTaskStatus(name, 0);
    assert.deepEqual((await statuses.getStatuses(name)).tasks, [moved.tasks[1]]);
    await statuses.deleteStatuses(name);
    assert.deepEqual(await statuses.getStatuses(name), { connector: null, tasks: [] });
    assert.equal(await statuses.getConnectorStatus(name), null);
  });

  test('connectors whose names extend each other keep their own statuses', async () => {
    const { statuses } = createDynamoStores(dynamo.client, dynamo.tables);
    const base = unique('prefix');
    // 40 names over 16 shared partitions: several share one, and each name is a prefix of the next.
    const names = Array.from({ length: 40 }, (_, i) => `${base}${'#task#000000:'.slice(0, i % 13)}${'x'.repeat(i)}`);
    for (const [i, name] of names.entries()) {
      await statuses.putConnectorStatus(name, { state: 'RUNNING', workerId: `w:${i}`, generation: i });
      await statuses.putTaskStatus(name, { id: 0, state: 'RUNNING', workerId: `w:${i}`, epoch: i, updatedAt: i });
    }
    for (const [i, name] of names.entries()) {
      const own = await statuses.getStatuses(name);
      assert.equal(own.connector?.workerId, `w:${i}`, name);
      assert.deepEqual(
        own.tasks.map((t) => t.workerId),
        [`w:${i}`],
        name,
      );
    }
    const all = await statuses.getStatusesOf(
      names
        .map((name) => ({ name, taskCount: 1 }))
        .concat(Array.from({ length: 30 }, (_, i) => ({ name: `${base}-none-${i}`, taskCount: 1 }))),
    );
    for (const [i, name] of names.entries()) assert.equal(all.get(name)?.tasks[0]?.epoch, i, name);
    await statuses.deleteStatuses(names[0]!);
    assert.equal((await statuses.getStatuses(names[1]!)).connector?.workerId, 'w:1', 'a delete takes only its own');
  });
});

after(() => {
  for (const client of clients) client.destroy();
});
