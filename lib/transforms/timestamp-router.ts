/**
 * `org.apache.kafka.connect.transforms.TimestampRouter`: the topic becomes `topic.format` with `${topic}`
 * and `${timestamp}` (the record timestamp in `timestamp.format`, UTC) substituted.
 */
import { ConfigDef, ConfigType, DataError, Importance, type ConnectRecord, type Transformation } from '../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';
import { describeRecord } from './util/describe-record.js';
import { SimpleDateFormat } from './util/simple-date-format.js';

const TOPIC_FORMAT_CONFIG = 'topic.format';
const TIMESTAMP_FORMAT_CONFIG = 'timestamp.format';

export function timestampRouterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: TOPIC_FORMAT_CONFIG,
      type: ConfigType.STRING,
      defaultValue: '${topic}-${timestamp}',
      importance: Importance.HIGH,
      documentation:
        'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.',
    })
    .define({
      name: TIMESTAMP_FORMAT_CONFIG,
      type: ConfigType.STRING,
      defaultValue: 'yyyyMMdd',
      importance: Importance.HIGH,
      documentation: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
    });
}

export class TimestampRouter implements Transformation {
  static readonly className = 'org.apache.kafka.connect.transforms.TimestampRouter';

  private topicFormat = '${topic}-${timestamp}';
  private timestampFormat = new SimpleDateFormat('yyyyMMdd');

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = timestampRouterConfigDef().parse(configs);
    this.topicFormat = parsed.get(TOPIC_FORMAT_CONFIG) as string;
    this.timestampFormat = new SimpleDateFormat(parsed.get(TIMESTAMP_FORMAT_CONFIG) as string);
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (record.timestamp === null) throw new DataError(`Timestamp missing on record: ${describeRecord(record)}`);
    const formatted = this.timestampFormat.format(new Date(record.timestamp));
    const topic = this.topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(formatted);
    return { ...record, topic };
  }

  config(): ConfigDef {
    return timestampRouterConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}
