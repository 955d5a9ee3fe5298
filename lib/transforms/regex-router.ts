/**
 * `org.apache.kafka.connect.transforms.RegexRouter`: when the whole topic matches `regex`, the topic becomes
 * Java's `replaceFirst(replacement)` of it (`$1`, `${name}` refer to groups).
 */
import { ConfigDef, ConfigType, Importance, type ConnectRecord, type Transformation } from '../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/builtin-version.js';
import { JavaPattern } from '../common/java-regex.js';
import { validRegex } from './util/transform-config.js';

const REGEX_CONFIG = 'regex';
const REPLACEMENT_CONFIG = 'replacement';

export function regexRouterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: REGEX_CONFIG,
      type: ConfigType.STRING,
      validator: validRegex,
      importance: Importance.HIGH,
      documentation: 'Regular expression to use for matching.',
    })
    .define({
      name: REPLACEMENT_CONFIG,
      type: ConfigType.STRING,
      importance: Importance.HIGH,
      documentation: 'Replacement string.',
    });
}

export class RegexRouter implements Transformation {
  static readonly className = 'org.apache.kafka.connect.transforms.RegexRouter';

  private pattern = new JavaPattern('');
  private replacement = '';

  configure(configs: Readonly<Record<string, string>>): void {
    const parsed = regexRouterConfigDef().parse(configs);
    this.pattern = new JavaPattern(parsed.get(REGEX_CONFIG) as string);
    this.replacement = parsed.get(REPLACEMENT_CONFIG) as string;
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (!this.pattern.matches(record.topic)) return record;
    return { ...record, topic: this.pattern.replaceFirst(record.topic, this.replacement) };
  }

  config(): ConfigDef {
    return regexRouterConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}
}
