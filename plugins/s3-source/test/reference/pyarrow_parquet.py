"""The independent Parquet implementation the S3 sink's and source's ParquetFormat are checked against:
Apache Arrow's pyarrow, reading and writing objects on the S3-compatible server (moto) the test runs.

One JSON request on stdin, one JSON answer on stdout.
  {"op": "describe", "endpoint", "bucket", "keys": [...]}
      -> {"files": [{"key", "types": [[name, arrow type, nullable]], "codecs": [...], "metadata": [...],
          "rows": [tagged row, ...]}]}
  {"op": "write", "endpoint", "bucket", "key", "compression", "rows": [tagged row, ...]}
      -> {"written": key}; the table has the Arrow schema below (the Avro-equivalent of the test's
         Connect schema) and no parquet.avro.schema metadata, as any non-Connect producer writes.
Tagged values (JSON has no bytes, decimals, dates or 64-bit integers):
  {"$b64": base64} bytes, {"$dec": text} decimal, {"$date": days}, {"$time": millis of the day},
  {"$ts": epoch millis}, {"$int": text} an integer beyond 2^53. Maps are lists of [key, value].
"""
import base64
import datetime
import decimal
import json
import sys

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

EPOCH = datetime.date(1970, 1, 1)
UTC = datetime.timezone.utc

ADDRESS = pa.struct([pa.field("street", pa.string(), False), pa.field("zip", pa.int32())])
SCHEMA = pa.schema(
    [
        pa.field("i8", pa.int32(), False),
        pa.field("i16", pa.int32(), False),
        pa.field("i32", pa.int32(), False),
        pa.field("i64", pa.int64(), False),
        pa.field("f32", pa.float32(), False),
        pa.field("f64", pa.float64(), False),
        pa.field("flag", pa.bool_(), False),
        pa.field("text", pa.string(), False),
        pa.field("raw", pa.binary(), False),
        pa.field("maybe", pa.string()),
        pa.field("maybe_long", pa.int64()),
        pa.field("address", ADDRESS, False),
        pa.field("old_address", pa.struct([pa.field("line", pa.string(), False)])),
        pa.field("tags", pa.list_(pa.field("element", pa.string(), False)), False),
        pa.field("scores", pa.list_(pa.field("element", pa.float64()))),
        pa.field("lines", pa.list_(pa.field("element", ADDRESS, False)), False),
        pa.field("attrs", pa.map_(pa.string(), pa.field("value", pa.int64(), False)), False),
        pa.field(
            "by_id",
            pa.list_(
                pa.field(
                    "element",
                    pa.struct([pa.field("key", pa.int32(), False), pa.field("value", pa.string(), False)]),
                    False,
                )
            ),
            False,
        ),
        pa.field("amount", pa.decimal128(38, 2), False),
        pa.field("day", pa.date32(), False),
        pa.field("time", pa.time32("ms"), False),
        pa.field("at", pa.timestamp("ms", tz="UTC"), False),
    ]
)


def tag(value):
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode()}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, datetime.datetime):
        return {"$ts": int(value.timestamp() * 1000)}
    if isinstance(value, datetime.date):
        return {"$date": (value - EPOCH).days}
    if isinstance(value, datetime.time):
        return {"$time": ((value.hour * 60 + value.minute) * 60 + value.second) * 1000 + value.microsecond // 1000}
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > 2**53:
        return {"$int": str(value)}
    if isinstance(value, dict):
        return {k: tag(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [tag(v) for v in value]
    return value


def untag(value):
    if isinstance(value, dict):
        if "$b64" in value:
            return base64.b64decode(value["$b64"])
        if "$dec" in value:
            return decimal.Decimal(value["$dec"])
        if "$ts" in value:
            return datetime.datetime.fromtimestamp(value["$ts"] / 1000, tz=UTC)
        if "$date" in value:
            return EPOCH + datetime.timedelta(days=value["$date"])
        if "$time" in value:
            ms = value["$time"]
            return datetime.time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)
        if "$int" in value:
            return int(value["$int"])
        return {k: untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value


def filesystem(endpoint):
    scheme, host = endpoint.split("://", 1)
    return pafs.S3FileSystem(
        endpoint_override=host,
        scheme=scheme,
        access_key="moto-test",
        secret_key="moto-test-secret",
        region="us-east-1",
    )


def describe(request):
    fs = filesystem(request["endpoint"])
    files = []
    for key in request["keys"]:
        path = f"{request['bucket']}/{key}"
        with fs.open_input_file(path) as f:
            parquet = pq.ParquetFile(f)
            table = parquet.read()
            meta = parquet.metadata
            codecs = sorted(
                {meta.row_group(g).column(c).compression for g in range(meta.num_row_groups) for c in range(meta.num_columns)}
            )
            files.append(
                {
                    "key": key,
                    "types": [[f.name, str(f.type), f.nullable] for f in table.schema],
                    "codecs": codecs,
                    "metadata": sorted(k.decode() for k in (meta.metadata or {}).keys()),
                    "rows": [tag(r) for r in table.to_pylist()],
                }
            )
    return {"files": files}


def write(request):
    fs = filesystem(request["endpoint"])
    rows = []
    for row in untag(request["rows"]):
        row["attrs"] = [tuple(kv) for kv in row["attrs"]]
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    with fs.open_output_stream(f"{request['bucket']}/{request['key']}") as out:
        pq.write_table(table, out, compression=request["compression"])
    return {"written": request["key"]}


def main():
    request = json.load(sys.stdin)
    answer = describe(request) if request["op"] == "describe" else write(request)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
