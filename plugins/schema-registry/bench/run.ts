/**
 * The AvroConverter beside the JsonConverter (schemas on): records/s converting Datagen-like orders (a
 * struct with a nested struct, ~130 bytes of JSON) from Connect data to bytes (a source's side) and back
 * (a sink's side), against a real registry (Apicurio on this machine), and the registry HTTP requests per
 * 100,000 records, cold cache included. Each figure is the median of 5 runs with its spread.
 * `npx tsx plugins/schema-registry/bench/run.ts [--quick]`.
 */
import { PendingIoError, SchemaBuilder, Schemas, Struct, type Converter, type Schema } from 'lambda-connect/api';
import { spread, type Spread } from '../../../bench/stats.js';
import { JsonConverter } from '../../../lib/converters/json/json-converter.js';
import { startSchemaRegistry } from '../../../local/schema-registry/server.js';
import { AvroConverter } from '../src/avro/avro-converter.js';
import { registryRequestCount } from '../src/client/shared-registry.js';
import { measureProtobufAndJsonSchema } from './proto-json.js';

const RUNS = 5;
const ADDRESS = SchemaBuilder.struct()
  .name('ksql.address')
  .field('city', Schemas.STRING)
  .field('state', Schemas.STRING)
  .field('zipcode', Schemas.INT64)
  .build();
const ORDER = SchemaBuilder.struct()
  .name('ksql.orders')
  .field('ordertime', Schemas.INT64)
  .field('orderid', Schemas.INT32)
  .field('itemid', Schemas.STRING)
  .field('orderunits', Schemas.FLOAT64)
  .field('address', ADDRESS)
  .build();

function orders(count: number): Struct[] {
  return Array.from({ length: count }, (_, i) =>
    new Struct(ORDER)
      .put('ordertime', 1_500_000_000_000 + i * 37)
      .put('orderid', i)
      .put('itemid', `Item_${i % 1000}`)
      .put('orderunits', (i % 97) / 7)
      .put(
        'address',
        new Struct(ADDRESS)
          .put('city', `City_${i % 90}`)
          .put('state', `State_${i % 50}`)
          .put('zipcode', 10_000 + (i % 89_999)),
      ),
  );
}

/** Converts with the worker's contract: synchronously, awaiting the I/O a cold cache asks for. */
async function run<T>(
  items: readonly T[],
  convert: (item: T) => unknown,
): Promise<{ seconds: number; out: unknown[] }> {
  const out = new Array<unknown>(items.length);
  const started = performance.now();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    for (;;) {
      try {
        out[i] = convert(item);
        break;
      } catch (error) {
        if (!(error instanceof PendingIoError)) throw error;
        await error.ready;
      }
    }
  }
  return { seconds: (performance.now() - started) / 1000, out };
}

interface Figures {
  readonly toBytesPerSecond: Spread;
  readonly fromBytesPerSecond: Spread;
  readonly bytesPerRecord: number;
}

async function measure(
  make: () => Converter,
  topic: (run: number) => string,
  records: readonly Struct[],
): Promise<Figures> {
  const to: number[] = [];
  const from: number[] = [];
  let size = 0;
  for (let r = 0; r < RUNS; r++) {
    const converter = make();
    const name = topic(r);
    const written = await run(
      records,
      (value) => converter.fromConnectData(name, [], ORDER as Schema, value) as Uint8Array,
    );
    const bytes = written.out as Uint8Array[];
    const read = await run(bytes, (value) => converter.toConnectData(name, [], value));
    to.push(records.length / written.seconds);
    from.push(records.length / read.seconds);
    size = bytes.reduce((sum, b) => sum + b.length, 0) / bytes.length;
  }
  return { toBytesPerSecond: spread(to), fromBytesPerSecond: spread(from), bytesPerRecord: Math.round(size) };
}

export async function benchmark(
  options: { quick?: boolean; progress?: (line: string) => void } = {},
): Promise<Record<string, unknown>> {
  const count = options.quick === true ? 20_000 : 100_000;
  const records = orders(count);
  const registry = await startSchemaRegistry();
  try {
    options.progress?.(`${count.toLocaleString('en-US')} orders, ${RUNS} runs each, registry ${registry.url}`);
    const json = await measure(
      () => {
        const c = new JsonConverter();
        c.configure({ 'schemas.enable': 'true' }, false);
        return c;
      },
      () => 'orders',
      records,
    );
    options.progress?.(
      `JsonConverter: ${json.toBytesPerSecond.median} → bytes, ${json.fromBytesPerSecond.median} ← bytes records/s`,
    );
    const before = registryRequestCount();
    // A fresh topic per run: each run starts with a cold subject (one registration, one id and version lookup).
    const avro = await measure(
      () => {
        const c = new AvroConverter();
        c.configure({ 'schema.registry.url': registry.url }, false);
        return c;
      },
      (r) => `orders-bench-${process.pid}-${r}`,
      records,
    );
    const requests = registryRequestCount() - before;
    options.progress?.(
      `AvroConverter: ${avro.toBytesPerSecond.median} → bytes, ${avro.fromBytesPerSecond.median} ← bytes records/s; ${requests} registry requests for ${RUNS * count * 2} conversions`,
    );
    // Protobuf and JSON Schema (bench/proto-json.ts), same records, registry and measure.
    const protobufAndJsonSchema = await measureProtobufAndJsonSchema(
      registry.url,
      records,
      RUNS,
      measure,
      options.progress,
    );
    return {
      workload: { records: count, runs: RUNS, schema: 'ksql.orders (Datagen quickstart orders shape)' },
      json,
      avro,
      registryRequests: {
        total: requests,
        conversions: RUNS * count * 2,
        per100kConversions: Number(((requests / (RUNS * count * 2)) * 100_000).toFixed(2)),
      },
      ...protobufAndJsonSchema,
    };
  } finally {
    await registry.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchmark({ quick: process.argv.includes('--quick'), progress: (line) => console.error(line) });
  console.log(JSON.stringify(figures, null, 2));
}
