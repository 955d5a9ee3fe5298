"""The independent side of the Protobuf and JSON Schema cross-checks: confluent-kafka's serializers.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"url", "op": "proto-serialize" | "proto-deserialize" | "json-serialize" | "json-deserialize",
   "topic", "strategy": "topic" | "topic_record", "records": [...] | "frames": [base64, ...],
   "schema": JSON Schema text (json-serialize)}
Protobuf records are dicts in Protobuf's JSON mapping for the lc.test.AllTypes message below, which is
built from descriptor protos here (no protoc, and nothing taken from the converter under test).
"""
import base64
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient, topic_record_subject_name_strategy, topic_subject_name_strategy
from confluent_kafka.schema_registry.confluent import meta_pb2
from confluent_kafka.schema_registry.confluent.type import decimal_pb2  # noqa: F401 (registers the file)
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf import timestamp_pb2  # noqa: F401
from google.type import date_pb2, timeofday_pb2  # noqa: F401

F = descriptor_pb2.FieldDescriptorProto


def all_types_class():
    fd = descriptor_pb2.FileDescriptorProto(name='lc/test/all_types.proto', package='lc.test', syntax='proto3')
    fd.dependency.extend(['confluent/meta.proto', 'confluent/type/decimal.proto', 'google/protobuf/timestamp.proto',
                          'google/type/date.proto', 'google/type/timeofday.proto'])
    m = fd.message_type.add(name='AllTypes')

    def field(owner, name, number, ftype, label=F.LABEL_OPTIONAL, type_name=None, params=None):
        f = owner.field.add(name=name, number=number, type=ftype, label=label)
        if type_name:
            f.type_name = type_name
        if params:
            f.options.Extensions[meta_pb2.field_meta].params.update(params)

    field(m, 'i8', 1, F.TYPE_INT32, params={'connect.type': 'int8'})
    field(m, 'i16', 2, F.TYPE_INT32, params={'connect.type': 'int16'})
    field(m, 'i32', 3, F.TYPE_INT32)
    field(m, 'i64', 4, F.TYPE_INT64)
    field(m, 'big64', 5, F.TYPE_INT64)
    field(m, 'f32', 6, F.TYPE_FLOAT)
    field(m, 'f64', 7, F.TYPE_DOUBLE)
    field(m, 'flag', 8, F.TYPE_BOOL)
    field(m, 'text', 9, F.TYPE_STRING)
    field(m, 'blob', 10, F.TYPE_BYTES)
    field(m, 'maybe', 11, F.TYPE_STRING)
    inner = m.nested_type.add(name='Inner')
    field(inner, 'label', 1, F.TYPE_STRING)
    field(m, 'inner', 12, F.TYPE_MESSAGE, type_name='.lc.test.AllTypes.Inner')
    field(m, 'tags', 13, F.TYPE_STRING, F.LABEL_REPEATED)
    for entry_name, key_type, value_type in (('CountsEntry', F.TYPE_STRING, F.TYPE_INT64), ('ByIdEntry', F.TYPE_INT32, F.TYPE_STRING)):
        entry = m.nested_type.add(name=entry_name)
        entry.options.map_entry = True
        field(entry, 'key', 1, key_type)
        field(entry, 'value', 2, value_type)
    field(m, 'counts', 14, F.TYPE_MESSAGE, F.LABEL_REPEATED, '.lc.test.AllTypes.CountsEntry')
    field(m, 'by_id', 15, F.TYPE_MESSAGE, F.LABEL_REPEATED, '.lc.test.AllTypes.ByIdEntry')
    field(m, 'amount', 16, F.TYPE_MESSAGE, type_name='.confluent.type.Decimal', params={'scale': '2'})
    field(m, 'day', 17, F.TYPE_MESSAGE, type_name='.google.type.Date')
    field(m, 'at_time', 18, F.TYPE_MESSAGE, type_name='.google.type.TimeOfDay')
    field(m, 'at', 19, F.TYPE_MESSAGE, type_name='.google.protobuf.Timestamp')
    color = m.enum_type.add(name='Color')
    color.value.add(name='RED', number=0)
    color.value.add(name='GREEN', number=1)
    field(m, 'color', 20, F.TYPE_ENUM, type_name='.lc.test.AllTypes.Color')

    pool = descriptor_pool.Default()
    try:
        pool.FindFileByName(fd.name)
    except KeyError:
        pool.AddSerializedFile(fd.SerializeToString())
    return message_factory.GetMessageClass(pool.FindMessageTypeByName('lc.test.AllTypes'))


def strategy(request):
    return topic_record_subject_name_strategy if request.get('strategy') == 'topic_record' else topic_subject_name_strategy


def main():
    request = json.load(sys.stdin)
    client = SchemaRegistryClient({'url': request['url']})
    ctx = SerializationContext(request['topic'], MessageField.VALUE)
    op = request['op']
    if op.startswith('proto-'):
        cls = all_types_class()
        if op == 'proto-serialize':
            serializer = ProtobufSerializer(cls, client, {'use.deprecated.format': False, 'subject.name.strategy': strategy(request)})
            frames = [serializer(json_format.ParseDict(r, cls()), ctx) for r in request['records']]
            answer = {'frames': [base64.b64encode(f).decode() for f in frames]}
        else:
            deserializer = ProtobufDeserializer(cls, {'use.deprecated.format': False})
            records = [deserializer(base64.b64decode(f), ctx) for f in request['frames']]
            answer = {'records': [json_format.MessageToDict(r, preserving_proto_field_name=True) for r in records]}
    elif op == 'json-serialize':
        serializer = JSONSerializer(request['schema'], client, conf={'subject.name.strategy': strategy(request)})
        answer = {'frames': [base64.b64encode(serializer(r, ctx)).decode() for r in request['records']]}
    else:
        deserializer = JSONDeserializer(None, schema_registry_client=client)
        answer = {'records': [deserializer(base64.b64decode(f), ctx) for f in request['frames']]}
    json.dump(answer, sys.stdout)


if __name__ == '__main__':
    main()
