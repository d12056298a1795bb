import { describe, expect, it } from 'vitest';
import { runWsBench } from '../ws/main.js';

describe('npm run bench -- ws', () => {
  it('opens 50 sockets over 10 public sessions on the real stack, every socket gets its session’s event, and 5 escalations reach the inbox', async () => {
    const log: string[] = [];
    const result = await runWsBench({ connections: 50, sessions: 10, escalations: 5, runtime: 'tsx', log: (line) => log.push(line) });

    expect(result.sessions).toBe(10);
    expect(result.sessionsMissed, log.join('\n')).toBe(0);
    expect(result.received, log.join('\n')).toBe(50);
    expect(result.fanOutMs.max).toBeGreaterThanOrEqual(result.fanOutMs.p50);
    expect(result.fanOutMs.max).toBeLessThan(10_000);
    expect(result.rssAfterKiB).toBeGreaterThan(0);
    expect(result.escalations).toBe(5);
    expect(result.escalationToInboxMs.max).toBeLessThan(5_000);
  }, 120_000);
});
