/**
 * Compiles an Avro node and its hints into a generator function, once per schema: `(random, n) => value`
 * gives record n's Connect value. Precedence follows avro-random-generator: `options`, then `iteration`,
 * then the type's own hints (`range`, `length`, `regex`, `odds`…).
 */
import { BigDecimal, Struct, type Schema } from 'lambda-connect/api';
import type { AvroNode, PrimitiveNode, RecordNode } from '../avro/avro-schema.js';
import { nullableBranch, toConnectSchema, unionBranchName } from '../avro/connect-schema.js';
import { DEFAULT_LENGTH, hintError, type Hints, type RangeHint } from '../avro/hints.js';
import { booleanIteration, decimalIteration, integralIteration } from './iteration.js';
import { logicalValue } from './logical-values.js';
import { coerceOption } from './options.js';
import type { RecordRandom } from './record-random.js';
import { stringGenerator } from './strings.js';

export type Gen = (random: RecordRandom, n: number) => unknown;

const INT_RANGE = { min: -(2 ** 31), max: 2 ** 31 } as const;
/** Ranges that keep logical values meaningful when no `range` is given (years 1970 to 9999). */
const LOGICAL_RANGES: Readonly<Record<string, Required<RangeHint>>> = {
  'timestamp-millis': { min: 0, max: 253_402_300_800_000 },
  date: { min: 0, max: 2_932_897 },
  'time-millis': { min: 0, max: 86_400_000 },
};

/** The generator of a top-level record: a Struct with `schema`. */
export function compileRecord(node: RecordNode, schema: Schema): (random: RecordRandom, n: number) => Struct {
  return compile(node, schema, node.fullName) as (random: RecordRandom, n: number) => Struct;
}

function compile(node: AvroNode, schema: Schema, where: string): Gen {
  const { hints } = node;
  if (hints.options !== undefined) {
    const choices = hints.options.map((o) => coerceOption(node, schema, o, where));
    return (random) => random.pick(choices);
  }
  if (hints.iteration !== undefined) return iterationGen(node, hints, where);
  switch (node.kind) {
    case 'record':
      return recordGen(node, schema, where);
    case 'union':
      return unionGen(node, schema, where);
    case 'enum':
      return (random) => random.pick(node.symbols);
    case 'fixed':
      return (random) => random.bytes(node.size);
    case 'array': {
      const item = compile(node.items, schema.valueSchema as Schema, `${where}[]`);
      const { min, max } = hints.length ?? DEFAULT_LENGTH;
      return (random, n) => Array.from({ length: random.int(min, max - 1) }, () => item(random, n));
    }
    case 'map':
      return mapGen(node, schema, where);
    default:
      return primitiveGen(node, where);
  }
}

function recordGen(node: RecordNode, schema: Schema, where: string): Gen {
  const fields = node.fields.map((field) => {
    const fieldSchema = schema.fields?.find((f) => f.name === field.name)?.schema as Schema;
    return { name: field.name, gen: compile(field.type, fieldSchema, `${where}.${field.name}`) };
  });
  return (random, n) => {
    const struct = new Struct(schema);
    for (const field of fields) struct.put(field.name, field.gen(random, n));
    return struct;
  };
}

/** A nullable union is null or its type, half and half; a general union a Struct with one branch set. */
function unionGen(node: Extract<AvroNode, { kind: 'union' }>, schema: Schema, where: string): Gen {
  const inner = nullableBranch(node);
  if (inner !== undefined) {
    const gen = compile(inner, schema, where);
    return (random, n) => (random.int(0, 1) === 0 ? null : gen(random, n));
  }
  const branches = node.branches.map((branch) => {
    if (branch.kind === 'null') return null;
    const name = unionBranchName(branch);
    const branchSchema = schema.fields?.find((f) => f.name === name)?.schema as Schema;
    return { name, gen: compile(branch, branchSchema, `${where}<${name}>`) };
  });
  return (random, n) => {
    const branch = random.pick(branches);
    if (branch === null) return null;
    return new Struct(schema).put(branch.name, branch.gen(random, n));
  };
}

