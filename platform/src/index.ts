export * from './config.js';
export * from './platform.js';
export * from './demo-agent.js';
