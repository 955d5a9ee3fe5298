/**
 * The plugin package format: what an npm package that extends lambda-connect exports. Its main module's
 * default export is a {@link PluginManifest}, usually built with {@link definePlugin}; the worker registers
 * every class it lists, with the manifest's version, as Connect registers the classes of a jar on
 * `plugin.path`. See docs/plugins.md.
 */
import type { ConnectorClass } from './connector.js';
import type { SinkConnector } from './sink-connector.js';
import type { SourceConnector } from './source-connector.js';
import type { ConverterClass } from './converter.js';
import type { HeaderConverterClass } from './header-converter.js';
import type { PredicateClass } from './predicate.js';
import type { TransformationClass } from './transformation.js';

export interface PluginManifest {
  /** The npm package name, e.g. `@lambda-connect/datagen`; logged and shown as the plugin's location. */
  readonly name: string;
  /** The version `/connector-plugins` reports for every class the package provides (KIP-891 selects by it). */
  readonly version: string;
  readonly sourceConnectors?: ReadonlyArray<ConnectorClass<SourceConnector>>;
  readonly sinkConnectors?: ReadonlyArray<ConnectorClass<SinkConnector>>;
  readonly converters?: readonly ConverterClass[];
  readonly headerConverters?: readonly HeaderConverterClass[];
  readonly transformations?: readonly TransformationClass[];
  readonly predicates?: readonly PredicateClass[];
}

/** Identity with type checking: `export default definePlugin({ name, version, sinkConnectors: [...] })`. */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest;
}
