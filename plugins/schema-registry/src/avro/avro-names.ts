/** The names and props of Confluent's Connect ↔ Avro mapping (`AvroData`), in one place. */
export const AVRO_NAMESPACE = 'io.confluent.connect.avro';
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const DEFAULT_SCHEMA_FULL_NAME = `${AVRO_NAMESPACE}.${DEFAULT_SCHEMA_NAME}`;
export const MAP_ENTRY_TYPE_NAME = 'MapEntry';
export const KEY_FIELD = 'key';
export const VALUE_FIELD = 'value';

export const CONNECT_NAME_PROP = 'connect.name';
export const CONNECT_DOC_PROP = 'connect.doc';
export const CONNECT_VERSION_PROP = 'connect.version';
export const CONNECT_DEFAULT_VALUE_PROP = 'connect.default';
export const CONNECT_PARAMETERS_PROP = 'connect.parameters';
export const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type';
export const CONNECT_TYPE_PROP = 'connect.type';
export const AVRO_RECORD_DOC_PROP = `${AVRO_NAMESPACE}.record.doc`;
export const AVRO_ENUM_DOC_PREFIX_PROP = `${AVRO_NAMESPACE}.enum.doc.`;
export const AVRO_FIELD_DOC_PREFIX_PROP = `${AVRO_NAMESPACE}.field.doc.`;
export const AVRO_FIELD_DEFAULT_FLAG_PROP = `${AVRO_NAMESPACE}.field.default`;
export const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${AVRO_NAMESPACE}.enum.default.`;
export const AVRO_TYPE_UNION = `${AVRO_NAMESPACE}.Union`;
export const AVRO_TYPE_ENUM = `${AVRO_NAMESPACE}.Enum`;
export const CONNECT_TYPE_INT8 = 'int8';
export const CONNECT_TYPE_INT16 = 'int16';

export const AVRO_PROP_PREFIX = 'avro';
export const LOGICAL_TYPE_PROP = 'logicalType';
export const LOGICAL_TIMESTAMP_MILLIS = 'timestamp-millis';
export const LOGICAL_TIME_MILLIS = 'time-millis';
export const LOGICAL_DATE = 'date';
export const LOGICAL_DECIMAL = 'decimal';
export const DECIMAL_SCALE_PROP = 'scale';
export const DECIMAL_PRECISION_PROP = 'precision';
export const CONNECT_FIXED_SIZE_PROP = 'connect.fixed.size';
export const CONNECT_DECIMAL_PRECISION_PROP = 'connect.decimal.precision';
/** The precision Confluent declares for a Connect Decimal without `connect.decimal.precision`. */
export const DECIMAL_PRECISION_DEFAULT = 64;

/** Splits `a.b.C` into its namespace (`a.b`, or undefined) and simple name (`C`). */
export function splitName(fullName: string): { namespace: string | undefined; name: string } {
  const dot = fullName.lastIndexOf('.');
  return dot < 0
    ? { namespace: undefined, name: fullName }
    : { namespace: fullName.slice(0, dot), name: fullName.slice(dot + 1) };
}
