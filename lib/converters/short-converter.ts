/** `org.apache.kafka.connect.converters.ShortConverter`: int16 as 2 big-endian bytes. */
import { Schemas } from '../api/index.js';
import { NumberConverter, integerIn } from './number-converter.js';

export class ShortConverter extends NumberConverter<number> {
  static readonly className = 'org.apache.kafka.connect.converters.ShortConverter';

  constructor() {
    super('short', Schemas.OPTIONAL_INT16, 2, 'ShortDeserializer');
  }

  protected cast(value: unknown): number | undefined {
    return integerIn(value, -32768, 32767);
  }

  protected write(view: DataView, value: number): void {
    view.setInt16(0, value);
  }

  protected read(view: DataView): number {
    return view.getInt16(0);
  }
}