function mapGen(node: Extract<AvroNode, { kind: 'map' }>, schema: Schema, where: string): Gen {
  const value = compile(node.values, schema.valueSchema as Schema, `${where}{}`);
  const keyHints = node.hints.keys ?? {};
  const keyOptions = keyHints.options?.map(
    (o) =>
      coerceOption(
        { kind: 'string', hints: {} },
        toConnectSchema({ kind: 'string', hints: {} }),
        o,
        `${where} (keys)`,
      ) as string,
  );
  const key =
    keyOptions === undefined
      ? stringGenerator(keyHints, `${where} (keys)`)
      : (random: RecordRandom) => random.pick(keyOptions);
  const { min, max } = node.hints.length ?? DEFAULT_LENGTH;
  return (random, n) => {
    const map = new Map<string, unknown>();
    const size = random.int(min, max - 1);
    for (let i = 0; i < size; i++) map.set(key(random), value(random, n));
    return map;
  };
}

function iterationGen(node: AvroNode, hints: Hints, where: string): Gen {
  const hint = hints.iteration!;
  switch (node.kind) {
    case 'int':
    case 'long': {
      const next = integralIteration(hint, node.kind);
      return (_random, n) => logicalValue(node, toNumber(next(n)));
    }
    case 'float':
    case 'double': {
      const next = decimalIteration(hint);
      return (_random, n) => next(n);
    }
    case 'boolean': {
      const next = booleanIteration(hint);
      return (_random, n) => next(n);
    }
    case 'string': {
      const next = integralIteration(hint, 'int');
      const prefix = hints.prefix ?? '';
      const suffix = hints.suffix ?? '';
      return (_random, n) => `${prefix}${next(n)}${suffix}`;
    }
    default:
      throw hintError(where, `'iteration' applies to numbers, booleans and strings, not ${node.kind}`);
  }
}

function primitiveGen(node: PrimitiveNode, where: string): Gen {
  const { hints } = node;
  switch (node.kind) {
    case 'null':
      return () => null;
    case 'boolean': {
      const odds = hints.odds ?? 0.5;
      return (random) => random.double() < odds;
    }
    case 'int':
    case 'long':
      return integralGen(node as PrimitiveNode & { readonly kind: 'int' | 'long' }, where);
    case 'float':
    case 'double': {
      // Without a range, [0, 1) as avro-random-generator (Java's nextDouble) gives.
      const min = hints.range?.min ?? 0;
      const max = hints.range?.max ?? Math.max(1, min + 1);
      const toType = node.kind === 'float' ? Math.fround : (x: number) => x;
      return (random) => toType(min + random.double() * (max - min));
    }
    case 'bytes':
      return bytesGen(node);
    case 'string': {
      const gen = stringGenerator(hints, where);
      return (random) => gen(random);
    }
  }
}

function integralGen(node: PrimitiveNode & { readonly kind: 'int' | 'long' }, where: string): Gen {
  const logical = node.logicalType === undefined ? undefined : LOGICAL_RANGES[node.logicalType.name];
  const range = node.hints.range;
  if (
    node.kind === 'int' ||
    logical !== undefined ||
    (range?.min !== undefined && range.max !== undefined && Number.isSafeInteger(range.max - range.min))
  ) {
    const bounds = node.kind === 'int' ? INT_RANGE : { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
    const min = Math.ceil(range?.min ?? logical?.min ?? bounds.min);
    const max = Math.ceil(range?.max ?? logical?.max ?? bounds.max);
    if (min >= max) throw hintError(where, `'range' holds no ${node.kind}`);
    if (!Number.isSafeInteger(max - min)) return bigRange(node, BigInt(min), BigInt(max));
    return (random) => logicalValue(node, random.int(min, max - 1));
  }
  const min = range?.min === undefined ? -(2n ** 63n) : BigInt(Math.ceil(range.min));
  const max = range?.max === undefined ? 2n ** 63n : BigInt(Math.ceil(range.max));
  if (min >= max) throw hintError(where, `'range' holds no ${node.kind}`);
  return bigRange(node, min, max);
}

/** A long range wider than 2^53: drawn as a bigint, a number again when it is safe (the int64 convention). */
function bigRange(node: AvroNode, min: bigint, max: bigint): Gen {
  return (random) => logicalValue(node, toNumber(random.bigint(min, max - 1n)));
}

function bytesGen(node: PrimitiveNode): Gen {
  const logical = node.logicalType;
  if (logical?.name === 'decimal') {
    const limit = 10n ** BigInt(logical.precision);
    return (random) => new BigDecimal(random.bigint(-limit + 1n, limit - 1n), logical.scale);
  }
  const { min, max } = node.hints.length ?? DEFAULT_LENGTH;
  return (random) => random.bytes(random.int(min, max - 1));
}

/** A bigint as a number when that is exact, else the bigint. */
function toNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
