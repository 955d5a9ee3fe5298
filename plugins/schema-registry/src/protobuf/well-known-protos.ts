/**
 * The dependency files ProtobufData's schemas import and that protobufjs does not bundle, written from
 * their published message layouts (field names and numbers are the wire contract). `confluent/meta.proto`
 * leaves out its `extend google.protobuf.*Options` blocks: protobufjs keeps custom options as parsed data
 * without resolving them, so only the `Meta` message is needed.
 */
export const WELL_KNOWN_PROTOS: Readonly<Record<string, string>> = {
  'confluent/meta.proto': `syntax = "proto3";
package confluent;
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}
`,
  'confluent/type/decimal.proto': `syntax = "proto3";
package confluent.type;
message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}
`,
  'google/type/date.proto': `syntax = "proto3";
package google.type;
message Date {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
}
`,
  'google/type/timeofday.proto': `syntax = "proto3";
package google.type;
message TimeOfDay {
  int32 hours = 1;
  int32 minutes = 2;
  int32 seconds = 3;
  int32 nanos = 4;
}
`,
  'google/protobuf/timestamp.proto': `syntax = "proto3";
package google.protobuf;
message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}
`,
  'google/protobuf/wrappers.proto': `syntax = "proto3";
package google.protobuf;
message DoubleValue {
  double value = 1;
}
message FloatValue {
  float value = 1;
}
message Int64Value {
  int64 value = 1;
}
message UInt64Value {
  uint64 value = 1;
}
message Int32Value {
  int32 value = 1;
}
message UInt32Value {
  uint32 value = 1;
}
message BoolValue {
  bool value = 1;
}
message StringValue {
  string value = 1;
}
message BytesValue {
  bytes value = 1;
}
`,
};
