/** A record described the way Connect's `ConnectRecord.toString()` reads, for error messages. */
import { formatValue, type ConnectRecord } from '../../api/index.js';

export function describeRecord(record: ConnectRecord): string {
  return (
    `ConnectRecord{topic='${record.topic}', kafkaPartition=${record.kafkaPartition}, key=${formatValue(record.key)}, ` +
    `value=${formatValue(record.value)}, timestamp=${record.timestamp}, headers=[${record.headers.map((h) => h.key).join(', ')}]}`
  );
}
