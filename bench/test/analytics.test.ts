import { describe, expect, it } from 'vitest';
import { runAnalyticsBench } from '../analytics/bench.js';
import { parseOptions } from '../analytics/main.js';

describe('npm run bench -- analytics', () => {
  it('seeds a link, asks its analytics and feeds the consumer on the real stack, answering every seeded message', async () => {
    const log: string[] = [];
    const report = await runAnalyticsBench({ runtime: 'bundle', messages: 20_000, days: 3, queries: 10, events: 500, log: (line) => log.push(line) });
    expect(report.query.answeredMessages, log.join('\n')).toBe(20_000);
    expect(report.query.latencyMs.p99).toBeGreaterThanOrEqual(report.query.latencyMs.p50);
    expect(report.consumer.appliedPerSecond).toBeGreaterThan(0);
    expect(report.targets.map((t) => t.name)).toHaveLength(2);
  }, 120_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toMatchObject({ runtime: 'bundle', messages: 1_000_000, days: 90, queries: 300, events: 20_000 });
    expect(parseOptions(['--messages', '5000', '--events', '100'])).toMatchObject({ messages: 5_000, events: 100 });
    expect(() => parseOptions(['--messages', '0'])).toThrow(/--messages/);
    expect(() => parseOptions(['--days', '1.5'])).toThrow(/--days/);
    expect(() => parseOptions(['--runtime', 'deno'])).toThrow(/--runtime/);
  });
});
