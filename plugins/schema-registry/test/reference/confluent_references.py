"""The independent side of the schema references cross-check: confluent-kafka's serializers writing records
whose schemas refer to other subjects' schemas.

Reads one JSON request on stdin, writes one JSON answer on stdout:
  {"url", "runs": [{"format": "avro" | "json" | "proto" | "proto-oneof" | "json-allof", "topic", "records": [...]}, ...]}
  → {"runs": [{"frames": [base64, ...], "subjects": {"main": ..., "referenced": ...}}, ...]}
(one process for every format: the interpreter's start-up is most of a run's time)
Avro and JSON Schema: the referenced schema (an Address) is registered first under `<topic>-address`, and
the record's schema names it through `references`. Protobuf: the Address is its own file, imported by the
record's file; the serializer registers the import as a reference itself (subject = the file's name), as
Confluent's serializers do. "proto-oneof" (the `flatten.unions` check) writes lc.ref.Payment, a message with
a oneof, no references; "json-allof" an Order whose schema is `allOf` of a referenced base.json and its
own properties (with `$schema`: Apicurio cannot tell its type otherwise). Records are dicts (Protobuf's JSON mapping for proto).
"""
import base64
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

AVRO_ADDRESS = {'type': 'record', 'name': 'Address', 'namespace': 'lc.ref',
                'fields': [{'name': 'street', 'type': 'string'}, {'name': 'zip', 'type': 'int'}]}
AVRO_PERSON = {'type': 'record', 'name': 'Person', 'namespace': 'lc.ref',
               'fields': [{'name': 'name', 'type': 'string'},
                          {'name': 'home', 'type': 'Address'},
                          {'name': 'previous', 'type': {'type': 'array', 'items': 'lc.ref.Address'}},
                          {'name': 'work', 'type': ['null', 'lc.ref.Address'], 'default': None}]}
JSON_ADDRESS = {'type': 'object', 'title': 'Address',
                'properties': {'street': {'type': 'string'}, 'zip': {'type': 'integer'}},
                'required': ['street', 'zip']}
JSON_PERSON = {'type': 'object', 'title': 'Person',
               'properties': {'name': {'type': 'string'}, 'home': {'$ref': 'address.json'},
                              'previous': {'type': 'array', 'items': {'$ref': 'address.json'}}},
               'required': ['name', 'home', 'previous']}

JSON_BASE = {'type': 'object', 'properties': {'id': {'type': 'string'}, 'note': {'type': 'string'}}, 'required': ['id']}
JSON_ORDER = {'$schema': 'http://json-schema.org/draft-07/schema#', 'title': 'Order', 'allOf': [{'$ref': 'base.json'},
                                          {'type': 'object', 'properties': {'qty': {'type': 'integer'}}, 'required': ['qty']}]}

F = descriptor_pb2.FieldDescriptorProto


def person_class():
    pool = descriptor_pool.DescriptorPool()
    address = descriptor_pb2.FileDescriptorProto(name='lc/ref/address.proto', package='lc.ref', syntax='proto3')
    a = address.message_type.add(name='Address')
    a.field.add(name='street', number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    a.field.add(name='zip', number=2, type=F.TYPE_INT32, label=F.LABEL_OPTIONAL)
    person = descriptor_pb2.FileDescriptorProto(name='lc/ref/person.proto', package='lc.ref', syntax='proto3')
    person.dependency.append('lc/ref/address.proto')
    p = person.message_type.add(name='Person')
    p.field.add(name='name', number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    p.field.add(name='home', number=2, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL, type_name='.lc.ref.Address')
    p.field.add(name='previous', number=3, type=F.TYPE_MESSAGE, label=F.LABEL_REPEATED, type_name='.lc.ref.Address')
    pool.AddSerializedFile(address.SerializeToString())
    pool.AddSerializedFile(person.SerializeToString())
    return message_factory.GetMessageClass(pool.FindMessageTypeByName('lc.ref.Person'))


def payment_class():
    pool = descriptor_pool.DescriptorPool()
    f = descriptor_pb2.FileDescriptorProto(name='lc/ref/payment.proto', package='lc.ref', syntax='proto3')
    m = f.message_type.add(name='Payment')
    m.oneof_decl.add(name='method')
    m.field.add(name='id', number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    m.field.add(name='card', number=2, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL, oneof_index=0)
    m.field.add(name='voucher', number=3, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL, oneof_index=0)
    pool.AddSerializedFile(f.SerializeToString())
    return message_factory.GetMessageClass(pool.FindMessageTypeByName('lc.ref.Payment'))


def registered_reference(client, subject, text, schema_type, name):
    client.register_schema(subject, Schema(text, schema_type))
    version = client.get_latest_version(subject).version
    return SchemaReference(name, subject, version)


def main():
    request = json.load(sys.stdin)
    client = SchemaRegistryClient({'url': request['url']})
    json.dump({'runs': [serialize(client, run) for run in request['runs']]}, sys.stdout)


def serialize(client, request):
    topic = request['topic']
    ctx = SerializationContext(topic, MessageField.VALUE)
    fmt = request['format']
    if fmt == 'avro':
        ref = registered_reference(client, f'{topic}-address', json.dumps(AVRO_ADDRESS), 'AVRO', 'lc.ref.Address')
        serializer = AvroSerializer(client, Schema(json.dumps(AVRO_PERSON), 'AVRO', [ref]))
        frames = [serializer(r, ctx) for r in request['records']]
        referenced = ref.subject
    elif fmt == 'json':
        ref = registered_reference(client, f'{topic}-address', json.dumps(JSON_ADDRESS), 'JSON', 'address.json')
        serializer = JSONSerializer(Schema(json.dumps(JSON_PERSON), 'JSON', [ref]), client)
        frames = [serializer(r, ctx) for r in request['records']]
        referenced = ref.subject
    elif fmt == 'json-allof':
        ref = registered_reference(client, f'{topic}-base', json.dumps(JSON_BASE), 'JSON', 'base.json')
        serializer = JSONSerializer(Schema(json.dumps(JSON_ORDER), 'JSON', [ref]), client)
        frames = [serializer(r, ctx) for r in request['records']]
        referenced = ref.subject
    elif fmt == 'proto-oneof':
        cls = payment_class()
        serializer = ProtobufSerializer(cls, client, {'use.deprecated.format': False})
        frames = [serializer(json_format.ParseDict(r, cls()), ctx) for r in request['records']]
        referenced = ''
    else:
        cls = person_class()
        serializer = ProtobufSerializer(cls, client, {'use.deprecated.format': False})
        frames = [serializer(json_format.ParseDict(r, cls()), ctx) for r in request['records']]
        referenced = 'lc/ref/address.proto'
    return {'frames': [base64.b64encode(f).decode() for f in frames],
            'subjects': {'main': f'{topic}-value', 'referenced': referenced}}


if __name__ == '__main__':
    main()
