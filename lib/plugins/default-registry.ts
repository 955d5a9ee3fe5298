/** The registry of every built-in plugin, as a Connect 4.3.1 worker with connect-file on its path sees them. */
import {
  BooleanConverter,
  ByteArrayConverter,
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  JsonConverter,
  LongConverter,
  ShortConverter,
  SimpleHeaderConverter,
  StringConverter,
} from '../converters/index.js';
import { FileStreamSinkConnector, FileStreamSourceConnector } from '../connectors/index.js';
import { Env } from '../config/env.js';
import { BUILTIN_PLUGIN_VERSION } from './builtin-version.js';
import { PluginRegistry } from './plugin-registry.js';
import { PluginType } from './plugin-type.js';
import { BUILTIN_PREDICATES, BUILTIN_TRANSFORMATIONS } from './builtin-transforms.js';

/** Converters that Connect also offers as header converters. */
const DUAL_CONVERTERS = [
  BooleanConverter,
  ByteArrayConverter,
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  JsonConverter,
  LongConverter,
  ShortConverter,
  StringConverter,
] as const;

/**
 * Every built-in. The FileStream connectors are left out when `LC_FILE_STREAM_ENABLED` is `false`: the
 * AWS deployment sets that unless the user opts in, since they touch the function's file system
 * (decision 0008); the local stack keeps them, confined to its allowed directories.
 */
export function createDefaultRegistry(env: NodeJS.ProcessEnv = process.env): PluginRegistry {
  const options = { version: BUILTIN_PLUGIN_VERSION };
  const registry = new PluginRegistry();
  if (env[Env.FILE_STREAM_ENABLED] !== 'false') {
    registry
      .register(PluginType.SOURCE, FileStreamSourceConnector, options)
      .register(PluginType.SINK, FileStreamSinkConnector, options);
  }
  registry.register(PluginType.HEADER_CONVERTER, SimpleHeaderConverter, options);
  for (const converter of DUAL_CONVERTERS) {
    registry
      .register(PluginType.CONVERTER, converter, options)
      .register(PluginType.HEADER_CONVERTER, converter, options);
  }
  for (const transformation of BUILTIN_TRANSFORMATIONS)
    registry.register(PluginType.TRANSFORMATION, transformation, options);
  for (const predicate of BUILTIN_PREDICATES) registry.register(PluginType.PREDICATE, predicate, options);
  return registry;
}
