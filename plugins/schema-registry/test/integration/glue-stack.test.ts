/**
 * The AWSKafkaAvroConverter through a local stack under the grants a deployment gives
 * (`-c glueSchemaRegistries=<registry>`), moto's Glue and real Kafka: its Glue client is built through the
 * converter context (plugin API 1.2), so local IAM checks every call as AWS would. On the granted registry
 * Datagen → AWSKafkaAvroConverter → topic → FileStreamSink reading with it delivers every record; on a
 * registry the deployment does not grant, the source task fails with AWS's AccessDenied for
 * glue:GetSchemaByDefinition and registers nothing, and a sink reading that registry's records fails on
 * glue:GetSchemaVersion (checked on the schema Glue's answer names).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateRegistryCommand, GetSchemaCommand, GlueClient } from '@aws-sdk/client-glue';
import { Kafka, logLevel } from 'kafkajs';
import { Schemas, settlePendingIo } from 'lambda-connect/api';
import { LOCAL_IAM_CONTEXT_ENV } from '../../../../local/iam/index.js';
import { startMotoServer, type MotoServer } from '../../../../local/moto/server.js';
import { uniqueName, useTestStack } from '../../../../test/helpers/stack.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { AWSKafkaAvroConverter } from '../../src/glue/aws-kafka-avro-converter.js';

const GLUE = 'com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter';
/** moto is new for this file, so fixed names are free; only the first is granted. */
const GRANTED = 'glue-stack-granted';
const OTHER = 'glue-stack-other';

type Status = { tasks?: Array<{ state: string; trace?: string }> };

