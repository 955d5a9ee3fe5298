/**
 * AWSKafkaAvroConverter against moto's Glue Schema Registry and an independent implementation, PyPI
 * aws-glue-schema-registry (boto3, fastavro): its records read by Python as the same values with the
 * same schema version id, Python's records read by us, the same bytes for the same record and version,
 * zlib compression both ways, and auto-registration off refusing an unknown schema.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreateRegistryCommand, GetSchemaVersionCommand, GlueClient } from '@aws-sdk/client-glue';
import { DataError, settlePendingIo, type Schema } from 'lambda-connect/api';
import { startMotoServer, type MotoServer } from '../../../../local/moto/server.js';
import { AWSKafkaAvroConverter } from '../../src/glue/aws-kafka-avro-converter.js';
import { glueRead, glueWrite, requireReferenceVenv, tagged } from '../reference/confluent-avro.js';
import { PYTHON_SCHEMA, TYPES, typesValue } from '../types-table.js';

requireReferenceVenv();
process.env['AWS_ACCESS_KEY_ID'] ??= 'test';
process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test';

describe('AWSKafkaAvroConverter cross-checked with aws-glue-schema-registry on moto', () => {
  let moto: MotoServer;
  const registryName = `registry-${randomUUID().slice(0, 8)}`;
  before(async () => {
    moto = await startMotoServer();
    const glue = new GlueClient({ region: 'us-east-1', endpoint: moto.endpoint });
    await glue.send(new CreateRegistryCommand({ RegistryName: registryName }));
    glue.destroy();
  });
  after(async () => {
    await moto?.close();
  });

  const converter = (extra: Record<string, string> = {}): AWSKafkaAvroConverter => {
    const glue = new AWSKafkaAvroConverter();
    glue.configure(
      {
        region: 'us-east-1',
        endpoint: moto.endpoint,
        'registry.name': registryName,
        schemaAutoRegistrationEnabled: 'true',
        ...extra,
      },
      false,
    );
    return glue;
  };
  const write = (c: AWSKafkaAvroConverter, topic: string, schema: Schema, value: unknown) =>
    settlePendingIo(() => c.fromConnectData(topic, [], schema, value) as Uint8Array);
  const read = (c: AWSKafkaAvroConverter, bytes: Uint8Array) => settlePendingIo(() => c.toConnectData('t', [], bytes));
  const versionIdOf = (bytes: Uint8Array): string => {
    const hex = Buffer.from(bytes.subarray(2, 18)).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  test('ours writes the types table; Python reads the same values under the same version id; same bytes for the same record', async () => {
    const topic = `glue-${randomUUID().slice(0, 8)}`;
    const bytes = await write(converter(), topic, TYPES, typesValue());
    assert.equal(bytes[0], 3);
    assert.equal(bytes[1], 0);
    const answer = await glueRead({
      endpoint: moto.endpoint,
      registry: registryName,
      payloads: [Buffer.from(bytes).toString('base64')],
    });
    assert.deepEqual(answer.records[0], tagged(typesValue(), TYPES));
    assert.deepEqual(answer.versionIds, [versionIdOf(bytes)]);
    assert.equal((await read(converter(), bytes)).schema?.name, 'com.acme.Types');
    // Python writing the same record under our definition finds our version and writes our bytes.
    const glue = new GlueClient({ region: 'us-east-1', endpoint: moto.endpoint });
    const definition = (await glue.send(new GetSchemaVersionCommand({ SchemaVersionId: versionIdOf(bytes) })))
      .SchemaDefinition as string;
    glue.destroy();
    const python = await glueWrite({
      endpoint: moto.endpoint,
      registry: registryName,
      schemaName: topic,
      schema: definition,
      records: [tagged(typesValue(), TYPES)],
    });
    assert.deepEqual(python.versionIds, [versionIdOf(bytes)]);
    assert.deepEqual(Buffer.from(python.payloads[0] as string, 'base64'), Buffer.from(bytes));
  });

  test('Python writes the types table (zlib and not); ours reads the same logical values', async () => {
    const schemaName = `py-${randomUUID().slice(0, 8)}`;
    for (const compression of [false, true]) {
      const python = await glueWrite({
        endpoint: moto.endpoint,
        registry: registryName,
        schemaName,
        schema: PYTHON_SCHEMA,
        records: [tagged(typesValue(), TYPES)],
        compression,
      });
      const bytes = Buffer.from(python.payloads[0] as string, 'base64');
      assert.equal(bytes[1], compression ? 5 : 0);
      const { schema, value } = await read(converter(), bytes);
      assert.deepEqual(tagged(value, schema ?? undefined), tagged(typesValue(), TYPES));
    }
  });

  test('compression=ZLIB writes compression byte 5 and a zlib body Python inflates', async () => {
    const bytes = await write(
      converter({ compression: 'ZLIB' }),
      `zlib-${randomUUID().slice(0, 8)}`,
      TYPES,
      typesValue(),
    );
    assert.equal(bytes[1], 5);
    const answer = await glueRead({
      endpoint: moto.endpoint,
      registry: registryName,
      payloads: [Buffer.from(bytes).toString('base64')],
    });
    assert.deepEqual(answer.records[0], tagged(typesValue(), TYPES));
  });

  test("a schemaless value is Confluent's Anything record (AvroData, which AWS's converter uses): Python reads it, ours reads it back with a null schema", async () => {
    const topic = `anything-${randomUUID().slice(0, 8)}`;
    const bytes = await write(converter(), topic, null as unknown as Schema, { n: 7, tags: ['x'] });
    const none = {
      boolean: null,
      bytes: null,
      double: null,
      float: null,
      int: null,
      long: null,
      string: null,
      array: null,
      map: null,
    };
    const answer = await glueRead({
      endpoint: moto.endpoint,
      registry: registryName,
      payloads: [Buffer.from(bytes).toString('base64')],
    });
    assert.deepEqual(answer.records[0], {
      ...none,
      map: [
        { key: { ...none, string: 'n' }, value: { ...none, long: 7 } },
        { key: { ...none, string: 'tags' }, value: { ...none, array: [{ ...none, string: 'x' }] } },
      ],
    });
    const back = await read(converter(), bytes);
    assert.equal(back.schema, null);
    assert.deepEqual(back.value, { n: 7, tags: ['x'] });
  });

  test('with schemaAutoRegistrationEnabled=false an unknown schema is a DataError saying so', async () => {
    await assert.rejects(
      write(
        converter({ schemaAutoRegistrationEnabled: 'false' }),
        `off-${randomUUID().slice(0, 8)}`,
        TYPES,
        typesValue(),
      ),
      (error: unknown) =>
        error instanceof DataError && /Auto registration of schema is not enabled/.test(error.message),
    );
  });
});
