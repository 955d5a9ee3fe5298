/** `org.apache.kafka.connect.converters.FloatConverter`: float32 as 4 big-endian IEEE 754 bytes. */
import { Schemas } from '../api/index.js';
import { NumberConverter } from './number-converter.js';

export class FloatConverter extends NumberConverter<number> {
  static readonly className = 'org.apache.kafka.connect.converters.FloatConverter';

  constructor() {
    super('float', Schemas.OPTIONAL_FLOAT32, 4, 'Deserializer');
  }

  protected cast(value: unknown): number | undefined {
    return typeof value === 'number' ? value : undefined;
  }

  protected write(view: DataView, value: number): void {
    view.setFloat32(0, value);
  }

  protected read(view: DataView): number {
    return view.getFloat32(0);
  }
}
