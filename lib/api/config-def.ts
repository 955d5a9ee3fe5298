/**
 * Configuration declared as data, as Kafka's `ConfigDef`: each key has a type, a default, a validator and
 * documentation. `parse` turns raw string maps into typed values (throwing on the first problem);
 * `validate` reports every problem per key, which powers `/connector-plugins/{p}/config/validate`.
 */
import { ConfigError } from './errors.js';

export const ConfigType = {
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  INT: 'INT',
  SHORT: 'SHORT',
  LONG: 'LONG',
  DOUBLE: 'DOUBLE',
  LIST: 'LIST',
  CLASS: 'CLASS',
  PASSWORD: 'PASSWORD',
} as const;
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType];

export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const;
export type Importance = (typeof Importance)[keyof typeof Importance];

export const Width = { NONE: 'NONE', SHORT: 'SHORT', MEDIUM: 'MEDIUM', LONG: 'LONG' } as const;
export type Width = (typeof Width)[keyof typeof Width];

/** Marks a key without a default: it is then required. */
export const NO_DEFAULT: unique symbol = Symbol('NO_DEFAULT');

/** Checks a parsed value; throws `ConfigError` (use `ConfigError.invalidValue`) when it is not acceptable. */
export type Validator = (name: string, value: unknown) => void;

/** Suggests values for a key given the other parsed values (Connect's `Recommender`). */
export interface Recommender {
  validValues(name: string, parsed: ReadonlyMap<string, unknown>): unknown[];
  visible(name: string, parsed: ReadonlyMap<string, unknown>): boolean;
}

export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly defaultValue: unknown | typeof NO_DEFAULT;
  readonly validator?: Validator;
  readonly importance: Importance;
  readonly documentation: string;
  readonly group?: string;
  readonly orderInGroup?: number;
  readonly width?: Width;
  readonly displayName?: string;
  readonly dependents?: readonly string[];
  readonly recommender?: Recommender;
}

/** The per-key result of `ConfigDef.validate` (Kafka's `ConfigValue`). */
export interface ConfigValue {
  name: string;
  value: unknown;
  recommendedValues: unknown[];
  errors: string[];
  visible: boolean;
}

export type ConfigKeyInput = Omit<ConfigKey, 'defaultValue'> & { defaultValue?: unknown | typeof NO_DEFAULT };

export class ConfigDef {
  private readonly keys = new Map<string, ConfigKey>();

  /** Declares a key; a key without `defaultValue` is required. Names are unique. */
  define(key: ConfigKeyInput): this {
    if (this.keys.has(key.name)) throw new ConfigError(`Configuration ${key.name} is defined twice.`);
    const defaultValue = 'defaultValue' in key ? key.defaultValue : NO_DEFAULT;
    const normalized =
      defaultValue === NO_DEFAULT || defaultValue === null ? defaultValue : parseType(key.name, defaultValue, key.type);
    this.keys.set(key.name, { ...key, defaultValue: normalized });
    return this;
  }

  /** Adds every key of `other` not already defined here (Connect's framework keys after a plugin's own). */
  merge(other: ConfigDef): this {
    for (const key of other.configKeys()) if (!this.keys.has(key.name)) this.keys.set(key.name, key);
    return this;
  }

  configKeys(): ConfigKey[] {
    return [...this.keys.values()];
  }

  names(): string[] {
    return [...this.keys.keys()];
  }

  key(name: string): ConfigKey | undefined {
    return this.keys.get(name);
  }

  groups(): string[] {
    const groups: string[] = [];
    for (const key of this.keys.values())
      if (key.group !== undefined && !groups.includes(key.group)) groups.push(key.group);
    return groups;
  }

  /** Typed values for every declared key; throws `ConfigError` on the first missing or invalid one. */
  parse(props: Readonly<Record<string, unknown>>): Map<string, unknown> {
    const values = new Map<string, unknown>();
    for (const key of this.keys.values())
      values.set(key.name, this.parseValue(key, props[key.name], props[key.name] !== undefined));
    return values;
  }

  /** Per-key results for every declared key, collecting all errors instead of throwing. */
  validate(props: Readonly<Record<string, unknown>>): ConfigValue[] {
    const parsed = new Map<string, unknown>();
    const results = new Map<string, ConfigValue>();
    for (const key of this.keys.values()) {
      const raw = props[key.name];
      const result: ConfigValue = {
        name: key.name,
        value: raw ?? null,
        recommendedValues: [],
        errors: [],
        visible: true,
      };
      try {
        const value = this.parseValue(key, raw, raw !== undefined);
        parsed.set(key.name, value);
        result.value = value;
      } catch (error) {
        result.errors.push(error instanceof Error ? error.message : String(error));
      }
      results.set(key.name, result);
    }
    for (const key of this.keys.values()) {
      if (key.recommender === undefined) continue;
      const result = results.get(key.name);
      if (result === undefined) continue;
      result.recommendedValues = key.recommender.validValues(key.name, parsed);
      result.visible = key.recommender.visible(key.name, parsed);
    }
    return [...results.values()];
  }

