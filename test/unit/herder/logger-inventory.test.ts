/** The logger inventory: only names a real Connect 4.3.1 worker lists, listed by GET /admin/loggers at root's level. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { CONNECT_RUNTIME_LOGGERS, loggerInventory, SliceLogger } from '../../../lib/herder/logger-inventory.js';
import { LoggersApi } from '../../../lib/herder/loggers-api.js';
import type { LoggerLevel } from '../../../lib/stores/model.js';
import type { ConfigStore } from '../../../lib/stores/ports.js';
import { createDefaultPlugins } from '../../../lib/runtime/plugins.js';

/** Captured with GET /admin/loggers from the Connect 4.3.1 worker the differential suite runs, after a full run. */
async function connectLoggers(): Promise<Set<string>> {
  return new Set(
    JSON.parse(
      await readFile(new URL('../../fixtures/connect-4.3.1-loggers.json', import.meta.url), 'utf8'),
    ) as string[],
  );
}

/** Just enough of a config store for the loggers API. */
function loggerStore(): Pick<ConfigStore, 'listLoggers' | 'putLogger'> {
  const levels = new Map<string, LoggerLevel>();
  return {
    listLoggers: async () => [...levels.values()],
    putLogger: async (level: LoggerLevel) => void levels.set(level.logger, level),
  };
}

describe('logger inventory', () => {
  test('every runtime logger name is one a Connect 4.3.1 worker lists, and the slice loggers are among them', async () => {
    const connect = await connectLoggers();
    for (const name of Object.keys(CONNECT_RUNTIME_LOGGERS))
      assert.ok(connect.has(name), `${name} is a Connect logger`);
    for (const name of Object.values(SliceLogger)) assert.ok(name in CONNECT_RUNTIME_LOGGERS);
  });

  test('the inventory adds every registered plugin class (Connect lists a plugin once loaded)', () => {
    const plugins = createDefaultPlugins();
    const inventory = loggerInventory(plugins.catalog);
    for (const plugin of plugins.catalog.list()) assert.ok(inventory.includes(plugin.className), plugin.className);
    assert.ok(inventory.includes('org.apache.kafka.connect.file.FileStreamSinkConnector'));
    assert.deepEqual(inventory, [...inventory].sort());
  });

  test("GET all lists the inventory at root's level; setting root or a namespace changes them as in Connect", async () => {
    let now = 1_000;
    const api = new LoggersApi(loggerStore() as ConfigStore, () => now, loggerInventory());
    const all = await api.all();
    assert.deepEqual(all[SliceLogger.SINK], { level: 'INFO', last_modified: null });
    assert.deepEqual(all['root'], { level: 'INFO', last_modified: null });
    now = 2_000;
    const changed = await api.set('org.apache.kafka.connect.runtime', { level: 'DEBUG' }, undefined);
    assert.ok(changed?.includes(SliceLogger.SINK) && changed.includes('org.apache.kafka.connect.runtime.Worker'));
    assert.ok(!(changed ?? []).includes('org.apache.kafka.connect.storage.KafkaConfigBackingStore'));
    assert.deepEqual(await api.get(SliceLogger.SINK), { level: 'DEBUG', last_modified: 2_000 });
    assert.deepEqual(await api.get('org.apache.kafka.connect.util.TopicAdmin'), { level: 'INFO', last_modified: null });
    now = 3_000;
    await api.set('root', { level: 'WARN' }, undefined);
    assert.deepEqual(await api.get('org.apache.kafka.connect.util.TopicAdmin'), {
      level: 'WARN',
      last_modified: 3_000,
    });
  });
});
