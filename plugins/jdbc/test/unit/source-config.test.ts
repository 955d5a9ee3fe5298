/** JDBC source: config rules, table ids in task configs, and the split of tables between tasks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from 'lambda-connect/api';
import { groupContiguous } from '../../src/source/group-tables.js';
import { parseJdbcSourceSettings, validateJdbcSourceConfig } from '../../src/source/jdbc-source-config.js';
import { JdbcSourceConnector } from '../../src/source/jdbc-source-connector.js';
import { matchesTableEntry, parseTableIdList, quotedTableId } from '../../src/source/table-id.js';

const base = { 'connection.url': 'jdbc:postgresql://db:5432/shop', 'topic.prefix': 'pg-', mode: 'incrementing' };

describe('settings', () => {
  test("Confluent's defaults", () => {
    const s = parseJdbcSourceSettings(base);
    assert.equal(s.batchMaxRows, 100);
    assert.equal(s.pollIntervalMs, 5000);
    assert.equal(s.dbTimeZone, 'UTC');
    assert.equal(s.numericMapping, 'none');
    assert.equal(s.validateNonNull, true);
    assert.deepEqual(s.tableTypes, ['TABLE']);
    assert.equal(
      parseJdbcSourceSettings({ ...base, 'numeric.precision.mapping': 'true' }).numericMapping,
      'precision_only',
    );
  });

  test('a mode is required; timestamp modes need timestamp.column.name', () => {
    assert.throws(
      () => parseJdbcSourceSettings({ ...base, mode: '' }),
      (e: unknown) => e instanceof ConfigError && /configuration mode/.test(e.message),
    );
    assert.throws(() => parseJdbcSourceSettings({ ...base, mode: 'sometimes' }), /String must be one of/);
    assert.throws(() => parseJdbcSourceSettings({ ...base, mode: 'timestamp' }), /timestamp.column.name/);
    assert.deepEqual(
      parseJdbcSourceSettings({ ...base, mode: 'timestamp', 'timestamp.column.name': 'a, b' }).timestampColumns,
      ['a', 'b'],
    );
  });

  test('include and exclude lists are exclusive, old names and new', () => {
    assert.throws(
      () => parseJdbcSourceSettings({ ...base, 'table.whitelist': 'a', 'table.blacklist': 'b' }),
      /table.whitelist and table.blacklist are exclusive/,
    );
    assert.throws(
      () => parseJdbcSourceSettings({ ...base, 'table.include.list': 'a', 'table.exclude.list': 'b' }),
      /exclusive/,
    );
    assert.deepEqual(parseJdbcSourceSettings({ ...base, 'table.include.list': 'a,b' }).include, ['a', 'b']);
    assert.throws(
      () => parseJdbcSourceSettings({ ...base, query: 'SELECT 1', 'table.whitelist': 'a' }),
      /with the query parameter/,
    );
  });

  test('bad URLs and time zones are refused; validation reports every problem on its key', () => {
    assert.throws(() => parseJdbcSourceSettings({ ...base, 'connection.url': 'jdbc:mysql://db/x' }), /connection.url/);
    assert.throws(() => parseJdbcSourceSettings({ ...base, 'db.timezone': 'Mars/Olympus' }), /time zone/);
    const results = validateJdbcSourceConfig({
      'connection.url': 'jdbc:postgresql://db/x',
      mode: '',
      'table.whitelist': 'a',
      'table.blacklist': 'b',
    });
    const errors = (name: string) => results.find((r) => r.name === name)?.errors ?? [];
    assert.equal(errors('topic.prefix').length, 1);
    assert.equal(errors('mode').length, 1);
    assert.match(errors('table.whitelist')[0] ?? '', /exclusive/);
  });
});

describe('table ids', () => {
  test('quoted lists round-trip names with dots, commas and quotes', () => {
    const ids = [
      { catalog: 'db', schema: 'public', table: 'a.b' },
      { catalog: 'db', schema: 'we,ird', table: 'q"t' },
    ];
    const text = ids.map(quotedTableId).join(',');
    assert.equal(text, '"db"."public"."a.b","db"."we,ird"."q""t"');
    assert.deepEqual(parseTableIdList(text), ids);
    assert.deepEqual(parseTableIdList('public.orders, users'), [
      { catalog: null, schema: 'public', table: 'orders' },
      { catalog: null, schema: null, table: 'users' },
    ]);
    assert.deepEqual(parseTableIdList(''), []);
    assert.throws(() => parseTableIdList('"open'), /unterminated/);
  });

  test('list entries match the bare, schema-qualified or fully qualified name', () => {
    const id = { catalog: 'db', schema: 'sales', table: 'orders' };
    for (const entry of ['orders', 'sales.orders', 'db.sales.orders']) assert.ok(matchesTableEntry(id, entry), entry);
    for (const entry of ['order', 'public.orders', 'other.sales.orders'])
      assert.ok(!matchesTableEntry(id, entry), entry);
  });
});

describe('task split', () => {
  test('contiguous groups, the first ones larger (ConnectorUtils.groupPartitions)', () => {
    assert.deepEqual(groupContiguous([1, 2, 3, 4, 5], 2), [
      [1, 2, 3],
      [4, 5],
    ]);
    assert.deepEqual(groupContiguous([1, 2, 3, 4, 5, 6, 7], 3), [
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
    assert.deepEqual(groupContiguous(['a'], 1), [['a']]);
    assert.throws(() => groupContiguous([1], 0), RangeError);
  });

  test('a custom query runs in one task whatever tasks.max says', async () => {
    const connector = new JdbcSourceConnector();
    connector.start({ ...base, query: 'SELECT * FROM t', 'incrementing.column.name': 'id' });
    const configs = await connector.taskConfigs(4);
    assert.equal(configs.length, 1);
    assert.equal(configs[0]?.['tables'], '');
    assert.equal(configs[0]?.['query'], 'SELECT * FROM t');
  });

  test('alterOffsets accepts Confluent-shaped offsets and tombstones, refuses others', () => {
    const connector = new JdbcSourceConnector();
    assert.equal(
      connector.alterOffsets(
        base,
        new Map([
          [{ protocol: '1', table: 'db.public.t' }, { incrementing: 5 }],
          [{ query: 'query' }, null],
        ]),
      ),
      true,
    );
    assert.throws(
      () =>
        connector.alterOffsets(base, new Map([[{ protocol: '1', table: 'db.public.t' }, { incrementing: 'five' }]])),
      /Long/,
    );
  });
});
