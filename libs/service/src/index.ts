export * from './health-server.js';
export * from './metrics.js';
export * from './process.js';
export * from './standalone.js';
