/**
 * A registered Protobuf schema, parsed with protobufjs: the schema text (or a base64 `FileDescriptorProto`,
 * as some serializers register), its imports resolved from the schema's references or from the well-known
 * files, and the file's top-level messages in order, so message indexes can be turned into a type and back.
 */
import { DataError } from 'lambda-connect/api';
import protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor.js';
import { descriptorFieldMeta } from './descriptor-field-meta.js';
import { FIELD_META_OPTION } from './protobuf-names.js';
import { WELL_KNOWN_PROTOS } from './well-known-protos.js';

export interface ProtoSchema {
  /** The schema text as registered. */
  readonly text: string;
  readonly root: protobuf.Root;
  /** The main file's top-level message types, in declaration order (message index 0, 1, …). */
  readonly messages: readonly protobuf.Type[];
  /** Imported files by name, as the registry's references name them. */
  readonly dependencies: ReadonlyMap<string, string>;
}

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true } as const;

/**
 * Parses a schema and its dependencies (`references`: import path → schema text). An import that is neither
 * referenced nor well known is a `DataError` naming it.
 */
export function parseProtoSchema(text: string, references: ReadonlyMap<string, string> = new Map()): ProtoSchema {
  let root = new protobuf.Root();
  let messageNames: string[];
  if (isDescriptorText(text)) [root, messageNames] = loadDescriptor(text, references);
  else messageNames = loadText(root, text, references, new Set());
  try {
    root.resolveAll();
  } catch (cause) {
    throw new DataError(`Invalid Protobuf schema: ${(cause as Error).message}`, { cause });
  }
  const messages = messageNames.map((name) => root.lookupType(name));
  return { text, root, messages, dependencies: references };
}

function isDescriptorText(text: string): boolean {
  return /^[A-Za-z0-9+/=\s]+$/.test(text) && !/\b(message|syntax|enum)\b/.test(text);
}

function loadText(
  root: protobuf.Root,
  text: string,
  references: ReadonlyMap<string, string>,
  loaded: Set<string>,
): string[] {
  let parsed: protobuf.IParserResult;
  const before = new Set(allTypeNames(root));
  try {
    parsed = protobuf.parse(text, root, PARSE_OPTIONS);
  } catch (cause) {
    throw new DataError(`Invalid Protobuf schema: ${(cause as Error).message}`, { cause });
  }
  const ns = parsed.package === undefined ? root : root.lookup(parsed.package);
  const topLevel =
    ns instanceof protobuf.Namespace
      ? ns.nestedArray.filter((n) => n instanceof protobuf.Type && !before.has(n.fullName))
      : [];
  for (const path of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])])
    loadImport(root, path, references, loaded);
  return topLevel.map((t) => t.fullName.slice(1));
}

function loadImport(
  root: protobuf.Root,
  path: string,
  references: ReadonlyMap<string, string>,
  loaded: Set<string>,
): void {
  if (loaded.has(path) || path === 'google/protobuf/descriptor.proto') return;
  loaded.add(path);
  const text = references.get(path) ?? WELL_KNOWN_PROTOS[path];
  if (text !== undefined && isDescriptorText(text)) {
    // A referenced file registered as a descriptor (Python's serializer registers its imports so).
    mergeTypes(root, loadDescriptor(text, references)[0]);
    return;
  }
  if (text !== undefined) {
    loadText(root, text, references, loaded);
    return;
  }
  const common = protobuf.common.get(path);
  if (common === null)
    throw new DataError(`Invalid Protobuf schema: the import ${path} is neither a reference nor a well-known file`);
  root.addJSON(common.nested ?? {});
}

/** Adds `from`'s types to `into`, keeping those `into` already defines (shared dependencies). */
function mergeTypes(into: protobuf.NamespaceBase, from: protobuf.NamespaceBase): void {
  for (const nested of [...from.nestedArray]) {
    const existing = into.get(nested.name);
    if (existing === null) {
      from.remove(nested);
      into.add(nested);
    } else if (
      existing instanceof protobuf.Namespace &&
      !(existing instanceof protobuf.Type) &&
      nested instanceof protobuf.Namespace
    )
      mergeTypes(existing, nested);
  }
}

