/** The package version, reported by the connector, its tasks and the plugin manifest (one source: package.json). */
import pkg from '../package.json' with { type: 'json' };

export const DATAGEN_VERSION: string = pkg.version;
