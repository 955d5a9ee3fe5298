/** `org.apache.kafka.connect.converters.DoubleConverter`: float64 as 8 big-endian IEEE 754 bytes. */
import { Schemas } from '../api/index.js';
import { NumberConverter } from './number-converter.js';

export class DoubleConverter extends NumberConverter<number> {
  static readonly className = 'org.apache.kafka.connect.converters.DoubleConverter';

  constructor() {
    super('double', Schemas.OPTIONAL_FLOAT64, 8, 'Deserializer');
  }

  protected cast(value: unknown): number | undefined {
    return typeof value === 'number' ? value : undefined;
  }

  protected write(view: DataView, value: number): void {
    view.setFloat64(0, value);
  }

  protected read(view: DataView): number {
    return view.getFloat64(0);
  }
}
