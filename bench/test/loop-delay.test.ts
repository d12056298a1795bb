import { createLogger } from '@parley/logger';
import { createMetricsRegistry, startHealthServer } from '@parley/service';
import { describe, expect, it } from 'vitest';
import { loopDelaysOf, parseLoopDelay } from '../common/loop-delay.js';
import { type MetricsWindow, metricsWindowFor } from '../common/metrics-window.js';
import { formatLoopDelays, type RunRecord } from '../common/report.js';
import type { Stack } from '../common/stack.js';

/** Long enough that no descheduling of a loaded machine looks like it. */
const STALL_MS = 600;

/** A stack of one service process that is only its metrics: the meter asks nothing else of it. */
const stackOf = (metricsUrls: Stack['metricsUrls']): Stack => ({ metricsUrls }) as Stack;

describe('event-loop delay of each service over a measured window', () => {
  it('reads a service’s own /metrics: a window in which its loop was held 600 ms says so, and the next window starts afresh', async () => {
    const logger = createLogger({ service: 'bench-test', level: 'silent' });
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', logger, checks: {}, registry: createMetricsRegistry('bench-test') });
    try {
      const metrics = metricsWindowFor(stackOf([{ name: 'svc', url: `http://127.0.0.1:${server.port}/metrics` }]));
      expect(metrics).toBeDefined();
      metrics?.begin();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = performance.now() + STALL_MS;
      while (performance.now() < until) {
        // The thread held, as a long callback holds it.
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      const busy = loopDelaysOf(await (metrics as MetricsWindow).end());
      expect(busy.svc?.max).toBeGreaterThan(STALL_MS * 0.9);
      metrics?.begin();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const quiet = loopDelaysOf(await (metrics as MetricsWindow).end());
      // Read and emptied at its start: the stall before it is not in it. The bound is the
      // stall's, not a quiet loop's: on a loaded machine a 200 ms window may see 100 ms and more
      // of the test's own descheduling.
      expect(quiet.svc?.max).toBeLessThan(STALL_MS * 0.9);
      // A process that does not answer is left out, not a failure.
      const gone = metricsWindowFor(stackOf([{ name: 'gone', url: 'http://127.0.0.1:9/metrics' }]));
      gone?.begin();
      expect(loopDelaysOf(await (gone as MetricsWindow).end())).toEqual({});
    } finally {
      await server.close();
    }
  });

  it('reads nothing for a stack without metrics addresses (the one-process mode)', () => {
    expect(metricsWindowFor(stackOf(undefined))).toBeUndefined();
    expect(metricsWindowFor(stackOf([]))).toBeUndefined();
  });

  it('takes the delay past the 10 ms sampling, and none from a text without it', () => {
    const text = [
      '# HELP nodejs_eventloop_lag_p50_seconds The 50th percentile of the recorded event loop delays.',
      'nodejs_eventloop_lag_p50_seconds{service="sessions"} 0.0106',
      'nodejs_eventloop_lag_p99_seconds{service="sessions"} 0.0214',
      'nodejs_eventloop_lag_max_seconds{service="sessions"} 0.0432',
    ].join('\n');
    const delay = parseLoopDelay(text);
    expect(delay?.p50).toBeCloseTo(0.6, 5);
    expect(delay?.p99).toBeCloseTo(11.4, 5);
    expect(delay?.max).toBeCloseTo(33.2, 5);
    expect(parseLoopDelay('process_cpu_seconds_total 1')).toBeUndefined();
    expect(parseLoopDelay(undefined)).toBeUndefined();
  });

  it('prints one row a run, p50 / p99 / max for each process', () => {
    const run = (agent: string, sessions: number): RunRecord =>
      ({
        mode: 'real',
        agent,
        request: 'turn',
        concurrency: 64,
        loopDelayMs: { gateway: { p50: 1.1, p99: 15.9, max: 49.2 }, sessions: { p50: 0.6, p99: sessions, max: 33.2 } },
      }) as unknown as RunRecord;
    const table = formatLoopDelays([run('static', 11.4), run('llm', 20)]);
    expect(table).toContain('1.1 / 15.9 / 49.2');
    expect(table).toContain('0.6 / 11.4 / 33.2');
    expect(table).toContain('0.6 / 20.0 / 33.2');
    expect(table.split('\n')[0]).toMatch(/mode\s+agent\s+concurrency\s+request\s+gateway\s+sessions/);
    // No run with delays (the one-process mode): no table, and the report prints no heading for it.
    expect(formatLoopDelays([{ ...run('static', 1), loopDelayMs: {} }])).toBe('');
  });
});
