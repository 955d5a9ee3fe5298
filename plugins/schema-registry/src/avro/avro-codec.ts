/**
 * An Avro schema ready to encode and decode: its parsed nodes (for the Connect mapping) and an avsc type
 * with wrapped unions (a union value names its branch, as Confluent's Union structs need) and 64-bit longs.
 */
import avro from 'avsc';
import { DataError } from 'lambda-connect/api';
import { connectLongType } from './avro-long.js';
import { type AvroNode, parseAvroSchemaText } from './avro-schema-node.js';

export interface AvroCodec {
  /** The schema text as registered. */
  readonly text: string;
  readonly node: AvroNode;
  readonly type: avro.Type;
}

/** Fresh each time: avsc keeps the named types it defines in the options' registry. */
function options(): Partial<avro.ForSchemaOptions> {
  return {
    wrapUnions: true,
    // avsc builds a fresh long type for `{"type": "long", ...props}`; every long must be ours.
    typeHook: ((schema: unknown) =>
      schema === 'long' ||
      (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long')
        ? connectLongType
        : undefined) as unknown as avro.ForSchemaOptions['typeHook'],
  };
}

/**
 * Parses schema text into a codec; `DataError` for a schema avsc or the mapping refuses. `dependencies`
 * are the texts of the schemas it references (schema references, dependencies first): their named types
 * are defined before the schema's own, as Confluent's `AvroSchema` parses them.
 */
export function avroCodec(text: string, dependencies: readonly string[] = []): AvroCodec {
  const named = new Map<string, AvroNode>();
  for (const dependency of dependencies) parseAvroSchemaText(dependency, named);
  const node = parseAvroSchemaText(text, named);
  try {
    // One avsc registry for all: the schema's names resolve to the types its dependencies define.
    const shared = options();
    for (const dependency of dependencies) avro.Type.forSchema(JSON.parse(dependency) as avro.Schema, shared);
    return { text, node, type: avro.Type.forSchema(JSON.parse(text) as avro.Schema, shared) };
  } catch (error) {
    throw new DataError(`Invalid Avro schema: ${(error as Error).message}`, { cause: error });
  }
}

/** Avro binary of `value`; `DataError` naming the first invalid path when it does not fit. */
export function encode(codec: AvroCodec, value: unknown): Buffer {
  try {
    return codec.type.toBuffer(value);
  } catch (error) {
    const paths: string[] = [];
    codec.type.isValid(value, { errorHook: (path: string[]) => paths.push(path.join('.')) });
    throw new DataError(
      `Failed to serialize Avro data${paths.length > 0 ? ` (invalid at ${paths.join(', ')})` : ''}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The avsc value of Avro binary; `DataError` for truncated or trailing bytes. */
export function decode(codec: AvroCodec, payload: Uint8Array): unknown {
  const buffer = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  try {
    return codec.type.fromBuffer(buffer);
  } catch (error) {
    throw new DataError(`Failed to deserialize Avro data: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether data written with `writer` can be read with `reader` (Avro schema resolution). */
export function canRead(reader: AvroCodec, writer: AvroCodec): boolean {
  try {
    reader.type.createResolver(writer.type);
    return true;
  } catch {
    return false;
  }
}
