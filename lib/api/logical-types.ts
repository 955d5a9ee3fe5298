/**
 * Connect's logical types (`org.apache.kafka.connect.data.{Decimal,Date,Time,Timestamp}`): schemas named by
 * a logical name over a primitive type. Values are `BigDecimal` for Decimal and JS `Date` for the others.
 */
import { DataError } from './errors.js';
import { SchemaBuilder, SchemaType, type Schema } from './schema.js';

/**
 * An arbitrary-precision decimal: `unscaled × 10^-scale`, as Java's `BigDecimal`. Immutable. Two values
 * with different scales are different (1.5 ≠ 1.50), as in Java's `equals`.
 */
export class BigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale)) throw new DataError(`Invalid BigDecimal scale: ${scale}`);
  }

  /** Parses Java/JSON decimal text such as `-123.45`, `1E-9`, `1.2e+3`. Throws `DataError` on anything else. */
  static parse(text: string): BigDecimal {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    const [, sign = '', intPart = '', fracPart = '', exponent] = match ?? [];
    if (match === null || intPart + fracPart === '') throw new DataError(`Invalid decimal: ${text}`);
    const unscaled = BigInt(`${sign}${intPart}${fracPart}`);
    return new BigDecimal(unscaled, fracPart.length - (exponent === undefined ? 0 : Number(exponent)));
  }

  static fromNumber(value: number): BigDecimal {
    if (!Number.isFinite(value)) throw new DataError(`Cannot represent ${value} as a decimal`);
    return BigDecimal.parse(String(value));
  }

  /** Java's `BigDecimal.toString()`: plain unless the scale is negative or the exponent is below -6. */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? '-' : '';
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + digits;
      const padded = digits.padStart(this.scale + 1, '0');
      return `${sign}${padded.slice(0, padded.length - this.scale)}.${padded.slice(padded.length - this.scale)}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : '-'}${Math.abs(adjusted)}`;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }
}

/** Two's complement big-endian bytes of a bigint, minimal length (Java's `BigInteger.toByteArray`). */
export function bigintToBytes(value: bigint): Uint8Array {
  const byteCount = Math.ceil((bitLength(value) + 1) / 8);
  const hex = BigInt.asUintN(byteCount * 8, value)
    .toString(16)
    .padStart(byteCount * 2, '0');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Reads two's complement big-endian bytes (Java's `new BigInteger(byte[])`). */
export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataError('Zero length BigInteger');
  const unsigned = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  return BigInt.asIntN(bytes.length * 8, unsigned);
}

function bitLength(value: bigint): number {
  const magnitude = value < 0n ? -value - 1n : value;
  return magnitude === 0n ? 0 : magnitude.toString(2).length;
}

const MILLIS_PER_DAY = 24 * 60 * 60 * 1000;

/** `org.apache.kafka.connect.data.Decimal`: bytes holding the unscaled value, with a `scale` parameter. */
export const Decimal = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Decimal',
  SCALE_FIELD: 'scale',
  builder(scale: number): SchemaBuilder {
    return new SchemaBuilder(SchemaType.BYTES)
      .name(Decimal.LOGICAL_NAME)
      .parameter(Decimal.SCALE_FIELD, String(scale))
      .version(1);
  },
  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },
  scaleOf(schema: Schema): number {
    const text = schema.parameters?.[Decimal.SCALE_FIELD];
    if (text === undefined) throw new DataError('Invalid Decimal schema: scale parameter not found.');
    if (!/^[+-]?\d+$/.test(text)) throw new DataError('Invalid scale parameter found in Decimal schema: ');
    return Number(text);
  },
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    const schemaScale = Decimal.scaleOf(schema);
    if (value.scale !== schemaScale) {
      throw new DataError(
        `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${schemaScale}, value has scale ${value.scale}.`,
      );
    }
    return bigintToBytes(value.unscaled);
  },
  toLogical(schema: Schema, bytes: Uint8Array): BigDecimal {
    return new BigDecimal(bytesToBigint(bytes), Decimal.scaleOf(schema));
  },
} as const;

function requireLogical(schema: Schema, logicalName: string, what: string): void {
  if (schema.name !== logicalName)
    throw new DataError(`Requested conversion of ${what} object but the schema does not match.`);
}

/** `org.apache.kafka.connect.data.Date`: int32 days since the epoch; the JS Date must be midnight UTC. */
export const LogicalDate = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Date',
  builder(): SchemaBuilder {
    return new SchemaBuilder(SchemaType.INT32).name(LogicalDate.LOGICAL_NAME).version(1);
  },
  SCHEMA: new SchemaBuilder(SchemaType.INT32).name('org.apache.kafka.connect.data.Date').version(1).build(),
  fromLogical(schema: Schema, value: Date): number {
    requireLogical(schema, LogicalDate.LOGICAL_NAME, 'Date');
    const millis = value.getTime();
    if (((millis % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY !== 0) {
      throw new DataError('Kafka Connect Date type should not have any time fields set to non-zero values.');
    }
    return Math.trunc(millis / MILLIS_PER_DAY);
  },
  toLogical(schema: Schema, days: number): Date {
    requireLogical(schema, LogicalDate.LOGICAL_NAME, 'Date');
    return new Date(days * MILLIS_PER_DAY);
  },
} as const;

/** `org.apache.kafka.connect.data.Time`: int32 milliseconds since midnight; the JS Date lies on 1970-01-01 UTC. */
export const LogicalTime = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Time',
  builder(): SchemaBuilder {
    return new SchemaBuilder(SchemaType.INT32).name(LogicalTime.LOGICAL_NAME).version(1);
  },
  SCHEMA: new SchemaBuilder(SchemaType.INT32).name('org.apache.kafka.connect.data.Time').version(1).build(),
  fromLogical(schema: Schema, value: Date): number {
    requireLogical(schema, LogicalTime.LOGICAL_NAME, 'Time');
    const millis = value.getTime();
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataError('Kafka Connect Time type should not have any date fields set to non-zero values.');
    }
    return millis;
  },
  toLogical(schema: Schema, millis: number): Date {
    // Connect's own message says "Date" here; kept for fidelity.
    requireLogical(schema, LogicalTime.LOGICAL_NAME, 'Date');
    if (millis < 0 || millis > MILLIS_PER_DAY) {
      throw new DataError('Time values must use number of milliseconds greater than 0 and less than 86400000');
    }
    return new Date(millis);
  },
} as const;

/** `org.apache.kafka.connect.data.Timestamp`: int64 milliseconds since the epoch. */
export const LogicalTimestamp = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Timestamp',
  builder(): SchemaBuilder {
    return new SchemaBuilder(SchemaType.INT64).name(LogicalTimestamp.LOGICAL_NAME).version(1);
  },
  SCHEMA: new SchemaBuilder(SchemaType.INT64).name('org.apache.kafka.connect.data.Timestamp').version(1).build(),
  fromLogical(schema: Schema, value: Date): number {
    requireLogical(schema, LogicalTimestamp.LOGICAL_NAME, 'Timestamp');
    return value.getTime();
  },
  toLogical(schema: Schema, millis: number): Date {
    requireLogical(schema, LogicalTimestamp.LOGICAL_NAME, 'Timestamp');
    return new Date(millis);
  },
} as const;
