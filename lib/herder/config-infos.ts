/**
 * Connect's `ConfigInfos` JSON: per-key definitions and validation results, as answered by
 * `PUT /connector-plugins/{p}/config/validate` and `GET /connector-plugins/{p}/config`.
 */
import { NO_DEFAULT, type ConfigKey, type ConfigValue } from '../api/config-def.js';
import { javaHashMapString } from './java-hash-map.js';

export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  /** Connect 4.3.1 serializes `orderInGroup` under this name (older versions wrote `order`). */
  order_in_group: number;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

/** Renders a value as Connect does: lists comma-joined, passwords hidden, everything else as a string. */
export function renderValue(value: unknown, type?: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'PASSWORD') return '[hidden]';
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

export function keyInfo(key: ConfigKey): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type,
    required: key.defaultValue === NO_DEFAULT,
    default_value: key.defaultValue === NO_DEFAULT ? null : renderValue(key.defaultValue, key.type),
    importance: key.importance,
    documentation: key.documentation,
    group: key.group ?? null,
    width: key.width ?? 'NONE',
    display_name: key.displayName ?? key.name,
    dependents: [...(key.dependents ?? [])],
    order_in_group: key.orderInGroup ?? -1,
  };
}

export function valueInfo(value: ConfigValue, type?: string): ConfigValueInfo {
  return {
    name: value.name,
    value: renderValue(value.value, type),
    recommended_values: value.recommendedValues.map((v) => renderValue(v) ?? ''),
    errors: [...value.errors],
    visible: value.visible,
  };
}

/** Connect's 400 message for an invalid connector config (header, one line per error, fixed footer). */
export function invalidConfigMessage(infos: ConfigInfos): string {
  const lines = infos.configs.flatMap((c) => c.value.errors);
  return [
    `Connector configuration is invalid and contains the following ${infos.error_count} error(s):`,
    ...lines,
    'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
  ].join('\n');
}

/** Java's `Map.toString()` of Connect's copy of the config: `{k1=v1, k2=v2}` in `HashMap` order. */
export function javaMapString(map: Readonly<Record<string, unknown>>): string {
  return javaHashMapString(map);
}
