export * from './config-infos.js';
export * from './connector-config-def.js';
export * from './errors.js';
export * from './herder.js';
export * from './plugin-catalog.js';
export * from './validate-connector.js';
export * from './views.js';
