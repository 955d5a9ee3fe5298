/**
 * A sink task's `put` that outlasts the lease's TTL (an HTTP sink on a slow endpoint): the slice keeps
 * renewing its lease while `put` runs, so no second slice starts the task over and the slice's commit is
 * not fenced off. Regression: the lease was renewed only between fetches, and a long `put` let the
 * scheduler run the task twice, delivering every record again (found by the HTTP sink's crash test).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigDef } from '../../../lib/api/config-def.js';
import { SinkConnector } from '../../../lib/api/sink-connector.js';
import type { SinkRecord } from '../../../lib/api/sink-record.js';
import { SinkTask } from '../../../lib/api/sink-task.js';
import type { TaskClass } from '../../../lib/api/task.js';
import { MemoryKafka } from '../../../lib/kafka/memory/memory-kafka.js';
import { createDefaultRegistry } from '../../../lib/plugins/default-registry.js';
import { PluginType } from '../../../lib/plugins/plugin-type.js';
import { pluginsFrom } from '../../../lib/runtime/plugins.js';
import type { TaskInvocation } from '../../../lib/scheduler/invocation.js';
import { createDynamoStores } from '../../../lib/stores/dynamodb/index.js';
import type { LeaseStore, Stores } from '../../../lib/stores/ports.js';
import { dataPlane } from '../../helpers/data-plane.js';
import { useDynamo } from '../../helpers/dynamodb.js';

const LEASE_TTL_MS = 400;
/** Renewals seen by the lease store; a `put` waits until there have been this many since it began. */
const RENEWALS_DURING_PUT = 3;

let renewals = 0;
const waiting = new Set<() => void>();

/** Its `put` returns only after the lease was renewed several times (or fails after 10 s). */
class SlowSinkTask extends SinkTask {
  static readonly className = 'test.SlowSinkTask';
  static delivered: string[] = [];
  version(): string {
    return '1';
  }
  start(): void {}
  stop(): void {}
  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const target = renewals + RENEWALS_DURING_PUT;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the lease was renewed ${renewals - target + RENEWALS_DURING_PUT} times during put`)),
        10_000,
      );
      const check = (): void => {
        if (renewals < target) return;
        clearTimeout(timer);
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
    });
    SlowSinkTask.delivered.push(...records.map((r) => String(r.value)));
  }
}

class SlowSinkConnector extends SinkConnector {
  static readonly className = 'test.SlowSinkConnector';
  private props: Record<string, string> = {};
  version(): string {
    return '1';
  }
  start(props: Readonly<Record<string, string>>): void {
    this.props = { ...props };
  }
  taskClass(): TaskClass {
    return SlowSinkTask;
  }
  taskConfigs(): Array<Record<string, string>> {
    return [{ ...this.props }];
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
}

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

describe('a long sink put', () => {
  const dynamo = useDynamo();

  test('keeps the lease while put runs and commits afterwards', async () => {
    const base = createDynamoStores(dynamo.client, dynamo.tables);
    const leases: LeaseStore = {
      acquire: base.leases.acquire.bind(base.leases),
      release: base.leases.release.bind(base.leases),
      list: base.leases.list.bind(base.leases),
      deleteAll: base.leases.deleteAll.bind(base.leases),
      getLeasesOf: base.leases.getLeasesOf.bind(base.leases),
      revokeAll: base.leases.revokeAll.bind(base.leases),
      renew: async (lease, ttl, now) => {
        const renewed = await base.leases.renew(lease, ttl, now);
        renewals++;
        for (const check of [...waiting]) check();
        return renewed;
      },
    };
    const stores: Stores = { ...base, leases };
    const kafka = new MemoryKafka();
    const plugins = pluginsFrom(createDefaultRegistry().register(PluginType.SINK, SlowSinkConnector));
    const { scheduler, runner, invoked } = dataPlane({ stores, kafka, plugins, leaseTtlMs: LEASE_TTL_MS });
    const values = ['a', 'b', 'c'];
    await kafka.send(
      values.map((v) => ({
        topic: 'slow-in',
        partition: 0,
        timestamp: Date.now(),
        key: null,
        value: Buffer.from(v),
        headers: [],
      })),
    );
    await stores.configs.putConnector(
      'slow-sink',
      {
        name: 'slow-sink',
        'connector.class': SlowSinkConnector.className,
        topics: 'slow-in',
        'value.converter': STRING,
        'key.converter': STRING,
      },
      0,
    );
    await scheduler.tick();
    const index = invoked.findIndex((i) => i.connector === 'slow-sink');
    assert.ok(index >= 0, 'the task was invoked');
    const report = await runner.run(invoked.splice(index, 1)[0] as TaskInvocation, 60_000);
    assert.equal(report.outcome, 'completed', JSON.stringify(report));
    assert.deepEqual(SlowSinkTask.delivered, values);
    assert.deepEqual(
      (await stores.offsets.getSinkOffsets('slow-sink')).map((o) => o.offset),
      [values.length],
      'the offsets were committed under the kept lease',
    );
  });
});
