/**
 * `/connector-plugins`: listing, per-plugin config definitions, and config validation, answered as
 * Connect's ConnectorPluginsResource answers them.
 */
import { BadRequestError, ConnectRestError, NotFoundRestError } from './errors.js';
import { keyInfo, type ConfigInfos, type ConfigKeyInfo } from './config-infos.js';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from '../common/connector-config-def.js';
import { javaMapString } from './config-infos.js';
import type { ConfigDef } from '../api/config-def.js';
import { versionRequirement, VersionedPluginLoadingError } from '../common/version-range.js';
import type { PluginCatalog, PluginInfo, PluginType } from './plugin-catalog.js';
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
      .map((p) =>
        p.version === 'undefined'
          ? { class: p.className, type: p.type }
          : { class: p.className, type: p.type, version: p.version },
      );
  }

  /**
   * The plugin's own keys; for connectors followed by the framework keys it does not define itself.
   * `version` (KIP-891, a version or a Maven range) selects the installed version whose keys are shown;
   * without it, the latest. An unknown plugin is a 404, a version no installed one matches a 400.
   */
  config(pluginName: string, version?: string): ConfigKeyInfo[] {
    let info: PluginInfo | undefined;
    let def: ConfigDef | undefined;
    try {
      versionRequirement(version);
    } catch (error) {
      throw new BadRequestError(`Invalid version specification: ${version ?? ''}`, { cause: error });
    }
    try {
      info = this.catalog.find(pluginName, { version: version ?? null });
      def =
        info === undefined
          ? undefined
          : this.catalog.configDef(info.className, { version: version ?? null, type: info.type });
    } catch (error) {
      if (error instanceof VersionedPluginLoadingError) throw new BadRequestError(error.message, { cause: error });
      throw error;
    }
    if (info === undefined || def === undefined) throw new NotFoundRestError(`Unknown plugin ${pluginName}.`);
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

export { ConnectRestError };
