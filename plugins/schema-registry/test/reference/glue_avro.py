"""The independent Glue Schema Registry serializer the AWSKafkaAvroConverter is checked against: PyPI
aws-glue-schema-registry (boto3 + fastavro) against the same moto server. One JSON request on stdin, one
JSON answer on stdout; values tagged as in confluent_avro.py.

  {"op": "write", "endpoint", "registry", "schemaName", "schema", "records": [...], "compression"?: bool}
      -> {"payloads": [base64...], "versionIds": [...]}
  {"op": "read", "endpoint", "registry", "payloads": [base64...]} -> {"records": [...], "versionIds": [...]}
"""
import base64
import json
import sys
import uuid

import boto3
from aws_schema_registry import DataAndSchema, SchemaRegistryClient
from aws_schema_registry.avro import AvroSchema
from aws_schema_registry.codec import decode, encode
from aws_schema_registry.serde import KafkaDeserializer, KafkaSerializer

from confluent_avro import tag, untag


def main():
    request = json.load(sys.stdin)
    glue = boto3.client("glue", endpoint_url=request["endpoint"], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    client = SchemaRegistryClient(glue, registry_name=request["registry"], wait_interval_seconds=0.1)
    if request["op"] == "write":
        name = request["schemaName"]
        serializer = KafkaSerializer(client, schema_naming_strategy=lambda topic, is_key, schema: name)
        schema = AvroSchema(request["schema"])
        payloads = []
        for record in request["records"]:
            payload = serializer.serialize("unused", DataAndSchema(untag(record), schema))
            if request.get("compression"):
                data, version_id = decode(payload)
                payload = encode(data, version_id, compression=True)
            payloads.append(payload)
        json.dump({"payloads": [base64.b64encode(p).decode() for p in payloads], "versionIds": [str(decode(p)[1]) for p in payloads]}, sys.stdout)
    else:
        deserializer = KafkaDeserializer(client)
        payloads = [base64.b64decode(p) for p in request["payloads"]]
        records = [tag(deserializer.deserialize("unused", p).data) for p in payloads]
        json.dump({"records": records, "versionIds": [str(uuid.UUID(bytes=p[2:18])) for p in payloads]}, sys.stdout)


if __name__ == "__main__":
    main()
