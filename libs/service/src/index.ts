export * from './health-server.js';
export * from './metrics.js';
export * from './process.js';
export * from './standalone.js';
export * from './bus-metrics.js';
export * from './llm-metrics.js';
export * from './mail-metrics.js';
export * from './pool-metrics.js';
