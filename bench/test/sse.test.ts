import { describe, expect, it } from 'vitest';
import { runSseBench } from '../sse/main.js';

describe('npm run bench -- sse', () => {
  it('opens 50 streams over 10 public sessions on the real stack, and every stream gets its session’s event', async () => {
    const log: string[] = [];
    const result = await runSseBench({ connections: 50, sessions: 10, runtime: 'tsx', log: (line) => log.push(line) });

    expect(result.sessions).toBe(10);
    expect(result.sessionsMissed, log.join('\n')).toBe(0);
    expect(result.received, log.join('\n')).toBe(50);
    expect(result.fanOutMs.max).toBeGreaterThanOrEqual(result.fanOutMs.p50);
    expect(result.fanOutMs.max).toBeLessThan(10_000);
    expect(result.rssAfterKiB).toBeGreaterThan(0);
  }, 120_000);
});
