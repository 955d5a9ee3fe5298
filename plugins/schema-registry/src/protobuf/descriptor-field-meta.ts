/**
 * Confluent's field metadata (`(confluent.field_meta)`, extension 1088 of `FieldOptions`) read straight from
 * a serialized `FileDescriptorProto`: protobufjs's descriptor reader drops unknown extensions, and the
 * metadata carries what ProtobufData needs (`connect.type` int8/int16, a decimal's precision and scale).
 * Returns params by field path `Message.Nested.field`.
 */
import protobuf from 'protobufjs';

const FIELD_META = 1088;

export function descriptorFieldMeta(fileBytes: Uint8Array): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  forEach(fileBytes, (tag, reader) => {
    if (tag === 4) readMessage(reader.bytes(), '', result);
    else return false;
    return true;
  });
  return result;
}

/** Calls `visit` per field; it reads the field and returns true, or returns false to have it skipped. */
function forEach(bytes: Uint8Array, visit: (field: number, reader: protobuf.Reader) => boolean): void {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const key = reader.uint32();
    if (!visit(key >>> 3, reader)) reader.skipType(key & 7);
  }
}

function readMessage(bytes: Uint8Array, prefix: string, result: Map<string, Record<string, string>>): void {
  let name = '';
  const fields: Uint8Array[] = [];
  const nested: Uint8Array[] = [];
  forEach(bytes, (field, reader) => {
    if (field === 1) name = reader.string();
    else if (field === 2) fields.push(reader.bytes());
    else if (field === 3) nested.push(reader.bytes());
    else return false;
    return true;
  });
  const path = `${prefix}${name}`;
  for (const fieldBytes of fields) readField(fieldBytes, path, result);
  for (const nestedBytes of nested) readMessage(nestedBytes, `${path}.`, result);
}

function readField(bytes: Uint8Array, messagePath: string, result: Map<string, Record<string, string>>): void {
  let name = '';
  let params: Record<string, string> | undefined;
  forEach(bytes, (field, reader) => {
    if (field === 1) name = reader.string();
    else if (field === 8) params = readOptions(reader.bytes());
    else return false;
    return true;
  });
  if (params !== undefined) result.set(`${messagePath}.${name}`, params);
}

function readOptions(bytes: Uint8Array): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  forEach(bytes, (field, reader) => {
    if (field !== FIELD_META) return false;
    params ??= {};
    const target = params;
    forEach(reader.bytes(), (metaField, metaReader) => {
      if (metaField !== 2) return false;
      let key = '';
      let value = '';
      forEach(metaReader.bytes(), (entryField, entryReader) => {
        if (entryField === 1) key = entryReader.string();
        else if (entryField === 2) value = entryReader.string();
        else return false;
        return true;
      });
      target[key] = value;
      return true;
    });
    return true;
  });
  return params;
}
