/** The version `/connector-plugins` reports for this package's classes (its package.json version). */
export const SCHEMA_REGISTRY_PLUGIN_VERSION = '0.1.0';
