export * from './has-header-key.js';
export * from './record-is-tombstone.js';
export * from './topic-name-matches.js';
