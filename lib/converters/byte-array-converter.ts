/** `org.apache.kafka.connect.converters.ByteArrayConverter`: bytes pass through unchanged. */
import {
  DataError,
  Schemas,
  SchemaType,
  type ConfigDef,
  type Converter,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from '../api/index.js';
import { newConverterConfigDef } from './converter-config.js';
import { javaClassOf } from '../common/java-class.js';
import { javaTypeName } from '../common/schema-type-names.js';

export class ByteArrayConverter implements Converter, HeaderConverter {
  static readonly className = 'org.apache.kafka.connect.converters.ByteArrayConverter';

  configure(_configs: Readonly<Record<string, string>>, _isKey?: boolean): void {}

  config(): ConfigDef {
    return newConverterConfigDef();
  }

  fromConnectData(_topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema !== null && schema.type !== SchemaType.BYTES)
      throw new DataError(`Invalid schema type for ByteArrayConverter: ${javaTypeName(schema.type)}`);
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array))
      throw new DataError(`ByteArrayConverter is not compatible with objects of type ${javaClassOf(value)}`);
    return value;
  }

  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_BYTES, value };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }
}
