/** The package version every class of this plugin reports (kept equal to package.json by a unit test). */
export const PLUGIN_VERSION = '0.1.0';