function allTypeNames(ns: protobuf.NamespaceBase): string[] {
  return ns.nestedArray.flatMap((n) =>
    n instanceof protobuf.Namespace ? [n.fullName, ...allTypeNames(n)] : [n.fullName],
  );
}

/**
 * A base64 `FileDescriptorProto`: protobufjs reads descriptor *sets* and resolves them at once, so the set
 * is the dependencies (loaded by name, turned into descriptors) followed by the file (field 1 of a
 * `FileDescriptorSet`, length-delimited: repeated fields concatenate).
 */
function loadDescriptor(text: string, references: ReadonlyMap<string, string>): [protobuf.Root, string[]] {
  const fileBytes = Buffer.from(text.replace(/\s/g, ''), 'base64');
  const dependencies = new protobuf.Root();
  const loaded = new Set<string>();
  for (const path of fileDependencies(fileBytes)) loadImport(dependencies, path, references, loaded);
  const before = new Set(topLevelTypes(dependencies));
  const dependencySet = dependencies.toDescriptor('proto3');
  const head = dependencySet.$type.encode(dependencySet).finish();
  const tail = protobuf.Writer.create().uint32(10).bytes(fileBytes).finish();
  try {
    const root = protobuf.Root.fromDescriptor(Buffer.concat([head, tail]), { keepCase: true });
    attachFieldMeta(root, fileBytes);
    const names = topLevelTypes(root).filter((name) => !before.has(name));
    return [root, names.map((name) => name.slice(1))];
  } catch (cause) {
    throw new DataError(`Invalid Protobuf schema: not a FileDescriptorProto: ${(cause as Error).message}`, { cause });
  }
}

/** Gives fields their Confluent metadata as the text parser would (`parsedOptions`), for proto-to-connect. */
function attachFieldMeta(root: protobuf.Root, fileBytes: Uint8Array): void {
  const packageName = fileDescriptorPackage(fileBytes);
  for (const [path, params] of descriptorFieldMeta(fileBytes)) {
    const field = root.lookup(packageName === '' ? path : `${packageName}.${path}`);
    if (!(field instanceof protobuf.Field)) continue;
    const entries = Object.entries(params).map(([key, value]) => ({ key, value }));
    field.parsedOptions = [...(field.parsedOptions ?? []), { [FIELD_META_OPTION]: { params: entries } }];
  }
}

function fileDescriptorPackage(fileBytes: Uint8Array): string {
  const reader = protobuf.Reader.create(fileBytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 18) return reader.string();
    reader.skipType(tag & 7);
  }
  return '';
}

/** The `dependency` (field 3) entries of a serialized FileDescriptorProto. */
function fileDependencies(fileBytes: Uint8Array): string[] {
  const reader = protobuf.Reader.create(fileBytes);
  const dependencies: string[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 26) dependencies.push(reader.string());
    else reader.skipType(tag & 7);
  }
  return dependencies;
}

/** Message types in declaration order, outermost first (a type's nested types after it). */
function topLevelTypes(ns: protobuf.NamespaceBase): string[] {
  return ns.nestedArray.flatMap((n) => {
    if (n instanceof protobuf.Type) return [n.fullName];
    return n instanceof protobuf.Namespace ? topLevelTypes(n) : [];
  });
}

/** The message type at a path of message indexes (top-level index, then nested message indexes). */
export function messageAt(schema: ProtoSchema, indexes: readonly number[]): protobuf.Type {
  let type = schema.messages[indexes[0] ?? 0];
  for (const index of indexes.slice(1))
    type = type?.nestedArray.filter((n) => n instanceof protobuf.Type)[index] as protobuf.Type | undefined;
  if (type === undefined) throw new DataError(`Invalid message indexes [${indexes.join(', ')}] for the schema`);
  return type;
}

/** The message indexes of a type of the schema's main file. */
export function indexesOf(schema: ProtoSchema, type: protobuf.Type): number[] {
  const path: number[] = [];
  let current: protobuf.Type = type;
  while (current.parent instanceof protobuf.Type) {
    path.unshift(current.parent.nestedArray.filter((n) => n instanceof protobuf.Type).indexOf(current));
    current = current.parent;
  }
  const top = schema.messages.indexOf(current);
  if (top < 0) throw new DataError(`The message ${type.fullName.slice(1)} is not defined in the schema`);
  return [top, ...path];
}
