export { startTracing, stopTracing, type TracingOptions, tracingWanted } from './start-tracing.js';
