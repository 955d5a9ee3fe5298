/** `org.apache.kafka.connect.converters.LongConverter`: int64 as 8 big-endian bytes (number when safe, else bigint). */
import { Schemas } from '../api/index.js';
import { NumberConverter } from './number-converter.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export class LongConverter extends NumberConverter<bigint> {
  static readonly className = 'org.apache.kafka.connect.converters.LongConverter';

  constructor() {
    super('long', Schemas.OPTIONAL_INT64, 8, 'LongDeserializer');
  }

  protected cast(value: unknown): bigint | undefined {
    const big =
      typeof value === 'bigint'
        ? value
        : typeof value === 'number' && Number.isInteger(value)
          ? BigInt(value)
          : undefined;
    return big !== undefined && big >= INT64_MIN && big <= INT64_MAX ? big : undefined;
  }

  protected write(view: DataView, value: bigint): void {
    view.setBigInt64(0, value);
  }

  protected read(view: DataView): number | bigint {
    const value = view.getBigInt64(0);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
}
