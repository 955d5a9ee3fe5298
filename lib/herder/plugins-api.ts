/**
 * `/connector-plugins`: listing, per-plugin config definitions, and config validation, answered as
 * Connect's ConnectorPluginsResource answers them.
 */
import { BadRequestError, ConnectRestError, NotFoundRestError } from './errors.js';
import { keyInfo, type ConfigInfos, type ConfigKeyInfo } from './config-infos.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from '../common/connector-config-def.js';
import { javaMapString } from './config-infos.js';
import type { PluginCatalog, PluginType } from './plugin-catalog.js';
import { validateConnectorConfig } from './validate-connector.js';

export interface PluginListing {
  class: string;
  type: PluginType;
  version?: string;
}

export class PluginsApi {
  constructor(private readonly catalog: PluginCatalog) {}

  list(connectorsOnly: boolean): PluginListing[] {
    return this.catalog
      .list()
      .filter((p) => !connectorsOnly || p.type === 'source' || p.type === 'sink')
      .map((p) => (p.version === 'undefined' ? { class: p.className, type: p.type } : { class: p.className, type: p.type, version: p.version }));
  }

  /**
   * The plugin's own keys; for connectors followed by the framework keys it does not define itself.
   * `version` (KIP-891) must name the one version each built-in plugin has.
   */
  config(pluginName: string, version?: string): ConfigKeyInfo[] {
    const info = this.catalog.find(pluginName);
    const def = this.catalog.configDef(pluginName);
    if (info === undefined || def === undefined) throw new NotFoundRestError(`Unknown plugin ${pluginName}.`);
    if (version !== undefined && version !== info.version) {
      throw new BadRequestError(`Plugin ${info.className} not found that matches the version range ${versionRange(version)}, available versions: [${info.version}]`);
    }
    if (info.type === 'sink' || info.type === 'source') {
      const options = { pluginVersion: info.version === 'undefined' ? null : info.version };
      const framework = info.type === 'sink' ? sinkConnectorConfigDef(options) : sourceConnectorConfigDef(options);
      return [...def.configKeys(), ...framework.configKeys().filter((k) => def.key(k.name) === undefined)].map(keyInfo);
    }
    return def.configKeys().map(keyInfo);
  }

  /** `PUT /connector-plugins/{p}/config/validate`: 200 with ConfigInfos even when there are errors. */
  validate(pluginName: string, body: Record<string, string>): ConfigInfos {
    const connectorClass = body['connector.class'];
    if (connectorClass === undefined || connectorClass === null) {
      // Connect answers 500 here (an unwrapped ExecutionException); a missing key is the client's mistake.
      throw new BadRequestError(`Connector config ${javaMapString(body)} contains no connector type`);
    }
    const strip = (s: string): string => (s.endsWith('Connector') ? s.slice(0, -'Connector'.length) : s);
    if (!strip(connectorClass).endsWith(strip(pluginName))) {
      throw new BadRequestError(`Included connector type ${connectorClass} does not match request type ${pluginName}`);
    }
    return validateConnectorConfig(this.catalog, body, { namesException: true }).infos;
  }
}

/** A bare version is the exact range `[v,v]`, as Maven's (and so Connect's) range syntax reads it. */
function versionRange(version: string): string {
  return /^[[(]/.test(version) ? version : `[${version},${version}]`;
}

export { ConnectRestError };
