/** The version `/connector-plugins` reports for this package's classes (kept equal to package.json's). */
export const DYNAMODB_PLUGIN_VERSION = '0.1.0';
