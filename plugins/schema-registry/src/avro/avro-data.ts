/**
 * Confluent's `AvroData` without a registry: Connect schema ↔ Avro schema and Connect value ↔ Avro binary
 * (or the avsc value), for plugins that write or read Avro themselves (the S3 sink's AvroFormat writes Object
 * Container Files, its ParquetFormat Parquet through Avro's data model).
 * One instance per settings; it caches the Avro schema of each Connect schema object it has seen, so a
 * run of records sharing a schema costs one conversion.
 */
import type { Schema } from 'lambda-connect/api';
import { avroCodec, decode, encode, type AvroCodec } from './avro-codec.js';
import { DEFAULT_AVRO_DATA_SETTINGS, type AvroDataSettings } from './avro-data-config.js';
import type { AvroNode } from './avro-schema-node.js';
import { fromConnectData } from './from-connect-data.js';
import { fromConnectSchema } from './from-connect-schema.js';
import { toConnectData } from './to-connect-data.js';
import { toConnectSchema } from './to-connect-schema.js';

/** An Avro writer or reader schema: its text (as stored in a file header) and the codec that encodes it. */
export type AvroSchema = AvroCodec;

export class AvroData {
  private readonly schemas = new WeakMap<Schema, AvroSchema>();
  private readonly unionFieldName: (member: AvroNode) => string;

  constructor(readonly settings: AvroDataSettings = DEFAULT_AVRO_DATA_SETTINGS) {
    this.unionFieldName = (member) => {
      if (member.kind === 'record' || member.kind === 'enum' || member.kind === 'fixed')
        return settings.enhancedSchemaSupport ? member.fullName : member.name;
      return member.kind === 'primitive' ? member.type : member.kind === 'union' ? 'union' : member.kind;
    };
  }

  /** The Avro schema of a Connect schema (`AvroData.fromConnectSchema`); cached by schema object. */
  fromConnectSchema(schema: Schema): AvroSchema {
    let avro = this.schemas.get(schema);
    if (avro === undefined) {
      avro = avroCodec(JSON.stringify(fromConnectSchema(schema, this.settings)));
      this.schemas.set(schema, avro);
    }
    return avro;
  }

  /** The Avro binary of a Connect value written with `avro` (the Avro schema of `schema`); `DataError` when it does not fit. */
  fromConnectData(schema: Schema, avro: AvroSchema, value: unknown): Buffer {
    return encode(avro, fromConnectData(schema, avro.node, value, this.unionFieldName));
  }

  /**
   * The avsc value of a Connect value written with `avro` (wrapped unions, the package's longs): what
   * `fromConnectData` encodes, for writers of formats built on Avro's data model (the S3 sink's
   * ParquetFormat, as parquet-avro) that need the value rather than its binary. `DataError` when it does
   * not fit, as `fromConnectData`.
   */
  fromConnectValue(schema: Schema, avro: AvroSchema, value: unknown): unknown {
    const converted = fromConnectData(schema, avro.node, value, this.unionFieldName);
    // encode names the invalid path in its DataError; a valid value costs one isValid pass.
    if (!avro.type.isValid(converted)) encode(avro, converted);
    return converted;
  }

  /** The Avro schema of schema text (a file header's `avro.schema`); `DataError` when invalid. */
  parseSchema(text: string): AvroSchema {
    return avroCodec(text);
  }

  /** The Connect schema of an Avro schema (`AvroData.toConnectSchema`). */
  toConnectSchema(avro: AvroSchema): Schema {
    return toConnectSchema(avro.node, this.settings);
  }

  /** The Connect value of Avro binary written with `avro`, read as `schema` (its Connect schema). */
  toConnectData(schema: Schema, avro: AvroSchema, payload: Uint8Array): unknown {
    return toConnectData(schema, avro.node, decode(avro, payload), this.unionFieldName);
  }
}
