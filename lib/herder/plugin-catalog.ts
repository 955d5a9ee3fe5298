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

export interface PluginCatalog {
  /** Resolves `connector.class` (FQCN or alias); throws a `ConnectError` naming the choices when unknown. */
  connector(name: string): ConnectorPlugin;
  /** The plugin (any type) by FQCN or alias, or undefined. */
  find(name: string): PluginInfo | undefined;
  /** The ConfigDef of any plugin by FQCN or alias, or undefined. */
  configDef(name: string): ConfigDef | undefined;
  /** Every plugin in Connect's listing order. */
  list(): PluginInfo[];
}
