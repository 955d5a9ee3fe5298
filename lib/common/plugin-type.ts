/** Connect's plugin kinds, spelled as `/connector-plugins` prints them (`PluginType.toString()`); the one definition. */
export const PluginType = {
  SOURCE: 'source',
  SINK: 'sink',
  CONVERTER: 'converter',
  HEADER_CONVERTER: 'header_converter',
  TRANSFORMATION: 'transformation',
  PREDICATE: 'predicate',
} as const;
export type PluginType = (typeof PluginType)[keyof typeof PluginType];
