"""The independent Avro serializer the AvroConverter is checked against: Confluent's Python client
(confluent-kafka[avro,schemaregistry], fastavro underneath) against the same registry.

Reads one JSON request on stdin, writes one JSON answer on stdout. Values cross the process boundary with
tags for what JSON lacks: {"$long": "..."}, {"$bytes": base64}, {"$decimal": "..."}, {"$date": "YYYY-MM-DD"},
{"$time": millis}, {"$timestamp": millis}.

  {"op": "write", "url", "topic", "schema", "records": [...], "strategy"?: "topic"|"record"|"topic_record"}
      -> {"payloads": [base64...], "ids": [...], "subject": "..."}
  {"op": "read", "url", "topic", "payloads": [base64...]} -> {"records": [...], "ids": [...]}
"""
import base64
import datetime
import decimal
import json
import struct
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient, record_subject_name_strategy, topic_record_subject_name_strategy, topic_subject_name_strategy
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
STRATEGIES = {"topic": topic_subject_name_strategy, "record": record_subject_name_strategy, "topic_record": topic_record_subject_name_strategy}


def untag(value):
    if isinstance(value, list):
        return [untag(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, inner), = value.items()
            if tag == "$long":
                return int(inner)
            if tag == "$bytes":
                return base64.b64decode(inner)
            if tag == "$decimal":
                return decimal.Decimal(inner)
            if tag == "$date":
                return datetime.date.fromisoformat(inner)
            if tag == "$time":
                return (datetime.datetime.min + datetime.timedelta(milliseconds=inner)).time()
            if tag == "$timestamp":
                return EPOCH + datetime.timedelta(milliseconds=inner)
        return {k: untag(v) for k, v in value.items()}
    return value


def tag(value):
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 - 1 else {"$long": str(value)}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"$timestamp": round((value - EPOCH).total_seconds() * 1000)}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"$time": ((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.microsecond // 1000}
    if isinstance(value, list):
        return [tag(v) for v in value]
    if isinstance(value, tuple):
        return [tag(v) for v in value]
    if isinstance(value, dict):
        return {k: tag(v) for k, v in value.items()}
    raise TypeError(f"cannot tag {type(value)}")


def schema_id(payload):
    return struct.unpack(">bI", payload[:5])[1]


def main():
    request = json.load(sys.stdin)
    client = SchemaRegistryClient({"url": request["url"]})
    context = SerializationContext(request["topic"], MessageField.KEY if request.get("isKey") else MessageField.VALUE)
    if request["op"] == "write":
        strategy = STRATEGIES[request.get("strategy", "topic")]
        serializer = AvroSerializer(client, request["schema"], conf={"auto.register.schemas": True, "subject.name.strategy": strategy})
        payloads = [serializer(untag(r), context) for r in request["records"]]
        parsed = json.loads(request["schema"])
        name = parsed.get("name", "")
        full_name = name if "." in name or not parsed.get("namespace") else parsed["namespace"] + "." + name
        subject = strategy(context, full_name)
        json.dump({"payloads": [base64.b64encode(p).decode() for p in payloads], "ids": [schema_id(p) for p in payloads], "subject": subject}, sys.stdout)
    else:
        deserializer = AvroDeserializer(client)
        payloads = [base64.b64decode(p) for p in request["payloads"]]
        json.dump({"records": [tag(deserializer(p, context)) for p in payloads], "ids": [schema_id(p) for p in payloads]}, sys.stdout)


if __name__ == "__main__":
    main()
