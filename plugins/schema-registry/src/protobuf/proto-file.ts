/**
 * A small model of the .proto file ProtobufData generates from a Connect schema, and its text. The text is
 * what the converter registers, so it follows the layout of Confluent's printer: `syntax`, `package`,
 * sorted imports, then the message with its fields, nested messages and enums; Confluent's field metadata
 * as `[(confluent.field_meta) = { params: [...] }]`.
 */
import { META_FILE } from './protobuf-names.js';

export interface ProtoField {
  readonly kind: 'field';
  readonly name: string;
  readonly number: number;
  /** A scalar, a (relative or full) message/enum name, or `map<K, V>`. */
  readonly type: string;
  readonly label?: 'repeated' | 'optional';
  readonly params: Readonly<Record<string, string>>;
}

export interface ProtoOneof {
  readonly kind: 'oneof';
  readonly name: string;
  readonly fields: ProtoField[];
}

export interface ProtoEnum {
  readonly name: string;
  readonly values: Array<readonly [string, number]>;
}

export interface ProtoMessage {
  readonly name: string;
  readonly members: Array<ProtoField | ProtoOneof>;
  readonly messages: ProtoMessage[];
  readonly enums: ProtoEnum[];
}

export interface ProtoFile {
  readonly packageName: string | undefined;
  readonly imports: Set<string>;
  readonly message: ProtoMessage;
}

/** Renders a file as proto3 text. */
export function renderProtoFile(file: ProtoFile): string {
  const lines = ['syntax = "proto3";', ''];
  if (file.packageName !== undefined) lines.push(`package ${file.packageName};`, '');
  const imports = [...file.imports].sort();
  for (const path of imports) lines.push(`import "${path}";`);
  if (imports.length > 0) lines.push('');
  renderMessage(file.message, '', lines);
  return `${lines.join('\n')}\n`;
}

/** Whether a file uses Confluent's field metadata, so needs `confluent/meta.proto`. */
export function usesFieldMeta(message: ProtoMessage): boolean {
  const fields = message.members.flatMap((m) => (m.kind === 'field' ? [m] : m.fields));
  return fields.some((f) => Object.keys(f.params).length > 0) || message.messages.some(usesFieldMeta);
}

/** Adds `confluent/meta.proto` to the imports when a field carries metadata. */
export function withMetaImport(file: ProtoFile): ProtoFile {
  if (usesFieldMeta(file.message)) file.imports.add(META_FILE);
  return file;
}

function renderMessage(message: ProtoMessage, indent: string, lines: string[]): void {
  lines.push(`${indent}message ${message.name} {`);
  const inner = `${indent}  `;
  for (const member of message.members) {
    if (member.kind === 'field') {
      lines.push(inner + renderField(member));
      continue;
    }
    lines.push(`${inner}oneof ${member.name} {`);
    for (const field of member.fields) lines.push(`${inner}  ${renderField(field)}`);
    lines.push(`${inner}}`);
  }
  for (const nested of message.messages) renderMessage(nested, inner, lines);
  for (const nested of message.enums) {
    lines.push(`${inner}enum ${nested.name} {`);
    for (const [name, number] of nested.values) lines.push(`${inner}  ${name} = ${number};`);
    lines.push(`${inner}}`);
  }
  lines.push(`${indent}}`);
}

function renderField(field: ProtoField): string {
  const label = field.label === undefined ? '' : `${field.label} `;
  return `${label}${field.type} ${field.name} = ${field.number}${renderParams(field.params)};`;
}

function renderParams(params: Readonly<Record<string, string>>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '';
  const items = entries.map(([key, value]) => `{ key: ${JSON.stringify(key)}, value: ${JSON.stringify(value)} }`);
  return ` [(confluent.field_meta) = { params: [${items.join(', ')}] }]`;
}
