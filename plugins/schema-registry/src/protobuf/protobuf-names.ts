/**
 * The names ProtobufData writes into Connect schemas and .proto files, spelled as Confluent's
 * `io.confluent.connect.protobuf.ProtobufData` spells them so schemas and parameters round-trip with it.
 */
export const NAMESPACE = 'io.confluent.connect.protobuf';
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const MAP_ENTRY_SUFFIX = 'Entry';
export const KEY_FIELD = 'key';
export const VALUE_FIELD = 'value';

export const PROTOBUF_TYPE_ENUM = `${NAMESPACE}.Enum`;
export const PROTOBUF_TYPE_UNION = `${NAMESPACE}.Union`;
export const PROTOBUF_TYPE_UNION_PREFIX = `${PROTOBUF_TYPE_UNION}.`;
export const PROTOBUF_TYPE_TAG = `${NAMESPACE}.Tag`;
export const PROTOBUF_TYPE_PROP = `${NAMESPACE}.Type`;
export const PROTOBUF_TYPE_WRAPPER = `${NAMESPACE}.Wrapper`;
/** Connect's generalized sum types (`generalized.sum.type.support`). */
export const GENERALIZED_TYPE_ENUM = 'org.apache.kafka.connect.data.Enum';
export const GENERALIZED_TYPE_UNION = 'org.apache.kafka.connect.data.Union';

export const PROTOBUF_PRECISION_PROP = 'precision';
export const PROTOBUF_SCALE_PROP = 'scale';
export const CONNECT_PRECISION_PROP = 'connect.decimal.precision';
export const CONNECT_TYPE_PROP = 'connect.type';

/** Message types ProtobufData maps to Connect logical types, and the files that define them. */
export const WELL_KNOWN = {
  DECIMAL: { type: 'confluent.type.Decimal', file: 'confluent/type/decimal.proto' },
  DATE: { type: 'google.type.Date', file: 'google/type/date.proto' },
  TIME: { type: 'google.type.TimeOfDay', file: 'google/type/timeofday.proto' },
  TIMESTAMP: { type: 'google.protobuf.Timestamp', file: 'google/protobuf/timestamp.proto' },
} as const;
export const META_FILE = 'confluent/meta.proto';
export const FIELD_META_OPTION = '(confluent.field_meta)';
export const WRAPPERS_FILE = 'google/protobuf/wrappers.proto';

/** `google.protobuf.*Value` wrapper types by Connect primitive, and back. */
export const WRAPPER_TYPES = {
  double: 'google.protobuf.DoubleValue',
  float: 'google.protobuf.FloatValue',
  int64: 'google.protobuf.Int64Value',
  uint64: 'google.protobuf.UInt64Value',
  int32: 'google.protobuf.Int32Value',
  uint32: 'google.protobuf.UInt32Value',
  bool: 'google.protobuf.BoolValue',
  string: 'google.protobuf.StringValue',
  bytes: 'google.protobuf.BytesValue',
} as const;

/** Protoc's name for a map field's entry message: `my_field` → `MyFieldEntry`. */
export function toMapEntry(name: string): string {
  const camel = name.includes('_')
    ? name
        .split('_')
        .map((p) => (p === '' ? '' : p[0]?.toUpperCase() + p.slice(1).toLowerCase()))
        .join('')
    : name;
  return camel + MAP_ENTRY_SUFFIX;
}

/** The Connect map schema name for an entry message: `MyFieldEntry` → `my_field`. */
export function toMapField(name: string): string {
  const parts = name.split('.');
  const last = parts[parts.length - 1] ?? '';
  if (!last.endsWith(MAP_ENTRY_SUFFIX)) return name;
  const stem = last.slice(0, -MAP_ENTRY_SUFFIX.length);
  parts[parts.length - 1] = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/^([A-Z])/, (c) => c.toLowerCase())
    .toLowerCase();
  return parts.join('.');
}
