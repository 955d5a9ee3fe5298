/** The version `/connector-plugins` reports for this package's classes (its package.json version). */
export const JDBC_PLUGIN_VERSION = '0.1.0';
