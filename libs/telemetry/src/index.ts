export { type LlmSpan, type LlmSpanOutcome, startLlmSpan } from './llm-span.js';
export { nameServerSpan } from './server-span.js';
export { startTracing, stopTracing, type TracingOptions, tracingWanted } from './start-tracing.js';
