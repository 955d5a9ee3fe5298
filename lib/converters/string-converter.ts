/**
 * `org.apache.kafka.connect.storage.StringConverter`: values as text in `converter.encoding` (UTF-8 by
 * default). Writing uses the value's Java `toString()` form; reading always yields an optional string.
 */
import {
  ConfigType,
  Importance,
  Schemas,
  Width,
  formatValue,
  type ConfigDef,
  type Converter,
  type HeaderConverter,
  type Headers,
  type Schema,
  type SchemaAndValue,
} from '../api/index.js';
import { charsetFor, type Charset } from './charsets.js';
import { newConverterConfigDef, withConverterType } from './converter-config.js';

export const STRING_CONVERTER_ENCODING_CONFIG = 'converter.encoding';

export function stringConverterConfigDef(): ConfigDef {
  return newConverterConfigDef().define({
    name: STRING_CONVERTER_ENCODING_CONFIG,
    type: ConfigType.STRING,
    defaultValue: 'UTF-8',
    importance: Importance.HIGH,
    documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
    orderInGroup: -1,
    width: Width.MEDIUM,
    displayName: 'Encoding',
  });
}

export class StringConverter implements Converter, HeaderConverter {
  static readonly className = 'org.apache.kafka.connect.storage.StringConverter';

  private charset: Charset = charsetFor('UTF-8');

  configure(configs: Readonly<Record<string, string>>, isKey?: boolean): void {
    const parsed = stringConverterConfigDef().parse(withConverterType(configs, isKey));
    this.charset = charsetFor(String(parsed.get(STRING_CONVERTER_ENCODING_CONFIG)));
  }

  config(): ConfigDef {
    return stringConverterConfigDef();
  }

  fromConnectData(_topic: string, _headers: Headers, _schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return this.charset.encode(typeof value === 'string' ? value : formatValue(value));
  }

  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_STRING, value: value === null ? null : this.charset.decode(value) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, [], schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, [], value);
  }
}
