/**
 * The key, value and header converters of a task: the connector's `*.converter` overrides, else the
 * worker's defaults, each configured with its `<prefix>.*` settings (prefix stripped). A converter that
 * has the optional `initialize` (plugin API 1.2) gets the runtime's context before `configure`; one built
 * against 1.0/1.1 has none and is configured as before.
 */
import type { Converter, ConverterContext } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { DEFAULT_WORKER_PROPERTIES } from '../common/worker-properties.js';
import type { PluginFactory } from './plugin-factory.js';

export { DEFAULT_WORKER_PROPERTIES };

export interface TaskConverters {
  readonly key: Converter;
  readonly value: Converter;
  readonly header: HeaderConverter;
}

export function createConverters(
  plugins: PluginFactory,
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  context?: ConverterContext,
): TaskConverters {
  // `<prefix>.plugin.version` (KIP-891) selects the version, read from where the class came from.
  const pick = (prefix: string): { className: string; version: string | null; settings: Record<string, string> } => {
    const fromConnector = connector[prefix] !== undefined && connector[prefix] !== '';
    const source = fromConnector ? connector : { ...DEFAULT_WORKER_PROPERTIES, ...worker };
    const className = source[prefix] ?? '';
    const settings = subset(source, `${prefix}.`);
    delete settings['plugin.version'];
    return {
      className,
      version: connector[`${prefix}.plugin.version`] ?? source[`${prefix}.plugin.version`] ?? null,
      settings,
    };
  };
  const key = pick('key.converter');
  const value = pick('value.converter');
  const header = pick('header.converter');
  const keyConverter = plugins.converter(key.className, key.version);
  if (context !== undefined) keyConverter.initialize?.(context);
  keyConverter.configure(key.settings, true);
  const valueConverter = plugins.converter(value.className, value.version);
  if (context !== undefined) valueConverter.initialize?.(context);
  valueConverter.configure(value.settings, false);
  const headerConverter = plugins.headerConverter(header.className, header.version);
  if (context !== undefined) headerConverter.initialize?.(context);
  headerConverter.configure(header.settings);
  return { key: keyConverter, value: valueConverter, header: headerConverter };
}

/** The settings under `prefix`, with the prefix removed. */
export function subset(config: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) result[k.slice(prefix.length)] = v;
  return result;
}
