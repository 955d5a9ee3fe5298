/** Config pieces many SMTs share: validators and the `replace.null.with.default` key. */
import { ConfigError, ConfigType, Importance, type ConfigDef, type Validator } from '../../api/index.js';
import { compileJavaRegex } from '../../common/java-regex.js';

export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default';

export function defineReplaceNullWithDefault(def: ConfigDef): ConfigDef {
  return def.define({
    name: REPLACE_NULL_WITH_DEFAULT_CONFIG,
    type: ConfigType.BOOLEAN,
    defaultValue: true,
    importance: Importance.MEDIUM,
    documentation:
      'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
  });
}

/** Connect's `NonEmptyListValidator`. */
export const nonEmptyList: Validator = (name, value) => {
  if (value === null || (Array.isArray(value) && value.length === 0))
    throw ConfigError.invalidValue(name, javaList(value), 'Empty list');
};

/** Connect's `RegexValidator`: the value compiles as a (Java) regular expression. */
export const validRegex: Validator = (name, value) => {
  try {
    compileJavaRegex(String(value));
  } catch (error) {
    throw ConfigError.invalidValue(
      name,
      value,
      `Invalid regex: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
};

/** Java's `List.toString()`: `[a, b]`. */
export function javaList(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}
