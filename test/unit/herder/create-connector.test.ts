/**
 * `POST /connectors` through the REST API onto the herder and the real stores: Connect's order of checks
 * (name, connector type, validation, then existence) and its exact messages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceConfig, uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const FOOTER =
  'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`';
const kicksFor = (name: string): number => h.trigger.reasons.filter((r) => r.includes(name)).length;

test('create answers 201 with the ConnectorInfo, a Location, the name injected, and kicks the scheduler', async () => {
  const name = uniqueName('create');
  const res = await h.call('POST', '/connectors', {
    body: { name, config: sourceConfig() },
    headers: { 'X-Forwarded-Proto': 'https' },
  });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body, { name, config: { ...sourceConfig(), name }, tasks: [], type: 'source' });
  assert.equal(res.headers['Location'], `https://abc123.execute-api.eu-west-1.amazonaws.com/prod/connectors/${name}`);
  assert.equal(kicksFor(name), 1);
  const config = await h.call('GET', `/connectors/${name}/config`);
  assert.deepEqual(config.body, { ...sourceConfig(), name });
  assert.equal((await h.stores.configs.getConnector(name))?.targetState, 'STARTED');
});

test('the name is trimmed; numbers and booleans in the config are stored as strings', async () => {
  const name = uniqueName('trim');
  const res = await h.call('POST', '/connectors', {
    body: { name: `  ${name}\t`, config: { ...sourceConfig(), 'tasks.max': 3, 'errors.log.enable': true } },
  });
  assert.equal(res.status, 201);
  assert.equal((res.body as { name: string }).name, name);
  const stored = await h.stores.configs.getConnector(name);
  assert.deepEqual(stored?.config, { ...sourceConfig(), 'tasks.max': '3', 'errors.log.enable': 'true', name });
});

test("a config name different from the request name is a 400 with Connect's message, and nothing is stored", async () => {
  const name = uniqueName('mismatch');
  const res = await h.call('POST', '/connectors', { body: { name, config: { ...sourceConfig(), name: 'other' } } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    error_code: 400,
    message: `Connector name configuration (other) doesn't match connector name in the URL (${name})`,
  });
  assert.equal(await h.stores.configs.getConnector(name), null);
  assert.equal(kicksFor(name), 0);
});

test('a config without connector.class is a 400 "contains no connector type" in Java map form', async () => {
  const name = uniqueName('no-class');
  const res = await h.call('POST', '/connectors', { body: { name, config: { topic: 'out', 'tasks.max': '1' } } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    error_code: 400,
    message: `Connector config {name=${name}, topic=out, tasks.max=1} contains no connector type`,
  });
});

test("an unknown connector class is a 400 naming the available connectors, prefixed with Connect's exception class", async () => {
  const name = uniqueName('unknown-class');
  const res = await h.call('POST', '/connectors', { body: { name, config: { 'connector.class': 'NoSuchConnector' } } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    error_code: 400,
    message:
      'org.apache.kafka.connect.errors.ConnectException: Failed to find any class that implements Connector and which name matches NoSuchConnector, available connectors are: org.example.test.TestSinkConnector, org.example.test.TestSourceConnector',
  });
  for (const [method, path, body] of [
    ['PUT', `/connectors/${name}/config`, { 'connector.class': 'Nope' }],
    ['PUT', '/connector-plugins/Nope/config/validate', { 'connector.class': 'Nope' }],
  ] as const) {
    const other = await h.call(method, path, { body });
    assert.equal(other.status, 400);
    assert.match(
      String((other.body as { message?: unknown }).message),
      /^org\.apache\.kafka\.connect\.errors\.ConnectException: Failed to find any class that implements Connector and which name matches Nope,/,
    );
  }
});

test("an invalid config is a 400 with the multi-line message: framework errors first, then the connector's", async () => {
  const name = uniqueName('invalid');
  const res = await h.call('POST', '/connectors', {
    body: { name, config: { 'connector.class': 'TestSourceConnector', 'tasks.max': '0', 'batch.size': 'many' } },
  });
  assert.equal(res.status, 400);
  const message = [
    'Connector configuration is invalid and contains the following 4 error(s):',
    'Invalid value 0 for configuration tasks.max: Value must be at least 1',
    'Missing required configuration "topic" which has no default value.',
    'Invalid value many for configuration batch.size: Not a number of type INT',
    // As Kafka's ConfigDef: a value that does not parse is null, and its validator then rejects null.
    'Invalid value null for configuration batch.size: Value must be non-null',
    FOOTER,
  ].join('\n');
  assert.deepEqual(res.body, { error_code: 400, message });
  assert.equal(await h.stores.configs.getConnector(name), null);
});

test('empty names and names with control characters fail validation', async () => {
  const empty = await h.call('POST', '/connectors', { body: { name: '   ', config: sourceConfig() } });
  assert.equal(empty.status, 400);
  assert.equal(
    (empty.body as { message: string }).message,
    [
      'Connector configuration is invalid and contains the following 1 error(s):',
      'Invalid value  for configuration name: String may not be empty',
      FOOTER,
    ].join('\n'),
  );
  const missing = await h.call('POST', '/connectors', { body: { config: sourceConfig() } });
  assert.equal(missing.status, 400, 'a missing name becomes ""');
  const control = await h.call('POST', '/connectors', { body: { name: 'a\nb\rc', config: sourceConfig() } });
  assert.equal(control.status, 400);
  assert.equal(
    (control.body as { message: string }).message,
    [
      'Connector configuration is invalid and contains the following 1 error(s):',
      'Invalid value a\nb\rc for configuration name: String may not contain control sequences but had the following ASCII chars: 10, 13',
      FOOTER,
    ].join('\n'),
  );
});

test('an existing name is a 409, but only once the config is valid', async () => {
  const name = uniqueName('twice');
  assert.equal((await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } })).status, 201);
  const again = await h.call('POST', '/connectors', { body: { name, config: sourceConfig({ topic: 'other' }) } });
  assert.equal(again.status, 409);
  assert.deepEqual(again.body, { error_code: 409, message: `Connector ${name} already exists` });
  const invalid = await h.call('POST', '/connectors', { body: { name, config: { 'connector.class': 'TestSource' } } });
  assert.equal(invalid.status, 400, 'validation comes before the existence check');
  assert.deepEqual(
    (await h.stores.configs.getConnector(name))?.config,
    { ...sourceConfig(), name },
    'the first config stays',
  );
  assert.equal(kicksFor(name), 1);
});

test('initial_state is case-insensitive and becomes the target state', async () => {
  for (const [given, expected] of [
    ['paused', 'PAUSED'],
    ['Stopped', 'STOPPED'],
    ['RUNNING', 'STARTED'],
  ] as const) {
    const name = uniqueName(`initial-${given}`);
    const res = await h.call('POST', '/connectors', { body: { name, config: sourceConfig(), initial_state: given } });
    assert.equal(res.status, 201);
    assert.equal((await h.stores.configs.getConnector(name))?.targetState, expected);
  }
  const bad = await h.call('POST', '/connectors', {
    body: { name: uniqueName('bad-state'), config: sourceConfig(), initial_state: 'SLEEPING' },
  });
  assert.equal(bad.status, 400);
});

test('a connector named with a slash and unicode is reachable at its percent-encoded path', async () => {
  const name = `${uniqueName('odd')}/ünï cødé`;
  const res = await h.call('POST', '/connectors', { body: { name, config: sourceConfig() } });
  assert.equal(res.status, 201);
  assert.equal(
    res.headers['Location'],
    `http://abc123.execute-api.eu-west-1.amazonaws.com/prod/connectors/${encodeURIComponent(name).replaceAll('%2F', '/')}`,
  );
  const info = await h.call('GET', `/connectors/${encodeURIComponent(name)}`);
  assert.equal(info.status, 200);
  assert.equal((info.body as { name: string }).name, name);
  const listed = await h.call<string[]>('GET', '/connectors');
  assert.ok(listed.body.includes(name));
});

test("a null config value is an error listed before the declared keys' errors", async () => {
  const name = uniqueName('null-value');
  const res = await h.call('POST', '/connectors', {
    body: { name, config: { 'connector.class': 'TestSource', 'tasks.max': '0', topic: 'out', 'not.declared': null } },
  });
  assert.equal(res.status, 400);
  const message = [
    'Connector configuration is invalid and contains the following 2 error(s):',
    'Null value can not be supplied as the configuration value.',
    'Invalid value 0 for configuration tasks.max: Value must be at least 1',
    FOOTER,
  ].join('\n');
  assert.deepEqual(res.body, { error_code: 400, message });
});

test('a config too large for one stored item is a 413 with its size, and nothing is written', async () => {
  const name = uniqueName('huge');
  const res = await h.call('POST', '/connectors', {
    body: { name, config: sourceConfig({ padding: 'p'.repeat(400_000) }) },
  });
  assert.equal(res.status, 413);
  assert.match(
    (res.body as { message: string }).message,
    /^Connector configuration is too large: 4\d{5} bytes, at most 350000 bytes can be stored per connector$/,
  );
  assert.equal(await h.stores.configs.getConnector(name), null);
  assert.equal(kicksFor(name), 0);
});
