"""Avro container files through Python's two Avro implementations, independent of the S3 plugins' own:
Apache Avro (`avro`, whose snappy codec checks each block's CRC-32) and fastavro (which does not).

Reads one JSON request on stdin and prints one JSON answer:
  {"op": "read", "files": [<base64>...]}
    -> {"files": [{"codec": str, "schema": <writer schema>, "records": [...], "fastavro": [...]}]}
  {"op": "write", "schema": <Avro schema>, "records": [...], "codec": str}
    -> {"file": <base64>}   (written by Apache Avro's DataFileWriter)
Bytes cross as {"$bytes": <base64>}. The snappy codec needs python-snappy (Apache Avro) and cramjam
(fastavro); .ci/run installs both into .cache/sr-venv.
"""
import base64
import io
import json
import sys

import avro.datafile
import avro.io
import avro.schema
import fastavro


def to_json(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def from_json(value):
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def read_one(data):
    reader = avro.datafile.DataFileReader(io.BytesIO(data), avro.io.DatumReader())
    codec = reader.get_meta("avro.codec").decode("utf-8")
    schema = json.loads(reader.get_meta("avro.schema").decode("utf-8"))
    records = [to_json(r) for r in reader]
    fast = [to_json(r) for r in fastavro.reader(io.BytesIO(data))]
    return {"codec": codec, "schema": schema, "records": records, "fastavro": fast}


def write(request):
    out = io.BytesIO()
    schema = avro.schema.parse(json.dumps(request["schema"]))
    writer = avro.datafile.DataFileWriter(out, avro.io.DatumWriter(), schema, codec=request["codec"])
    for record in request["records"]:
        writer.append(from_json(record))
    writer.flush()
    data = out.getvalue()
    writer.close()
    return {"file": base64.b64encode(data).decode("ascii")}


def main():
    request = json.load(sys.stdin)
    if request["op"] == "read":
        answer = {"files": [read_one(base64.b64decode(f)) for f in request["files"]]}
    else:
        answer = write(request)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