  private parseValue(key: ConfigKey, raw: unknown, isSet: boolean): unknown {
    let value: unknown;
    if (isSet) {
      value = parseType(key.name, raw, key.type);
    } else if (key.defaultValue === NO_DEFAULT) {
      throw new ConfigError(`Missing required configuration "${key.name}" which has no default value.`);
    } else {
      value = key.defaultValue;
    }
    if (key.validator !== undefined) key.validator(key.name, value);
    return value;
  }
}

/** Converts a raw value (usually a string) to the key's type, with Kafka's error messages. */
export function parseType(name: string, raw: unknown, type: ConfigType): unknown {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (type) {
    case ConfigType.BOOLEAN:
      if (typeof text === 'boolean') return text;
      if (typeof text === 'string' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
      throw ConfigError.invalidValue(name, raw, 'Expected value to be either true or false');
    case ConfigType.STRING:
    case ConfigType.CLASS:
      // Kafka trims string values before validating them.
      if (typeof raw === 'string') return raw.trim();
      throw ConfigError.invalidValue(name, raw, `Expected value to be a string, but it was a ${javaType(raw)}`);
    case ConfigType.PASSWORD:
      if (typeof raw === 'string') return raw;
      throw ConfigError.invalidValue(name, raw, 'Expected value to be a string, but it was a ' + javaType(raw));
    case ConfigType.INT:
    case ConfigType.SHORT:
    case ConfigType.LONG:
      return parseInteger(name, raw, text, type);
    case ConfigType.DOUBLE: {
      const n = typeof text === 'number' ? text : Number(text);
      if (typeof text === 'string' && text !== '' && Number.isFinite(n)) return n;
      if (typeof text === 'number') return n;
      throw ConfigError.invalidValue(name, raw, 'Not a number of type DOUBLE');
    }
    case ConfigType.LIST:
      if (Array.isArray(raw)) return raw.map(String);
      if (typeof text === 'string') return text === '' ? [] : text.split(/\s*,\s*/);
      throw ConfigError.invalidValue(name, raw, 'Expected a comma separated list.');
  }
}

const INTEGER_RANGES = {
  SHORT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const;

function parseInteger(name: string, raw: unknown, text: unknown, type: 'INT' | 'SHORT' | 'LONG'): number {
  const [min, max] = INTEGER_RANGES[type];
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw ConfigError.invalidValue(name, raw, `Not a number of type ${type}`);
  return n;
}

function javaType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  return typeof value;
}

/** The stock validators of Kafka's ConfigDef, with its messages. */
export const Validators = {
  atLeast(min: number): Validator {
    return (name, value) => {
      if (value === null) throw ConfigError.invalidValue(name, value, 'Value must be non-null');
      if (typeof value === 'number' && value < min)
        throw ConfigError.invalidValue(name, value, `Value must be at least ${min}`);
    };
  },
  between(min: number, max: number): Validator {
    return (name, value) => {
      if (value === null) throw ConfigError.invalidValue(name, value, 'Value must be non-null');
      if (typeof value === 'number' && value < min)
        throw ConfigError.invalidValue(name, value, `Value must be at least ${min}`);
      if (typeof value === 'number' && value > max)
        throw ConfigError.invalidValue(name, value, `Value must be no more than ${max}`);
    };
  },
  /** One of the given strings; `caseInsensitive` compares lower-cased. */
  in(allowed: readonly string[], caseInsensitive = false): Validator {
    return (name, value) => {
      if (value === null) return;
      const s = String(value);
      const ok = caseInsensitive ? allowed.some((a) => a.toLowerCase() === s.toLowerCase()) : allowed.includes(s);
      if (!ok)
        throw ConfigError.invalidValue(
          name,
          value,
          `String must be one of${caseInsensitive ? ' (case insensitive)' : ''}: ${allowed.join(', ')}`,
        );
    };
  },
  /** Kafka's NonEmptyString: null passes (a null default), '' does not. */
  nonEmptyString(): Validator {
    return (name, value) => {
      if (value === '') throw ConfigError.invalidValue(name, value, 'String must be non-empty');
    };
  },
  /** Kafka's NonEmptyStringWithoutControlChars: null passes (a null default). */
  nonEmptyStringWithoutControlChars(): Validator {
    return (name, value) => {
      if (value === null) return;
      if (value === '') throw ConfigError.invalidValue(name, value, 'String may not be empty');
      const controls = [...String(value)]
        .map((c) => c.codePointAt(0) ?? 0)
        .filter((c) => c < 0x20 || (c >= 0x7f && c <= 0x9f));
      if (controls.length > 0) {
        throw ConfigError.invalidValue(
          name,
          value,
          `String may not contain control sequences but had the following ASCII chars: ${controls.join(', ')}`,
        );
      }
    };
  },
  /** Every element of a list is unique (Kafka's `ConfigDef.ListSize`/duplicate alias check). */
  uniqueList(message = 'Duplicate alias provided.'): Validator {
    return (name, value) => {
      if (Array.isArray(value) && new Set(value).size !== value.length)
        throw ConfigError.invalidValue(name, value.join(','), message);
    };
  },
} as const;
