/**
 * The config every Connect converter shares: `converter.type` (key, value or header), which the framework
 * sets. Mirrors `ConverterConfig`/`ConverterType`.
 */
import { ConfigDef, ConfigType, Importance, Validators } from '../api/index.js';

export const ConverterType = { KEY: 'key', VALUE: 'value', HEADER: 'header' } as const;
export type ConverterType = (typeof ConverterType)[keyof typeof ConverterType];

export const CONVERTER_TYPE_CONFIG = 'converter.type';

/** A new ConfigDef holding only `converter.type`; converters add their own keys to it. */
export function newConverterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: ConfigType.STRING,
    validator: Validators.in([ConverterType.KEY, ConverterType.VALUE, ConverterType.HEADER]),
    importance: Importance.LOW,
    documentation: 'How this converter will be used.',
  });
}

/**
 * The configs a converter parses: `converter.type` forced from `isKey` when called as a key/value
 * converter, defaulted to `header` when called as a header converter without it.
 */
export function withConverterType(
  configs: Readonly<Record<string, string>>,
  isKey: boolean | undefined,
): Record<string, string> {
  if (isKey === undefined) return { [CONVERTER_TYPE_CONFIG]: ConverterType.HEADER, ...configs };
  return { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? ConverterType.KEY : ConverterType.VALUE };
}
