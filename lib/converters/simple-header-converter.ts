/**
 * `org.apache.kafka.connect.storage.SimpleHeaderConverter`, Connect's default header converter: header
 * values are stored as UTF-8 text and their schema is inferred back when read (best effort; see
 * `header-values.ts` for what is recognised). Text that is not valid UTF-8 comes back as bytes.
 */
import { ConfigDef, Schemas, type HeaderConverter, type Schema, type SchemaAndValue } from '../api/index.js';
import { parseString, valueToString } from '../common/values.js';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export class SimpleHeaderConverter implements HeaderConverter {
  static readonly className = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

  configure(_configs: Readonly<Record<string, string>>): void {}

  config(): ConfigDef {
    return new ConfigDef();
  }

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(valueToString(schema, value), 'utf8');
  }

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: null, value: null };
    let text: string;
    try {
      text = STRICT_UTF8.decode(value);
    } catch {
      // Connect logs and keeps the raw bytes when the header cannot be read as text.
      return { schema: Schemas.BYTES, value };
    }
    return parseString(text);
  }
}
