import { type LlmSpan, startLlmSpan } from '@parley/telemetry';
import type { LlmAttemptRecord } from './llm-metrics.js';

/**
 * Each attempt at an LLM call as an OpenTelemetry span (GenAI semantic conventions, see
 * startLlmSpan), started as the attempt starts so that its HTTP request is its child, beside its
 * metrics when there are any: what createOpenAiLlm takes as `metrics`.
 */
export function llmObserver(metrics?: { attempt(record: LlmAttemptRecord): void }): {
  attempt(record: LlmAttemptRecord): void;
  startAttempt(model: string): LlmSpan;
} {
  return {
    attempt: (record) => metrics?.attempt(record),
    startAttempt: startLlmSpan,
  };
}
