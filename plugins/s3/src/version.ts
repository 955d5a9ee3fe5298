/** The version every class of this plugin reports (kept equal to package.json's). */
export const S3_PLUGIN_VERSION = '0.1.0';
