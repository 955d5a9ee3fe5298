export * from './assignment.js';
export * from './invocation.js';
export * from './scheduler.js';
export * from './restart-policy.js';
