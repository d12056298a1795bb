import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { metricNames, registeredAs, registeredNames } from './metric-names.js';
import { repoRoot } from './services.js';

// deploy/k8s/overlays/production/prometheus-rules.yaml alerts on what the dashboard shows: every
// rule reads metrics the code registers (or Prometheus's own `up`), holds for a while before it
// fires, and says how bad it is and what to look at.

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const file = parse(readFileSync(join(repoRoot, 'deploy', 'k8s', 'overlays', 'production', 'prometheus-rules.yaml'), 'utf8')) as {
  kind: string;
  spec: { groups: Array<{ name: string; rules: Rule[] }> };
};
const rules = file.spec.groups.flatMap((group) => group.rules);
/** Series Prometheus itself records about each scrape. */
const PROMETHEUS_OWN = new Set(['up']);

describe('the alert rules', () => {
  it('are a PrometheusRule of alerts, each named once, holding before it fires, with a severity, a summary and a description', () => {
    expect(file.kind).toBe('PrometheusRule');
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(rule.alert, rule.expr).toMatch(/^Parley[A-Z]\w+$/);
      expect(rule.for, `${rule.alert} fires only after its condition held`).toMatch(/^\d+[sm]$/);
      expect(['page', 'ticket'], `${rule.alert} severity`).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, `${rule.alert} summary`).toBeTruthy();
      expect(rule.annotations?.description, `${rule.alert} description`).toBeTruthy();
    }
  });

  it('read only metrics the code registers', () => {
    const registered = registeredNames();
    const unknown = rules.flatMap((rule) =>
      metricNames(rule.expr)
        .filter((series) => !PROMETHEUS_OWN.has(series) && registeredAs(series, registered) === undefined)
        .map((series) => `${rule.alert}: ${series}`),
    );
    expect(unknown).toEqual([]);
  });

  it("cover the dashboard's signals: failing and slow turns, the queue, the runners, the gateway, the LLM, deliveries, the database pool and NATS", () => {
    const read = new Set(rules.flatMap((rule) => metricNames(rule.expr)).map((series) => series.replace(/_(bucket|sum|count)$/, '')));
    for (const name of [
      'parley_runner_turns_total',
      'parley_runner_turn_duration_seconds',
      'parley_turn_queue_oldest_seconds',
      'parley_runner_in_flight',
      'parley_http_request_duration_seconds',
      'parley_rate_limit_refusals_total',
      'parley_llm_errors_total',
      'parley_webhook_attempts_total',
      'parley_mail_deliveries_total',
      'parley_db_pool_waiting_clients',
      'parley_nats_connected',
      'up',
    ]) {
      expect(read.has(name), `an alert reads ${name}`).toBe(true);
    }
  });
});
