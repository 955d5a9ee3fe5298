/**
 * What `cdk deploy` uploads is what runs here: the app synthesized by the CDK CLI (local esbuild
 * bundling), each function's `index.mjs` copied out of the repository and loaded by Node 22 (Lambda's
 * nodejs22.x) with nothing but the bundle beside it, driven with the events Lambda would deliver:
 * API Gateway proxy events to the REST API, EventBridge Scheduler's tick to the scheduler, async Invoke
 * events (the scheduler's own InvokeCommand, through a local Invoke endpoint) to the task runner. The
 * seed walkthrough runs through the three bundles against dynalite and the real broker. The SCRAM and
 * MSK IAM variants are synthesized too; their bundles load and build their Kafka client.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Kafka, logLevel } from 'kafkajs';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { Env } from '../../lib/config/env.js';
import { tableNamesWithPrefix } from '../../lib/stores/tables.js';
import { createLocalDynamoClient, createTables, startEmbeddedDynamoProcess } from '../../local/dynamodb/index.js';
import { startApiGatewayAdapter } from '../../local/http/index.js';
import { startInvokeEndpoint } from '../../local/lambda/index.js';
import { ensureNode22, NODE22_VERSION } from '../../scripts/node22.js';
import {
  hostBundle,
  localEnvironment,
  synthesizeApp,
  type BundleHost,
  type SynthesizedApp,
  type SynthesizedFunction,
} from '../helpers/deployed-bundles.js';
import { restClient, type RestClient } from '../helpers/rest.js';
import { uniqueName } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const BROKER = process.env['KAFKA_BOOTSTRAP_SERVERS'];
const PROPERTIES = Array.from({ length: 200 }, (_, i) => `setting.${i}=value-${i}`).join('\n') + '\n';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:kafka-scram-AbCdEf';
const PLUGIN_PACKAGES = ['./templates/connector-plugin', './test/fixtures/plugins/broken'];
const COUNTER = 'com.example.connect.CounterSourceConnector';
const VARIANTS = {
  scram: { kafkaSaslMechanism: 'scram-sha-512', kafkaSaslSecretArn: SECRET_ARN },
  mskIam: {
    kafkaSaslMechanism: 'aws',
    mskClusterArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/lc/abcd-1',
    vpcId: 'vpc-0abc',
    subnetIds: 'subnet-0a,subnet-0b',
    securityGroupIds: 'sg-0a',
  },
} as const;

function byDescription(app: SynthesizedApp, description: string): SynthesizedFunction {
  const fn = app.functions.find((f) => f.description === description);
  if (fn === undefined) throw new Error(`no function "${description}" in the synthesized app`);
  return fn;
}

describe('the deployed bundles on Node 22', { timeout: 600_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  let dir: string;
  let node22: string;
  let app: SynthesizedApp;
  let variants: Record<keyof typeof VARIANTS, SynthesizedApp>;
  let rest: RestClient;
  let hosts: { rest: BundleHost; scheduler: BundleHost; taskRunner: BundleHost; doorbell: BundleHost };
  let invokeStats: () => ReturnType<Awaited<ReturnType<typeof startInvokeEndpoint>>['stats']>;
  let invokeUrl: string;
  let functionNames: { scheduler: string; taskRunner: string; doorbell: string };
  let tick: () => Promise<unknown>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lc-bundles-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    assert.ok(BROKER, 'KAFKA_BOOTSTRAP_SERVERS names the broker (node scripts/run-tests.mjs integration starts one)');
    node22 = await ensureNode22();
    const [main, scram, mskIam] = await Promise.all([
      // The walkthrough's FileStream connectors are opted in for the temp dir its files live in.
      // Plugin packages named as a user would at synth time: the template and one that throws at import.
      synthesizeApp({ bootstrapServers: BROKER, fileStreamAllowedDirs: tmpdir() }, join(dir, 'default'), {
        [Env.PLUGINS]: PLUGIN_PACKAGES.join(','),
      }),
      synthesizeApp({ bootstrapServers: BROKER, ...VARIANTS.scram }, join(dir, 'scram')),
      synthesizeApp({ bootstrapServers: BROKER, ...VARIANTS.mskIam }, join(dir, 'msk-iam')),
    ]);
    app = main;
    variants = { scram, mskIam };

    const dynamo = await startEmbeddedDynamoProcess({});
    cleanups.push(() => dynamo.close());
    const tables = tableNamesWithPrefix(uniqueName('lc-bundle'));
    const setup = createLocalDynamoClient(dynamo.endpoint);
    await createTables(setup, tables);
    setup.destroy();

    const invoke = await startInvokeEndpoint({});
    cleanups.push(() => invoke.close({ drainTimeoutMs: 15_000 }));
    const names = {
      scheduler: uniqueName('scheduler'),
      taskRunner: uniqueName('task-runner'),
      doorbell: uniqueName('doorbell'),
    };
    functionNames = names;
    invokeStats = () => invoke.stats();
    invokeUrl = invoke.url;
    const references = {
      [Env.CONFIG_TABLE]: tables.config,
      [Env.OFFSETS_TABLE]: tables.offsets,
      [Env.STATE_TABLE]: tables.state,
      [Env.SCHEDULER_FUNCTION]: names.scheduler,
      [Env.TASK_RUNNER_FUNCTION]: names.taskRunner,
    };
    const overrides = {
      [Env.TASK_RUNNER_FUNCTION]: names.taskRunner,
      [Env.SCHEDULER_FUNCTION]: names.scheduler,
      [Env.DOORBELL_FUNCTION]: names.doorbell,
      [Env.DYNAMODB_ENDPOINT]: dynamo.endpoint,
      [Env.LAMBDA_ENDPOINT]: invoke.url,
      [Env.WORKER_ID]: 'bundle-test',
    };
    const start = async (description: string): Promise<BundleHost> => {
      const fn = byDescription(app, description);
      const host = await hostBundle(node22, fn, localEnvironment(fn, references, overrides));
      cleanups.push(() => host.stop());
      return host;
    };
    hosts = {
      rest: await start('lambda-connect REST API'),
      scheduler: await start('lambda-connect scheduler'),
      taskRunner: await start('lambda-connect task runner'),
      doorbell: await start('lambda-connect doorbell'),
    };
    const timeoutOf = (description: string): number => byDescription(app, description).timeoutSeconds * 1000;
    invoke.registerFunction(
      names.scheduler,
      (event) => hosts.scheduler.invoke(event, timeoutOf('lambda-connect scheduler')),
      { timeoutMs: timeoutOf('lambda-connect scheduler') },
    );
    invoke.registerFunction(
      names.taskRunner,
      (event) => hosts.taskRunner.invoke(event, timeoutOf('lambda-connect task runner')),
      { timeoutMs: timeoutOf('lambda-connect task runner') },
    );
    invoke.registerFunction(
      names.doorbell,
      (event) => hosts.doorbell.invoke(event, timeoutOf('lambda-connect doorbell')),
      { timeoutMs: timeoutOf('lambda-connect doorbell') },
    );
    const api = await startApiGatewayAdapter({
      handler: async (event: APIGatewayProxyEvent) =>
        (await hosts.rest.invoke(event, timeoutOf('lambda-connect REST API'))) as APIGatewayProxyResult,
      port: 0,
    });
    cleanups.push(() => api.close());
    rest = restClient(api.url);
    // EventBridge Scheduler invokes its Lambda target with the schedule's Input; the template sets none.
    const scheduleTarget = Object.values(app.template.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule')
      ?.Properties?.['Target'] as { Input?: string } | undefined;
    const tickEvent: unknown = scheduleTarget?.Input === undefined ? {} : JSON.parse(scheduleTarget.Input);
    tick = () => hosts.scheduler.invoke(tickEvent, timeoutOf('lambda-connect scheduler'));
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  test(`each bundle loads on Node ${NODE22_VERSION} with only Node's built-ins: it expects no module from the runtime`, () => {
    for (const host of Object.values(hosts)) assert.equal(host.nodeVersion, `v${NODE22_VERSION}`);
    const report = [app, variants.scram, variants.mskIam].flatMap((a) =>
      a.functions.map(
        (f) => `${f.description}: ${f.runtimeModules.join(', ') || 'none'} (Node built-ins: ${f.builtins.join(', ')})`,
      ),
    );
    console.log(`# modules each bundle expects from the runtime:\n#   ${[...new Set(report)].join('\n#   ')}`);
    console.log(
      `# cdk synth: default ${app.synthMs} ms, scram ${variants.scram.synthMs} ms, msk-iam ${variants.mskIam.synthMs} ms (concurrently); bundle import on Node 22: rest-api ${hosts.rest.importMs.toFixed(0)} ms, scheduler ${hosts.scheduler.importMs.toFixed(0)} ms, task-runner ${hosts.taskRunner.importMs.toFixed(0)} ms`,
    );
    for (const fn of app.functions)
      assert.deepEqual(fn.runtimeModules, [], `${fn.description} imports ${fn.runtimeModules.join(', ')}`);
  });

  test('the seed walkthrough through the bundled REST API, scheduler and task runner', async () => {
    const started = Date.now();
    const source = join(dir, 'server.properties');
    const copy = join(dir, 'copy-of-server-properties');
    const topic = uniqueName('bundle-topic');
    await writeFile(source, PROPERTIES);
    const root = await rest.get<{ version: string; kafka_cluster_id: string }>('/');
    assert.equal(root.status, 200, JSON.stringify(root.body));
    assert.equal(root.body.version, '4.3.1');

    assert.equal(
      (
        await rest.post('/connectors', {
          name: 'load-kafka-config',
          config: { 'connector.class': 'FileStreamSource', file: source, topic },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await rest.post('/connectors', {
          name: 'dump-kafka-config',
          config: { 'connector.class': 'FileStreamSink', file: copy, topics: topic },
        })
      ).status,
      201,
    );
    await waitFor(
      async () => {
        await tick();
        return (await readFile(copy, 'utf8').catch(() => '')) === PROPERTIES;
      },
      { timeoutMs: 120_000, message: 'the copy equals the source' },
    );
    const status = await rest.get<{ connector: { state: string }; tasks: { state: string }[] }>(
      '/connectors/load-kafka-config/status',
    );
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.equal(status.body.connector.state, 'RUNNING');
    const expanded = await rest.get<Record<string, { status: unknown }>>('/connectors?expand=status');
    assert.deepEqual(Object.keys(expanded.body).sort(), ['dump-kafka-config', 'load-kafka-config']);
    assert.equal((await rest.delete('/connectors/load-kafka-config')).status, 204);
    assert.equal((await rest.delete('/connectors/dump-kafka-config')).status, 204);
    assert.deepEqual((await rest.get('/connectors')).body, []);
    console.log(`# walkthrough through the Node 22 bundles: ${Date.now() - started} ms`);
  });

  test("the bundled scheduler creates a doorbell sink's mapping, and the bundled doorbell starts its idle task from a Kafka event", async () => {
    const name = uniqueName('bell');
    const topic = uniqueName('bell-topic');
    const config = {
      'connector.class': 'FileStreamSink',
      file: join(dir, `${name}.txt`),
      topics: topic,
      'latency.mode': 'doorbell',
    };
    assert.equal((await rest.post('/connectors', { name, config })).status, 201);
    await tick();
    const lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: invokeUrl,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: functionNames.doorbell }));
      assert.deepEqual(
        (listed.EventSourceMappings ?? []).map((m) => [
          m.Topics?.[0],
          m.SelfManagedEventSource?.Endpoints?.['KAFKA_BOOTSTRAP_SERVERS'],
        ]),
        [[topic, BROKER?.split(',')]],
      );
    } finally {
      lambda.destroy();
    }
    const runner = () => invokeStats().functions[functionNames.taskRunner];
    await waitFor(() => runner()?.inFlight === 0, { timeoutMs: 30_000, message: 'the sink idle' });
    const before = runner()?.invocations.Event ?? 0;
    const event = {
      eventSource: 'SelfManagedKafka',
      bootstrapServers: BROKER,
      records: {
        [`${topic}-0`]: [
          {
            topic,
            partition: 0,
            offset: 0,
            timestamp: Date.now(),
            timestampType: 'CREATE_TIME',
            value: 'eA==',
            headers: [],
          },
        ],
      },
    };
    const report = (await hosts.doorbell.invoke(event, 30_000)) as {
      topics: string[];
      invoked: number;
      failures: number;
    };
    assert.deepEqual(report.topics, [topic]);
    assert.equal(report.failures, 0);
    assert.equal(report.invoked, 1, 'the idle task started');
    assert.equal((runner()?.invocations.Event ?? 0) - before, 1);
    assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });

  test('plugin packages are bundled into the runtime functions and run there; a broken one is skipped', async () => {
    // Every runtime function bundles the packages (the connectors-as-code one exists when connectors are declared); the authorizer does not.
    for (const fn of app.functions) {
      const bundled = (await readFile(join(fn.bundleDir, 'index.mjs'), 'utf8')).includes(COUNTER);
      assert.equal(
        bundled,
        fn.description !== 'lambda-connect basic-auth authorizer',
        `${fn.description} bundles the template's connector: ${bundled}`,
      );
    }
    assert.ok(
      ['lambda-connect REST API', 'lambda-connect scheduler', 'lambda-connect task runner'].every((d) =>
        app.functions.some((f) => f.description === d),
      ),
    );

    const plugins = await rest.get<{ class: string; version: string }[]>('/connector-plugins');
    assert.deepEqual(
      plugins.body.find((p) => p.class === COUNTER),
      { class: COUNTER, type: 'source', version: '1.0.0' },
    );
    assert.match(hosts.rest.output(), /plugin package skipped: it failed to load.*broken-plugin cannot start/s);
    // Powertools' middy middleware puts the invocation's request id on every line (decision 0022).
    const skipped =
      hosts.rest
        .output()
        .split('\n')
        .find((line) => line.includes('plugin package skipped')) ?? '';
    assert.match(skipped, /"function_request_id":"[0-9a-f-]{36}"/, skipped);

    const topic = uniqueName('bundle-counter');
    const name = uniqueName('counter');
    assert.equal(
      (
        await rest.post('/connectors', {
          name,
          config: { 'connector.class': 'CounterSource', topic, count: '60', 'batch.size': '25' },
        })
      ).status,
      201,
    );
    await waitFor(
      async () => {
        await tick();
        const status = await rest.get<{ tasks: { state: string }[] }>(`/connectors/${name}/status`);
        return status.body.tasks[0]?.state === 'RUNNING' && (await topicEnd(BROKER ?? '', topic)) === 60;
      },
      { timeoutMs: 120_000, message: 'the bundled task runner wrote the 60 numbers' },
    );
    assert.equal((await rest.delete(`/connectors/${name}`)).status, 204);
  });

  for (const variant of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) {
    test(`the ${variant} variant: its bundles load on Node 22 and build their SASL Kafka client`, async () => {
      const fn = byDescription(variants[variant], 'lambda-connect REST API');
      assert.deepEqual(fn.runtimeModules, []);
      const mechanism = VARIANTS[variant].kafkaSaslMechanism;
      assert.equal(fn.environment[Env.KAFKA_SASL_MECHANISM], mechanism);
      const references = {
        [Env.CONFIG_TABLE]: 'unused',
        [Env.OFFSETS_TABLE]: 'unused',
        [Env.STATE_TABLE]: 'unused',
        [Env.SCHEDULER_FUNCTION]: 'unused',
      };
      const secrets = await startFakeSecretsManager();
      const host = await hostBundle(
        node22,
        fn,
        localEnvironment(fn, references, {
          [Env.KAFKA_BOOTSTRAP_SERVERS]: BROKER ?? '',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
          AWS_MAX_ATTEMPTS: '1',
        }),
      );
      try {
        // GET / asks Kafka for the cluster id: the SASL client is built (signer or secret loaded) and connects.
        const response = (await host.invoke({ ...GET_ROOT }, 29_000)) as APIGatewayProxyResult;
        assert.ok(response.statusCode >= 500, `the local broker has no SASL listener: ${response.statusCode}`);
        assert.match(response.body, /"error_code"/);
        assert.doesNotMatch(host.output(), /ERR_MODULE_NOT_FOUND|Cannot find (package|module)/);
        if (variant === 'scram') {
          // The bundled Secrets Manager client fetched the SCRAM credentials the template names.
          assert.deepEqual(secrets.requests, [{ target: 'secretsmanager.GetSecretValue', secretId: SECRET_ARN }]);
        } else {
          // MSK IAM implies TLS: the signer module was imported (before the client is built) and the client opened a TLS connection.
          assert.match(host.output(), /secure TLS connection/);
        }
      } finally {
        await host.stop();
        await secrets.close();
      }
    });
  }
});

/** Answers GetSecretValue with SCRAM credentials and records what was asked. */
async function startFakeSecretsManager(): Promise<{
  url: string;
  requests: { target: string; secretId: string }[];
  close: () => Promise<void>;
}> {
  const requests: { target: string; secretId: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const secretId = String((JSON.parse(body || '{}') as { SecretId?: string }).SecretId);
      requests.push({ target: String(req.headers['x-amz-target']), secretId });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          ARN: secretId,
          Name: 'kafka-scram',
          SecretString: JSON.stringify({ username: 'lc', password: 'secret' }),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const GET_ROOT = {
  resource: '/',
  path: '/',
  httpMethod: 'GET',
  headers: { Accept: 'application/json' },
  multiValueHeaders: { Accept: ['application/json'] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: {
    stage: 'prod',
    path: '/prod/',
    httpMethod: 'GET',
    requestId: 'bundle-test',
    resourcePath: '/',
    identity: { sourceIp: '127.0.0.1' },
  },
};

/** The sum of the topic's end offsets (0 while it does not exist). */
async function topicEnd(brokers: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
