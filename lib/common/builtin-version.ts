/**
 * The version every built-in plugin reports: the Apache Kafka release whose Connect behaviour they mirror.
 * A leaf module so converters, connectors and transforms can import it without importing the registry.
 */
export const BUILTIN_PLUGIN_VERSION = '4.3.1';
