/**
 * What the control plane needs from the plugin registry. `lib/plugins` provides the implementation;
 * the herder depends only on this shape.
 */
import type { Connector } from '../api/connector.js';
import type { ConfigDef } from '../api/config-def.js';
import type { PluginType } from '../common/plugin-type.js';

export type { PluginType };

export interface PluginInfo {
  readonly className: string;
  readonly type: PluginType;
  readonly version: string;
}

export interface ConnectorPlugin extends PluginInfo {
  readonly type: 'source' | 'sink';
  create(): Connector;
}

/**
 * Which plugin a lookup wants. `version` is a `plugin.version` value (KIP-891): unset, null or `latest`
 * select the latest installed version, a bare version that exact one, a Maven range the latest inside it.
 */
export interface PluginSelector {
  readonly version?: string | null;
  /** Only plugins of this type (JsonConverter is a converter and a header converter). */
  readonly type?: PluginType;
}

/**
 * Lookups that take a version throw `InvalidVersionSpecificationError` (lib/common/version-range.ts) for a
 * value that is no Maven range, and `VersionedPluginLoadingError` when the class is installed but in no
 * version the value selects; both carry Connect's messages.
 */
export interface PluginCatalog {
  /** Resolves `connector.class` (FQCN or alias); throws a `ConnectError` naming the choices when unknown. */
  connector(name: string, version?: string | null): ConnectorPlugin;
  /** The plugin (any type) by FQCN or alias, or undefined. */
  find(name: string, selector?: PluginSelector): PluginInfo | undefined;
  /** The ConfigDef of any plugin by FQCN or alias, or undefined. */
  configDef(name: string, selector?: PluginSelector): ConfigDef | undefined;
  /** Every plugin in Connect's listing order, every installed version its own entry. */
  list(): PluginInfo[];
}
