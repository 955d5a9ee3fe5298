/**
 * Plugin API 1.2: converters and header converters may have an `initialize(context)`, called with the
 * task's logger and AWS client factory before `configure`; converters written for 1.0/1.1 (without it)
 * are built and configured as before. The runtime's `awsClient` is one function per warm environment.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  Schemas,
  type ConfigDef,
  type Converter,
  type ConverterContext,
  type HeaderConverter,
  type SchemaAndValue,
} from '../../../lib/api/index.js';
import { JsonConverter } from '../../../lib/converters/json/json-converter.js';
import { SimpleHeaderConverter } from '../../../lib/converters/simple-header-converter.js';
import { StringConverter } from '../../../lib/converters/string-converter.js';
import { DEFAULT_SDK_TIMEOUTS } from '../../../lib/runtime/sdk-timeouts.js';
import { taskAwsClients } from '../../../lib/runtime/task-aws-clients.js';
import { createConverters } from '../../../lib/worker/converters.js';
import type { PluginFactory } from '../../../lib/worker/plugin-factory.js';
import type { SliceContext } from '../../../lib/worker/slice-context.js';
import { converterContext, taskRuntimeContext } from '../../../lib/worker/task-runtime-context.js';

/** A 1.2 converter: records what it was called with, in order. */
class ContextAware implements Converter, HeaderConverter {
  static readonly calls: string[] = [];
  static contexts: ConverterContext[] = [];
  initialize(context: ConverterContext): void {
    ContextAware.calls.push('initialize');
    ContextAware.contexts.push(context);
  }
  configure(_configs: Readonly<Record<string, string>>, isKey?: boolean): void {
    ContextAware.calls.push(`configure ${String(isKey)}`);
  }
  fromConnectData(): Uint8Array | null {
    return null;
  }
  toConnectData(): SchemaAndValue {
    return { schema: null, value: null };
  }
  fromConnectHeader(): Uint8Array | null {
    return null;
  }
  toConnectHeader(): SchemaAndValue {
    return { schema: null, value: null };
  }
  config(): ConfigDef {
    return new JsonConverter().config();
  }
}

function factory(classes: Record<string, new () => Converter & Partial<HeaderConverter>>): PluginFactory {
  const make = (name: string) => {
    const C = classes[name];
    if (C === undefined) throw new Error(`no ${name}`);
    return new C();
  };
  return {
    converter: make,
    headerConverter: (name) => make(name) as HeaderConverter,
    task: () => assert.fail('no tasks'),
    transformation: () => assert.fail('no transformations'),
    predicate: () => assert.fail('no predicates'),
  };
}

function slice(overrides: Partial<SliceContext> = {}): SliceContext {
  const noop = () => undefined;
  return {
    connector: { name: 'orders-sink' },
    task: { id: 0, config: {}, partitions: [] },
    log: { debug: noop, info: noop, warn: noop, error: noop },
    deadline: 10_000,
    now: () => 0,
    ...overrides,
  } as unknown as SliceContext;
}

describe('converters and the runtime context (plugin API 1.2)', () => {
  test('a converter with initialize gets the context before configure, as key, value and header converter', () => {
    ContextAware.calls.length = 0;
    ContextAware.contexts = [];
    const context = converterContext(slice());
    createConverters(
      factory({ Aware: ContextAware }),
      {},
      { 'key.converter': 'Aware', 'value.converter': 'Aware', 'header.converter': 'Aware' },
      context,
    );
    assert.deepEqual(ContextAware.calls, [
      'initialize',
      'configure true',
      'initialize',
      'configure false',
      'initialize',
      'configure undefined',
    ]);
    assert.ok(ContextAware.contexts.every((c) => c === context));
    assert.equal(typeof context.logger().info, 'function');
  });

  test('converters built against API 1.0/1.1 (no initialize) are configured and convert as before', () => {
    const { key, value, header } = createConverters(
      factory({
        'org.apache.kafka.connect.storage.StringConverter': StringConverter,
        'org.apache.kafka.connect.json.JsonConverter': JsonConverter,
        'org.apache.kafka.connect.storage.SimpleHeaderConverter': SimpleHeaderConverter as never,
      }),
      {},
      {
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'header.converter': 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      },
      converterContext(slice()),
    );
    assert.equal(Buffer.from(key.fromConnectData('t', [], Schemas.STRING, 'k1') ?? []).toString(), 'k1');
    assert.deepEqual(value.toConnectData('t', [], Buffer.from('{"a":1}')).value, { a: 1 });
    assert.equal(header.toConnectHeader('t', 'h', Buffer.from('42')).value, 42);
  });

  test("awsClient is the same function for every slice of an environment, and builds clients with the runtime's defaults and instrumentation", () => {
    const instrumented: string[] = [];
    const settings = taskAwsClients(DEFAULT_SDK_TIMEOUTS, (_client, service) => instrumented.push(service));
    const first = converterContext(slice({ awsClients: settings }));
    const second = taskRuntimeContext(slice({ awsClients: settings, deadline: 99 }));
    assert.equal(first.awsClient, second.awsClient);
    assert.notEqual(
      first.awsClient,
      converterContext(slice({ awsClients: taskAwsClients(DEFAULT_SDK_TIMEOUTS, undefined) })).awsClient,
    );
    let given: unknown;
    const client = first.awsClient((defaults) => {
      given = defaults;
      return new SecretsManagerClient({ ...defaults, region: 'us-east-1' });
    });
    client.destroy();
    assert.deepEqual(given, { requestHandler: DEFAULT_SDK_TIMEOUTS });
    assert.deepEqual(instrumented, ['secretsmanager']);
  });
});
