/** The version `/connector-plugins` reports for the HTTP sink; kept equal to package.json's (a unit test checks). */
export const PLUGIN_VERSION = '0.1.0';
