import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  ConnectorResourceProperty,
  makeHandler,
  type ConnectorsHerder,
} from '../../../functions/connectors-resource/connectors-resource.js';
import { NotFoundRestError } from '../../../lib/herder/errors.js';

/** A herder over a map, recording calls. */
function memoryHerder(initial: Record<string, Record<string, string>> = {}) {
  const connectors = new Map(Object.entries(initial));
  const calls: string[] = [];
  const herder: ConnectorsHerder = {
    async putConnectorConfig(name, config) {
      calls.push(`put ${name}`);
      const created = !connectors.has(name);
      connectors.set(name, config);
      return { created };
    },
    async deleteConnector(name) {
      calls.push(`delete ${name}`);
      if (!connectors.delete(name)) throw new NotFoundRestError(`Connector ${name} not found`);
    },
  };
  return { herder, connectors, calls };
}

const silent = { info() {} };
const base = {
  ServiceToken: 'arn:token',
  ResponseURL: 'https://example.invalid',
  StackId: 'stack',
  RequestId: 'req',
  LogicalResourceId: 'Orders',
  ResourceType: 'Custom::KafkaConnector',
};
const props = (name: string, config: Record<string, unknown>) => ({
  ServiceToken: 'arn:token',
  [ConnectorResourceProperty.NAME]: name,
  [ConnectorResourceProperty.CONFIG]: config,
});

describe('connectors-resource', () => {
  test('Create puts the config and uses the connector name as physical id', async () => {
    const m = memoryHerder();
    const handle = makeHandler({ herder: () => m.herder, log: silent });
    const event = {
      ...base,
      RequestType: 'Create',
      ResourceProperties: props('cr-create', { 'connector.class': 'X' }),
    } as CloudFormationCustomResourceEvent;
    assert.deepEqual(await handle(event), { PhysicalResourceId: 'cr-create', Data: { Created: 'true' } });
    assert.deepEqual(m.connectors.get('cr-create'), { 'connector.class': 'X' });
  });

  test('Update with the same name updates in place; a rename answers the new physical id', async () => {
    const m = memoryHerder({ 'cr-update': { 'connector.class': 'X' } });
    const handle = makeHandler({ herder: () => m.herder, log: silent });
    const update = (name: string) =>
      ({
        ...base,
        RequestType: 'Update',
        PhysicalResourceId: 'cr-update',
        ResourceProperties: props(name, { 'connector.class': 'X', tasks: '2' }),
        OldResourceProperties: props('cr-update', { 'connector.class': 'X' }),
      }) as CloudFormationCustomResourceEvent;
    assert.deepEqual(await handle(update('cr-update')), {
      PhysicalResourceId: 'cr-update',
      Data: { Created: 'false' },
    });
    assert.equal((await handle(update('cr-renamed'))).PhysicalResourceId, 'cr-renamed');
    assert.deepEqual(m.calls, ['put cr-update', 'put cr-renamed']);
  });

  test('Delete deletes, and succeeds when the connector is already gone', async () => {
    const m = memoryHerder({ 'cr-delete': {} });
    const handle = makeHandler({ herder: () => m.herder, log: silent });
    const del = {
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: 'cr-delete',
      ResourceProperties: props('cr-delete', {}),
    } as CloudFormationCustomResourceEvent;
    await handle(del);
    assert.equal(m.connectors.has('cr-delete'), false);
    assert.deepEqual(await handle(del), { PhysicalResourceId: 'cr-delete' });
    assert.deepEqual(m.calls, ['delete cr-delete', 'delete cr-delete']);
  });

  test('other herder errors fail the deployment with their message', async () => {
    const handle = makeHandler({
      herder: () => ({
        putConnectorConfig: () => Promise.reject(new Error('Connector configuration is invalid')),
        deleteConnector: () => Promise.reject(new Error('table unavailable')),
      }),
      log: silent,
    });
    const create = {
      ...base,
      RequestType: 'Create',
      ResourceProperties: props('cr-bad', { 'connector.class': 'X' }),
    } as CloudFormationCustomResourceEvent;
    await assert.rejects(handle(create), /configuration is invalid/);
    const del = {
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: 'cr-bad',
      ResourceProperties: props('cr-bad', {}),
    } as CloudFormationCustomResourceEvent;
    await assert.rejects(handle(del), /table unavailable/);
  });

  test('rejects non-string config values, naming the key', async () => {
    const m = memoryHerder();
    const handle = makeHandler({ herder: () => m.herder, log: silent });
    const event = {
      ...base,
      RequestType: 'Create',
      ResourceProperties: props('cr-types', { 'tasks.max': 2 }),
    } as CloudFormationCustomResourceEvent;
    await assert.rejects(handle(event), /tasks\.max/);
    assert.deepEqual(m.calls, []);
  });
});
