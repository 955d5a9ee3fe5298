/**
 * The shared shape of Connect's fixed-width converters (`ShortConverter`, `IntegerConverter`, …): one value
 * in big-endian bytes, read back with an optional schema of the matching type. Mirrors `NumberConverter`.
 */
import {
  DataError,
  type ConfigDef,
  type Converter,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from '../api/index.js';
import { newConverterConfigDef } from './converter-config.js';
import { javaClassOf } from '../common/java-class.js';

export abstract class NumberConverter<T> implements Converter, HeaderConverter {
  /**
   * @param typeName the name in error messages (`short`, `integer`, …)
   * @param schema the schema values are read with
   * @param size the byte width
   * @param deserializerName the Kafka deserializer named in size errors
   */
  protected constructor(
    private readonly typeName: string,
    private readonly schema: Schema,
    private readonly size: number,
    private readonly deserializerName: string,
  ) {}

  /** The value as T, or undefined when it is not a value of this converter's type. */
  protected abstract cast(value: unknown): T | undefined;
  protected abstract write(view: DataView, value: T): void;
  protected abstract read(view: DataView): unknown;

  configure(_configs: Readonly<Record<string, string>>, _isKey?: boolean): void {}

  config(): ConfigDef {
    return newConverterConfigDef();
  }

  fromConnectData(_topic: string, _headers: Headers, _schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const typed = this.cast(value);
    if (typed === undefined)
      throw new DataError(`Failed to serialize to ${this.typeName} (was ${javaClassOf(value)}): `);
    const bytes = new Uint8Array(this.size);
    this.write(new DataView(bytes.buffer), typed);
    return bytes;
  }

  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: this.schema, value: null };
    if (value.length !== this.size) {
      const cause = new DataError(`Size of data received by ${this.deserializerName} is not ${this.size}`);
      throw new DataError(`Failed to deserialize ${this.typeName}: `, { cause });
    }
    return { schema: this.schema, value: this.read(new DataView(value.buffer, value.byteOffset, value.byteLength)) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }
}

/** An integer number within [min, max], else undefined. */
export function integerIn(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}
