/** `org.apache.kafka.connect.converters.IntegerConverter`: int32 as 4 big-endian bytes. */
import { Schemas } from '../api/index.js';
import { NumberConverter, integerIn } from './number-converter.js';

export class IntegerConverter extends NumberConverter<number> {
  static readonly className = 'org.apache.kafka.connect.converters.IntegerConverter';

  constructor() {
    super('integer', Schemas.OPTIONAL_INT32, 4, 'IntegerDeserializer');
  }

  protected cast(value: unknown): number | undefined {
    return integerIn(value, -2147483648, 2147483647);
  }

  protected write(view: DataView, value: number): void {
    view.setInt32(0, value);
  }

  protected read(view: DataView): number {
    return view.getInt32(0);
  }
}
