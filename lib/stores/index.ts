export * from './canonical-json.js';
export * from './errors.js';
export * from './model.js';
export * from './ports.js';
export * from './tables.js';
