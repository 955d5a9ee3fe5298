/** `org.apache.kafka.connect.converters.BooleanConverter`: one byte, 0x01 for true and 0x00 for false. */
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

export class BooleanConverter implements Converter, HeaderConverter {
  static readonly className = 'org.apache.kafka.connect.converters.BooleanConverter';

  configure(_configs: Readonly<Record<string, string>>, _isKey?: boolean): void {}

  config(): ConfigDef {
    return newConverterConfigDef();
  }

  fromConnectData(_topic: string, _headers: Headers, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema !== null && schema.type !== SchemaType.BOOLEAN)
      throw new DataError(`Invalid schema type for BooleanConverter: ${javaTypeName(schema.type)}`);
    if (value === null || value === undefined) return null;
    if (typeof value !== 'boolean')
      throw new DataError(`BooleanConverter is not compatible with objects of type ${javaClassOf(value)}`);
    return Uint8Array.of(value ? 1 : 0);
  }

  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: Schemas.OPTIONAL_BOOLEAN, value: null };
    const fail = (reason: string): DataError =>
      new DataError('Failed to deserialize boolean: ', { cause: new DataError(reason) });
    if (value.length !== 1) throw fail('Size of data received by BooleanDeserializer is not 1');
    if (value[0] === 1) return { schema: Schemas.OPTIONAL_BOOLEAN, value: true };
    if (value[0] === 0) return { schema: Schemas.OPTIONAL_BOOLEAN, value: false };
    throw fail(`Unexpected byte received by BooleanDeserializer: ${((value[0] ?? 0) << 24) >> 24}`);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }
}
