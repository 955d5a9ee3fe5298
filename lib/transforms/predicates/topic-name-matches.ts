/** `org.apache.kafka.connect.transforms.predicates.TopicNameMatches`: true when the whole topic matches `pattern`. */
import {
  ConfigDef,
  ConfigError,
  ConfigType,
  Importance,
  Validators,
  type ConnectRecord,
  type Predicate,
} from '../../api/index.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/builtin-version.js';
import { JavaPattern } from '../../common/java-regex.js';
import { validRegex } from '../util/transform-config.js';

const PATTERN_CONFIG = 'pattern';

export function topicNameMatchesConfigDef(): ConfigDef {
  const nonEmpty = Validators.nonEmptyString();
  return new ConfigDef().define({
    name: PATTERN_CONFIG,
    type: ConfigType.STRING,
    validator: (name, value) => {
      nonEmpty(name, value);
      validRegex(name, value);
    },
    importance: Importance.MEDIUM,
    documentation: "A Java regular expression for matching against the name of a record's topic.",
  });
}

export class TopicNameMatches implements Predicate {
  static readonly className = 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches';

  private pattern = new JavaPattern('');

  configure(configs: Readonly<Record<string, string>>): void {
    const value = topicNameMatchesConfigDef().parse(configs).get(PATTERN_CONFIG) as string;
    try {
      this.pattern = new JavaPattern(value);
    } catch (error) {
      throw ConfigError.invalidValue(
        PATTERN_CONFIG,
        value,
        `entry must be a Java-compatible regular expression: ${(error as Error).message}`,
      );
    }
  }

  test(record: ConnectRecord): boolean {
    return typeof record.topic === 'string' && this.pattern.matches(record.topic);
  }

  config(): ConfigDef {
    return topicNameMatchesConfigDef();
  }

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  close(): void {}

  toString(): string {
    return `TopicNameMatches{pattern=${this.pattern.pattern}}`;
  }
}
