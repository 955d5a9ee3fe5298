/** The keywords and names JsonSchemaData writes, spelled as Confluent's `io.confluent.connect.json.JsonSchemaData`. */
export const NAMESPACE = 'io.confluent.connect.json';
export const KEY_FIELD = 'key';
export const VALUE_FIELD = 'value';
export const CONNECT_TYPE_PROP = 'connect.type';
export const CONNECT_VERSION_PROP = 'connect.version';
export const CONNECT_PARAMETERS_PROP = 'connect.parameters';
export const CONNECT_INDEX_PROP = 'connect.index';
export const JSON_TYPE_ENUM = `${NAMESPACE}.Enum`;
export const JSON_TYPE_ONE_OF = `${NAMESPACE}.OneOf`;
export const GENERALIZED_TYPE_ENUM = 'org.apache.kafka.connect.data.Enum';
export const GENERALIZED_TYPE_UNION = 'org.apache.kafka.connect.data.Union';
export const GENERALIZED_TYPE_UNION_PREFIX = 'connect_union_';
export const GENERALIZED_TYPE_UNION_FIELD_PREFIX = `${GENERALIZED_TYPE_UNION_PREFIX}field_`;
export const NULL_MARKER = '<NULL>';

/** `connect.type` values by Connect type. */
export const CONNECT_TYPES = {
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float: 'float32',
  double: 'float64',
  bytes: 'bytes',
  map: 'map',
} as const;
