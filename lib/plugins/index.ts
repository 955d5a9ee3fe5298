export * from './builtin-version.js';
export * from './default-registry.js';
export * from './errors.js';
export * from './plugin-desc.js';
export * from './plugin-registry.js';
export * from './plugin-type.js';
export * from './suggest.js';
export * from './register-plugin.js';
