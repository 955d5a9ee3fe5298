/**
 * The ProtobufConverter and JsonSchemaConverter beside the AvroConverter in `run.ts` (called from it, with
 * its records and its `measure`): records/s to bytes and back against the same registry, bytes per record,
 * and the registry HTTP requests per 100,000 conversions (a fresh topic per run: a cold subject each time).
 */
import type { Converter, Struct } from 'lambda-connect/api';
import { registryRequestCount } from '../src/client/shared-registry.js';
import { JsonSchemaConverter } from '../src/json-schema/json-schema-converter.js';
import { ProtobufConverter } from '../src/protobuf/protobuf-converter.js';

type Measure<F> = (make: () => Converter, topic: (run: number) => string, records: readonly Struct[]) => Promise<F>;

interface FormatFigures<F> {
  readonly figures: F;
  readonly registryRequests: {
    readonly total: number;
    readonly conversions: number;
    readonly per100kConversions: number;
  };
}

async function one<F>(
  name: string,
  make: () => Converter,
  records: readonly Struct[],
  runs: number,
  measure: Measure<F>,
): Promise<FormatFigures<F>> {
  const before = registryRequestCount();
  const figures = await measure(make, (r) => `orders-${name}-${process.pid}-${r}`, records);
  const total = registryRequestCount() - before;
  const conversions = runs * records.length * 2;
  return {
    figures,
    registryRequests: { total, conversions, per100kConversions: Number(((total / conversions) * 100_000).toFixed(2)) },
  };
}

/** Protobuf and JSON Schema figures, keyed `protobuf` and `jsonSchema`. */
export async function measureProtobufAndJsonSchema<F>(
  registryUrl: string,
  records: readonly Struct[],
  runs: number,
  measure: Measure<F>,
  progress?: (line: string) => void,
): Promise<{ protobuf: FormatFigures<F>; jsonSchema: FormatFigures<F> }> {
  const configured = (c: Converter): Converter => {
    c.configure({ 'schema.registry.url': registryUrl }, false);
    return c;
  };
  const protobuf = await one('protobuf', () => configured(new ProtobufConverter()), records, runs, measure);
  progress?.(`ProtobufConverter: ${JSON.stringify(protobuf)}`);
  const jsonSchema = await one('json-schema', () => configured(new JsonSchemaConverter()), records, runs, measure);
  progress?.(`JsonSchemaConverter: ${JSON.stringify(jsonSchema)}`);
  return { protobuf, jsonSchema };
}
