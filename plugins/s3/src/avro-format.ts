/**
 * AvroFormat (`io.confluent.connect.s3.format.avro.AvroFormat`): each object an Avro Object Container
 * File whose writer schema is the records' Connect schema through the schema-registry plugin's `AvroData`
 * (Confluent's S3 sink does the same, with `enhanced.avro.schema.support` and `connect.meta.data`). All the
 * records of an object share one schema: the partition writer rotates when the schema changes, as
 * Confluent's does with `schema.compatibility=NONE`.
 */
import { AvroData, type AvroSchema } from '@lambda-connect/schema-registry';
import { DataError, type Schema, type SinkRecord } from 'lambda-connect/api';
import { avroContainer, type AvroCodecName } from './avro-container.js';
import type { RecordEncoder, RecordView } from './record-format.js';
import type { S3SinkConfig } from './s3-sink-config.js';

/** `RecordView.KEYS`, spelled out: record-format imports this module. */
const KEYS: RecordView = '.keys';

/** The schema and value of the view's part of a record (the value, or the key for `.keys`). */
function part(view: RecordView, record: SinkRecord): [Schema | null, unknown] {
  return view === KEYS ? [record.keySchema, record.key] : [record.valueSchema, record.value];
}

/** The AvroFormat encoder of a view: records become Avro binary, an object's records one container file. */
export function avroEncoder(view: RecordView, config: S3SinkConfig): RecordEncoder {
  const data = new AvroData({
    enhancedSchemaSupport: config.avro.enhancedSchemaSupport,
    connectMetaData: config.avro.connectMetaData,
    allowOptionalMapKeys: false,
    flattenSingletonUnions: true,
    scrubInvalidNames: false,
  });
  const codec: AvroCodecName = config.avro.codec;
  const writer = (record: SinkRecord): AvroSchema => {
    const [schema] = part(view, record);
    if (schema === null) {
      const what = view === KEYS ? 'key' : 'value';
      throw new DataError(
        `AvroFormat needs a ${what} schema: ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} has none; use a ${what}.converter that gives one (AvroConverter, ProtobufConverter, JsonSchemaConverter, or JsonConverter with schemas.enable=true)`,
      );
    }
    return data.fromConnectSchema(schema);
  };
  return {
    view,
    extension: '.avro',
    writerSchema: (record) => writer(record).text,
    encode: (record) => {
      const [schema, value] = part(view, record);
      return data.fromConnectData(schema as Schema, writer(record), value);
    },
    container: (records, writerSchema) =>
      avroContainer(
        writerSchema,
        records.map((r) => (typeof r === 'string' ? Buffer.from(r, 'utf8') : (r as Buffer))),
        codec,
      ),
  };
}
