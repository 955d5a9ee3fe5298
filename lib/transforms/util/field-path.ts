/**
 * Connect's `SingleFieldPath` (KIP-821): `V1` names one top-level field; `V2` reads dotted paths into
 * nested structs and maps, with backticks around names that contain dots (`` `a.b`.c ``).
 */
import {
  ConfigError,
  ConfigType,
  Importance,
  Validators,
  fieldOf,
  type ConfigDef,
  type Field,
  type Schema,
  type Struct,
} from '../../api/index.js';
import { mapGet, type SchemalessMap } from './schemaless-map.js';
import { requireMapOrNull, requireStructOrNull } from './requirements.js';
import { structField } from './struct-values.js';

export const FieldSyntaxVersion = { V1: 'V1', V2: 'V2' } as const;
export type FieldSyntaxVersion = (typeof FieldSyntaxVersion)[keyof typeof FieldSyntaxVersion];

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version';

export function defineFieldSyntaxVersion(def: ConfigDef): ConfigDef {
  return def.define({
    name: FIELD_SYNTAX_VERSION_CONFIG,
    type: ConfigType.STRING,
    defaultValue: FieldSyntaxVersion.V1,
    validator: Validators.in([FieldSyntaxVersion.V1, FieldSyntaxVersion.V2], true),
    importance: Importance.HIGH,
    documentation:
      'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map the following format can be used to access its elements: "`foo.bar`.baz".',
  });
}

export class SingleFieldPath {
  readonly steps: readonly string[];

  constructor(
    readonly path: string,
    version: FieldSyntaxVersion,
  ) {
    this.steps = version === FieldSyntaxVersion.V1 ? [path] : parseV2(path);
  }

  /** The field the path names in `schema`, or undefined. */
  fieldFrom(schema: Schema | null): Field | undefined {
    let current = schema ?? undefined;
    for (const step of this.steps.slice(0, -1))
      current = current === undefined ? undefined : fieldOf(current, step)?.schema;
    return current === undefined ? undefined : fieldOf(current, this.lastStep());
  }

  valueFromStruct(struct: Struct | null, withDefault = true): unknown {
    let current = struct;
    for (const step of this.steps.slice(0, -1)) {
      if (current === null || fieldOf(current.schema, step) === undefined) return null;
      current = requireStructOrNull(current.get(step), 'nested field access');
    }
    if (current === null || fieldOf(current.schema, this.lastStep()) === undefined) return null;
    return structField(current, this.lastStep(), withDefault);
  }

  valueFromMap(map: SchemalessMap | null): unknown {
    let current = map;
    for (const step of this.steps.slice(0, -1)) {
      if (current === null) return null;
      current = requireMapOrNull(mapGet(current, step), 'nested field access');
    }
    return current === null ? null : (mapGet(current, this.lastStep()) ?? null);
  }

  private lastStep(): string {
    return this.steps[this.steps.length - 1] ?? '';
  }
}

function parseV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length) {
    if (path[idx] !== '`') {
      const dot = path.indexOf('.', idx);
      steps.push(dot >= 0 ? path.slice(idx, dot) : path.slice(idx));
      idx = dot >= 0 ? dot + 1 : path.length;
      continue;
    }
    idx = parseQuoted(path, idx, steps);
  }
  if (path.endsWith('.')) steps.push('');
  return steps;
}

/** Reads a backticked step starting at `open`; returns the index after it (and its dot). */
function parseQuoted(path: string, open: number, steps: string[]): number {
  let field = '';
  let start = open + 1;
  let idx = start;
  for (;;) {
    idx = path.indexOf('`', idx);
    if (idx === -1) failIncomplete(path, open);
    const escaped = path[idx - 1] === '\\';
    if (idx >= path.length - 1) {
      if (escaped) failIncomplete(path, open);
      steps.push(field + path.slice(start, idx));
      return idx + 1;
    }
    if (path[idx + 1] !== '.') {
      idx++;
      continue;
    }
    if (escaped) {
      field += `${path.slice(start, idx - 1)}\``;
      idx++;
      start = idx;
      continue;
    }
    steps.push(field + path.slice(start, idx));
    return idx + 2;
  }
}

function failIncomplete(path: string, backtickAt: number): never {
  throw new ConfigError(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${backtickAt} to escape it`,
  );
}
