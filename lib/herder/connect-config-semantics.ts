/**
 * `ConfigDef.validate` as Kafka's Java implementation answers it, on top of `lib/api`'s ConfigDef: a
 * value that fails to parse is reported as null and its validator then sees null (so `tasks.max=x`
 * also reports `Value must be non-null`), and an explicit null passes the validators that Java lets
 * null through (non-empty strings). Clients count and show these messages, so they must match.
 */
import { parseType, type ConfigDef, type ConfigValue } from '../api/config-def.js';

/** Validator messages Java's validators never raise for null (they treat null as "not set"). */
const NULL_TOLERANT = [/: String must be non-empty$/, /: String may not be empty$/];

/** Validates `props` against `def` with Java's semantics; one result per declared key, in order. */
export function validateAsConnect(def: ConfigDef, props: Readonly<Record<string, unknown>>): ConfigValue[] {
  return applyConnectSemantics(def, props, def.validate(props));
}

/** Adjusts results of `def.validate(props)` (or of a connector's own `validate`) to Java's semantics. */
export function applyConnectSemantics(
  def: ConfigDef,
  props: Readonly<Record<string, unknown>>,
  values: ConfigValue[],
): ConfigValue[] {
  for (const value of values) {
    const key = def.key(value.name);
    const raw = props[value.name];
    if (key === undefined || raw === undefined) continue;
    if (raw === null) {
      value.value = null;
      value.errors = value.errors.filter((e) => !NULL_TOLERANT.some((p) => p.test(e)));
      continue;
    }
    let parseError: string | null = null;
    try {
      parseType(key.name, raw, key.type);
    } catch (error) {
      parseError = error instanceof Error ? error.message : String(error);
    }
    if (parseError === null) continue;
    value.value = null;
    value.errors = [parseError];
    const nullError = validatorError(key.validator, key.name, null);
    if (nullError !== null && !NULL_TOLERANT.some((p) => p.test(nullError))) value.errors.push(nullError);
  }
  return values;
}

/** The message a validator raises for `value`, or null when it accepts it. */
export function validatorError(
  validator: ((name: string, value: unknown) => void) | undefined,
  name: string,
  value: unknown,
): string | null {
  if (validator === undefined) return null;
  try {
    validator(name, value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
