import { createLogger } from '@parley/logger';
import { createMetricsRegistry, startHealthServer } from '@parley/service';
import { Histogram } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { type MetricsWindow, metricsWindowFor } from '../common/metrics-window.js';
import { formatTurnTimes, type RunRecord } from '../common/report.js';
import type { Stack } from '../common/stack.js';
import { histogramTotals, turnTimeOf } from '../common/turn-time.js';

/** A stack whose services are only their metrics: the meter asks nothing else of it. */
const stackOf = (metricsUrls: Stack['metricsUrls']): Stack => ({ metricsUrls }) as Stack;

const TURN_ROUTE = '/api/chat/sessions/:session_id/messages';

describe('where a turn’s time went, from the services’ histograms', () => {
  it('sums a histogram’s series that match, and only its own lines', () => {
    const text = [
      `parley_http_request_duration_seconds_sum{method="POST",route="${TURN_ROUTE}",status="200"} 1.5`,
      `parley_http_request_duration_seconds_count{method="POST",route="${TURN_ROUTE}",status="200"} 100`,
      `parley_http_request_duration_seconds_sum{method="POST",route="${TURN_ROUTE}",status="409"} 9`,
      `parley_http_request_duration_seconds_count{method="POST",route="${TURN_ROUTE}",status="409"} 3`,
      'parley_http_request_duration_seconds_bucket{le="0.1"} 100',
      'parley_sessions_turn_commit_seconds_sum 0.25',
      'parley_sessions_turn_commit_seconds_count 50',
    ].join('\n');
    expect(histogramTotals(text, 'parley_http_request_duration_seconds', (labels) => labels.includes('status="200"'))).toEqual({ seconds: 1.5, count: 100 });
    expect(histogramTotals(text, 'parley_http_request_duration_seconds')).toEqual({ seconds: 10.5, count: 103 });
    expect(histogramTotals(text, 'parley_sessions_turn_commit_seconds')).toEqual({ seconds: 0.25, count: 50 });
    expect(histogramTotals(text, 'parley_sessions_turn_commit_wait_seconds')).toEqual({ seconds: 0, count: 0 });
  });

  it('reads each part’s mean per turn over a window from the processes’ /metrics, what came before it left out', async () => {
    const logger = createLogger({ service: 'bench-test', level: 'silent' });
    const servers: Array<{ port: number; close(): Promise<void> }> = [];
    try {
      const gatewayRegistry = createMetricsRegistry('gateway', { defaultMetrics: false });
      const sessionsRegistry = createMetricsRegistry('sessions', { defaultMetrics: false });
      const histogram = (name: string, registry: typeof gatewayRegistry, labelNames: string[] = []) =>
        new Histogram({ name, help: name, labelNames, registers: [registry] });
      const requests = histogram('parley_http_request_duration_seconds', gatewayRegistry, ['method', 'route', 'status']);
      const claims = histogram('parley_signature_claim_duration_seconds', gatewayRegistry);
      const waits = histogram('parley_sessions_turn_commit_wait_seconds', sessionsRegistry);
      const commits = histogram('parley_sessions_turn_commit_seconds', sessionsRegistry);
      for (const registry of [gatewayRegistry, sessionsRegistry]) {
        servers.push(await startHealthServer({ port: 0, host: '127.0.0.1', logger, checks: {}, registry }));
      }
      const turn = { method: 'POST', route: TURN_ROUTE, status: '200' };
      // Before the window: not in its figures.
      requests.observe(turn, 5);
      waits.observe(5);
      const metrics = metricsWindowFor(stackOf(servers.map((server, i) => ({ name: `svc${i}`, url: `http://127.0.0.1:${server.port}/metrics` }))));
      metrics?.begin();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const seconds of [0.01, 0.03]) {
        requests.observe(turn, seconds);
        claims.observe(0.001);
        waits.observe(0.002);
        commits.observe(seconds / 2);
      }
      // Another route's requests are not a turn's.
      requests.observe({ method: 'GET', route: '/api/chat/sessions/:session_id', status: '200' }, 1);
      const readings = await (metrics as MetricsWindow).end();
      const parts = turnTimeOf(readings);
      expect(parts?.gatewayMs).toBeCloseTo(20, 6);
      expect(parts?.claimMs).toBeCloseTo(1, 6);
      expect(parts?.commitWaitMs).toBeCloseTo(2, 6);
      expect(parts?.commitMs).toBeCloseTo(10, 6);
      expect(parts?.llmMs).toBe(0);
      // A process that does not answer: no figures for the window, not a failure.
      const gone = metricsWindowFor(
        stackOf([
          ...readings.names.map((name, i) => ({ name, url: `http://127.0.0.1:${servers[i]?.port}/metrics` })),
          { name: 'gone', url: 'http://127.0.0.1:9/metrics' },
        ]),
      );
      gone?.begin();
      expect(turnTimeOf(await (gone as MetricsWindow).end())).toBeUndefined();
    } finally {
      for (const server of servers) await server.close();
    }
  });

  it('prints each run’s parts with what is left of the gateway’s time and of the client’s', () => {
    const run = {
      mode: 'real',
      agent: 'static',
      request: 'turn',
      concurrency: 64,
      latencyMs: { p50: 30, p90: 40, p99: 60, max: 90, mean: 34 },
      turnTime: { gatewayMs: 26, claimMs: 4, commitWaitMs: 2.5, commitMs: 11, llmMs: 0 },
    } as unknown as RunRecord;
    const [header, , row] = formatTurnTimes([run]).split('\n');
    expect(header).toMatch(
      /mode\s+agent\s+concurrency\s+client\s+gateway\s+signature claim\s+commit wait\s+commit\s+LLM calls\s+rest in gateway\s+outside gateway/,
    );
    expect(row?.trim().split(/\s+/)).toEqual(['real', 'static', '64', '34.00', '26.00', '4.00', '2.50', '11.00', '0.00', '8.50', '8.00']);
    expect(formatTurnTimes([{ ...run, turnTime: undefined }])).toBe('');
  });
});
