/**
 * Confluent's record references for `aws.dynamodb.pk.hash` / `aws.dynamodb.pk.sort`: `partition`,
 * `offset`, `key[.a.b]`, `value[.a.b]`, each optionally followed by `:alias`. The attribute is named by
 * the alias, else by the reference's last segment (`value.user.id` → `id`, `partition` → `partition`).
 */
import { ConfigError, DataError, Struct, type SinkRecord } from 'lambda-connect/api';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export const KeySource = { PARTITION: 'partition', OFFSET: 'offset', KEY: 'key', VALUE: 'value' } as const;
export type KeySource = (typeof KeySource)[keyof typeof KeySource];

export interface KeyReference {
  readonly source: KeySource;
  /** Field path inside the key or value; empty for the whole key / value. */
  readonly path: readonly string[];
  /** The attribute name in the table. */
  readonly attribute: string;
  /** As written in the config, for messages. */
  readonly text: string;
}

const SOURCES: readonly string[] = Object.values(KeySource);

/** Parses one reference; throws `ConfigError` naming `configName` when it is not one. */
export function parseKeyReference(configName: string, text: string): KeyReference {
  const colon = text.indexOf(':');
  const reference = (colon < 0 ? text : text.slice(0, colon)).trim();
  const alias = colon < 0 ? undefined : text.slice(colon + 1).trim();
  const [source = '', ...path] = reference.split('.');
  const reason = 'Expected partition, offset, key[.field], value[.field], optionally with :alias';
  if (!SOURCES.includes(source)) throw ConfigError.invalidValue(configName, text, reason);
  if (path.some((segment) => segment === ''))
    throw ConfigError.invalidValue(configName, text, 'A field path has an empty segment');
  if ((source === KeySource.PARTITION || source === KeySource.OFFSET) && path.length > 0) {
    throw ConfigError.invalidValue(configName, text, `${source} has no fields`);
  }
  if (alias === '') throw ConfigError.invalidValue(configName, text, 'The alias after ":" is empty');
  return { source: source as KeySource, path, attribute: alias ?? path.at(-1) ?? source, text };
}

/** The key attribute's value for `record`: S, N or B, as DynamoDB key attributes must be. */
export function keyAttributeValue(reference: KeyReference, record: SinkRecord): AttributeValue {
  switch (reference.source) {
    case KeySource.PARTITION:
      return { N: String(record.kafkaPartition) };
    case KeySource.OFFSET:
      return { N: String(record.kafkaOffset) };
    case KeySource.KEY:
      return scalar(reference, record, 'key', navigate(reference, record, 'key', record.key));
    case KeySource.VALUE:
      return scalar(reference, record, 'value', navigate(reference, record, 'value', record.value));
  }
}

function navigate(reference: KeyReference, record: SinkRecord, side: string, root: unknown): unknown {
  let current = root;
  for (const [index, segment] of reference.path.entries()) {
    const next = fieldOf(current, segment);
    if (next === undefined) {
      const path = [side, ...reference.path.slice(0, index + 1)].join('.');
      throw new DataError(`${where(record)}: ${path} (from ${reference.text}) does not exist in the record's ${side}`);
    }
    current = next;
  }
  return current;
}

function fieldOf(container: unknown, name: string): unknown {
  if (container instanceof Struct)
    return container.schema.fields?.some((f) => f.name === name) ? container.get(name) : undefined;
  if (container instanceof Map) return container.get(name);
  if (
    container !== null &&
    typeof container === 'object' &&
    !Array.isArray(container) &&
    !(container instanceof Uint8Array)
  ) {
    return Object.hasOwn(container, name) ? (container as Record<string, unknown>)[name] : undefined;
  }
  return undefined;
}

function scalar(reference: KeyReference, record: SinkRecord, side: string, value: unknown): AttributeValue {
  if (typeof value === 'string' && value !== '') return { S: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { N: String(value) };
  if (typeof value === 'bigint') return { N: value.toString() };
  if (value instanceof Uint8Array && value.length > 0) return { B: value };
  const shown =
    value === null || value === undefined ? 'null' : typeof value === 'string' ? 'an empty string' : typeof value;
  throw new DataError(
    `${where(record)}: the ${side} reference ${reference.text} gives ${shown}; a DynamoDB key attribute must be a non-empty string, a number or bytes`,
  );
}

/** `topic-partition@offset`, as the errors name a record. */
export function where(record: SinkRecord): string {
  return `record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`;
}
