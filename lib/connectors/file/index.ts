export * from './file-access.js';
export * from './file-stream-sink-config.js';
export * from './file-stream-sink-connector.js';
export * from './file-stream-sink-task.js';
export * from './file-stream-source-config.js';
export * from './file-stream-source-connector.js';
export * from './file-stream-source-task.js';
