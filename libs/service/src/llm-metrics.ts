import { Counter, Histogram, type Registry } from 'prom-client';
import { boundedLabel, metricOnce } from './metrics.js';

/** What @parley/llm reports of each attempt at an LLM call (its LlmAttempt). */
export interface LlmAttemptRecord {
  purpose: string;
  model: string;
  seconds: number;
  error?: string;
  usage?: { input: number; output: number } | undefined;
}

/** Distinct model names kept as labels; agent configs name models, so tenants could make up many. */
const MAX_MODELS = 50;

/**
 * The LLM's Prometheus metrics, handed to createOpenAiLlm as its `metrics`: each attempt's time
 * by model, purpose and outcome, the tokens the server counted, and failures by kind. Per
 * attempt: a call retried after a 429 is a `rate_limited` error and then an `ok` attempt.
 */
export function llmMetrics(registry: Registry): { attempt(record: LlmAttemptRecord): void } {
  const durations = metricOnce(
    registry,
    {
      name: 'parley_llm_request_duration_seconds',
      help: 'Time of each attempt at an LLM call (streamed replies to their last chunk), by model, purpose and outcome',
      labelNames: ['model', 'purpose', 'outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    },
    (config) => new Histogram(config),
  );
  const tokens = metricOnce(
    registry,
    {
      name: 'parley_llm_tokens_total',
      help: 'Tokens of LLM calls as the server counted them: in (the prompt) and out (the completion), by model and purpose',
      labelNames: ['model', 'purpose', 'direction'] as const,
    },
    (config) => new Counter(config),
  );
  const errors = metricOnce(
    registry,
    {
      name: 'parley_llm_errors_total',
      help: 'Failed attempts at an LLM call by model and kind: timeout, rate_limited, server_error, auth, bad_request, connection, other',
      labelNames: ['model', 'purpose', 'kind'] as const,
    },
    (config) => new Counter(config),
  );
  const modelLabel = boundedLabel(MAX_MODELS);
  return {
    attempt(record) {
      const model = modelLabel(record.model);
      const purpose = record.purpose;
      durations.observe({ model, purpose, outcome: record.error === undefined ? 'ok' : 'error' }, record.seconds);
      if (record.error !== undefined) errors.inc({ model, purpose, kind: record.error });
      if (record.usage) {
        tokens.inc({ model, purpose, direction: 'in' }, record.usage.input);
        tokens.inc({ model, purpose, direction: 'out' }, record.usage.output);
      }
    },
  };
}
