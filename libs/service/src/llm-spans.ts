import { recordLlmSpan } from '@parley/telemetry';
import type { LlmAttemptRecord } from './llm-metrics.js';

/**
 * Each attempt at an LLM call as an OpenTelemetry span (GenAI semantic conventions, see
 * recordLlmSpan), beside its metrics when there are any: what createOpenAiLlm takes as `metrics`.
 */
export function llmObserver(metrics?: { attempt(record: LlmAttemptRecord): void }): {
  attempt(record: LlmAttemptRecord & { startedAt?: number | undefined; responseModel?: string | undefined }): void;
} {
  return {
    attempt(record) {
      metrics?.attempt(record);
      // Chat completions only: they say when they started.
      if (record.startedAt !== undefined) recordLlmSpan({ ...record, startedAt: record.startedAt });
    },
  };
}
