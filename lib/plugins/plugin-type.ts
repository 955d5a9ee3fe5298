/** Connect's plugin kinds, spelled as `/connector-plugins` prints them (`PluginType.toString()`). */
import type {
  ConnectorClass,
  ConverterClass,
  HeaderConverterClass,
  PredicateClass,
  SinkConnector,
  SourceConnector,
  TransformationClass,
} from '../api/index.js';
import { PluginType } from '../common/plugin-type.js';

export { PluginType };

/** The class a plugin of each type is. */
export interface PluginClassByType {
  source: ConnectorClass<SourceConnector>;
  sink: ConnectorClass<SinkConnector>;
  converter: ConverterClass;
  header_converter: HeaderConverterClass;
  transformation: TransformationClass;
  predicate: PredicateClass;
}

/** The order of `GET /connector-plugins?connectorsOnly=false`. */
export const PLUGIN_LISTING_ORDER: readonly PluginType[] = [
  PluginType.SINK,
  PluginType.SOURCE,
  PluginType.TRANSFORMATION,
  PluginType.PREDICATE,
  PluginType.CONVERTER,
  PluginType.HEADER_CONVERTER,
];

/** The Connect interface each type implements, as named in "Failed to find any class that implements …". */
export const PLUGIN_INTERFACE_NAME: Readonly<Record<PluginType, string>> = {
  source: 'SourceConnector',
  sink: 'SinkConnector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

/** The suffix removed from a simple class name to form the short alias (`PluginUtils.prunedName`). */
export const PLUGIN_ALIAS_SUFFIX: Readonly<Record<PluginType, string>> = {
  source: 'Connector',
  sink: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

export function isConnectorType(type: PluginType): type is 'source' | 'sink' {
  return type === PluginType.SOURCE || type === PluginType.SINK;
}