describe('AWSKafkaAvroConverter on a local stack, checked by local IAM', () => {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: process.env['AWS_ACCESS_KEY_ID'] ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env['AWS_SECRET_ACCESS_KEY'] ?? 'local',
    // The deployment's grant: `cdk deploy -c glueSchemaRegistries=glue-stack-granted`.
    [LOCAL_IAM_CONTEXT_ENV]: `glueSchemaRegistries=${GRANTED}`,
  });
  let moto: MotoServer;
  before(async () => {
    moto = await startMotoServer();
    const glue = new GlueClient({ region: 'us-east-1', endpoint: moto.endpoint });
    try {
      for (const name of [GRANTED, OTHER]) await glue.send(new CreateRegistryCommand({ RegistryName: name }));
    } finally {
      glue.destroy();
    }
  });
  after(async () => {
    await moto?.close();
  });
  // Its own process: a denial there is the expected one (counted in the run's IAM report, not this stack's).
  const ref = useTestStack({ isolateTaskRunner: true });

  const glueConverter = (registry: string): Record<string, string> => ({
    'value.converter': GLUE,
    'value.converter.region': 'us-east-1',
    'value.converter.endpoint': moto.endpoint,
    'value.converter.registry.name': registry,
    'value.converter.schemaAutoRegistrationEnabled': 'true',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  });
  const datagen = (topic: string, registry: string, iterations: number): Record<string, string> => ({
    'connector.class': 'DatagenConnector',
    'kafka.topic': topic,
    quickstart: 'orders',
    'max.interval': '0',
    iterations: String(iterations),
    'random.seed': '11',
    ...glueConverter(registry),
  });
  const failedTrace = async (name: string): Promise<string> => {
    let trace = '';
    await waitFor(
      async () => {
        const task = (await ref.current.rest.get<Status>(`/connectors/${name}/status`)).body.tasks?.[0];
        trace = task?.trace ?? '';
        return task?.state === 'FAILED';
      },
      { timeoutMs: 60_000, message: `${name}'s task failed` },
    );
    return trace;
  };

  test('on the granted registry: Datagen → AWSKafkaAvroConverter → topic → FileStreamSink reading with it, every record', async () => {
    const t = ref.current;
    const topic = uniqueName('glue-orders');
    const file = join(t.dataDir, `${topic}.txt`);
    const count = 40;
    const gen = await t.rest.post('/connectors', { name: uniqueName('gen'), config: datagen(topic, GRANTED, count) });
    assert.equal(gen.status, 201);
    const sink = await t.rest.post('/connectors', {
      name: uniqueName('dump'),
      config: { 'connector.class': 'FileStreamSink', file, topics: topic, ...glueConverter(GRANTED) },
    });
    assert.equal(sink.status, 201);
    const lines = async (): Promise<string[]> =>
      (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    await waitFor(async () => (await lines()).length >= count, {
      timeoutMs: 60_000,
      message: `${count} lines in the sink file`,
    });
    const out = await lines();
    assert.equal(out.length, count);
    assert.match(out[0] ?? '', /^Struct\{ordertime=\d+,orderid=\d+,itemid=Item_\d+,/);
    assert.equal(new Set(out.map((l) => /orderid=(\d+)/.exec(l)?.[1])).size, count, 'every order once');
    // The schema exists in the granted registry, under the topic's name (the converter's default).
    const glue = new GlueClient({ region: 'us-east-1', endpoint: moto.endpoint });
    try {
      const schema = await glue.send(new GetSchemaCommand({ SchemaId: { RegistryName: GRANTED, SchemaName: topic } }));
      assert.equal(schema.DataFormat, 'AVRO');
    } finally {
      glue.destroy();
    }
  });

  test('on a registry the deployment does not grant, the source task fails with AccessDenied on glue:GetSchemaByDefinition and registers nothing', async () => {
    const t = ref.current;
    const topic = uniqueName('glue-denied');
    const name = uniqueName('gen-denied');
    assert.equal((await t.rest.post('/connectors', { name, config: datagen(topic, OTHER, 5) })).status, 201);
    const trace = await failedTrace(name);
    assert.match(trace, /AccessDeniedException/);
    assert.match(
      trace,
      /not authorized to perform: glue:GetSchemaByDefinition on resource: arn:aws:glue:us-east-1:000000000000:registry\/glue-stack-other/,
    );
    const glue = new GlueClient({ region: 'us-east-1', endpoint: moto.endpoint });
    try {
      await assert.rejects(
        glue.send(new GetSchemaCommand({ SchemaId: { RegistryName: OTHER, SchemaName: topic } })),
        (error: unknown) => (error as Error).name === 'EntityNotFoundException',
      );
    } finally {
      glue.destroy();
    }
  });

  test("a sink reading records of a registry not granted fails with AccessDenied on glue:GetSchemaVersion for that registry's schema", async () => {
    const t = ref.current;
    const topic = uniqueName('glue-read-denied');
    // Written outside the stack (another producer with its own grants) into the other registry.
    const writer = new AWSKafkaAvroConverter();
    writer.configure(
      { region: 'us-east-1', endpoint: moto.endpoint, 'registry.name': OTHER, schemaAutoRegistrationEnabled: 'true' },
      false,
    );
    const bytes = await settlePendingIo(() => writer.fromConnectData(topic, [], Schemas.STRING, 'written elsewhere'));
    const kafka = new Kafka({ brokers: t.stack.kafkaBootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // Not waitForLeaders: its metadata polling can trip on the shared broker; the producer retries until the leader is up.
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: Buffer.from(bytes as Uint8Array) }] });
    } finally {
      await producer.disconnect();
    }
    const file = join(t.dataDir, `${topic}.txt`);
    const name = uniqueName('dump-denied');
    const config = { 'connector.class': 'FileStreamSink', file, topics: topic, ...glueConverter(GRANTED) };
    assert.equal((await t.rest.post('/connectors', { name, config })).status, 201);
    const trace = await failedTrace(name);
    assert.match(
      trace,
      /not authorized to perform: glue:GetSchemaVersion on resource: arn:aws:glue:us-east-1:000000000000:registry\/glue-stack-other/,
    );
    assert.equal(await readFile(file, 'utf8').catch(() => ''), '', 'nothing written');
  });
});
