// The signed Text Chat API client, for tests and benchmarks elsewhere in the monorepo.
export * from './api-client.js';
export type * from './api-types.js';
