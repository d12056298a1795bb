import { metricOnce } from '@parley/service';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { PostResult } from './http-sender.js';

/** How an attempt ended: as its POST did, or `config_error` when it could not be signed, so nothing was sent. */
export type AttemptResult = PostResult | 'config_error';

/** Counts the webhook delivery attempts of this process. */
export interface WebhookMetrics {
  /** `durationMs` null: no request was made (nothing to time). */
  attempted(result: AttemptResult, durationMs: number | null): void;
}

/**
 * `parley_webhook_attempts_total{outcome}` and `parley_webhook_attempt_duration_seconds{outcome}`:
 * each attempt at a webhook delivery by how it ended (http-sender.ts, PostResult; `config_error`
 * counted only, not timed). Labels name the outcome only, never the tenant, webhook or URL.
 */
export function webhookMetrics(registry: Registry): WebhookMetrics {
  const attempts = metricOnce(
    registry,
    {
      name: 'parley_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, http_error, timeout, refused, network_error, config_error',
      labelNames: ['outcome'] as const,
    },
    (config) => new Counter(config),
  );
  const durations = metricOnce(
    registry,
    {
      name: 'parley_webhook_attempt_duration_seconds',
      help: 'Time of a webhook delivery attempt, from resolving the host to the answer’s headers, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    },
    (config) => new Histogram(config),
  );
  return {
    attempted(result, durationMs) {
      attempts.inc({ outcome: result });
      if (durationMs !== null) durations.observe({ outcome: result }, durationMs / 1000);
    },
  };
}
