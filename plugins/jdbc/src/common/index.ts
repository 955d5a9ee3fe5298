export * from './connection-config.js';
export * from './connection-url.js';
export * from './errors.js';
export * from './identifiers.js';
export * from './pool-registry.js';
