import { describe, expect, it } from 'vitest';
import { runRevocationBench } from '../revocation/bench.js';
import { formatKinds, parseOptions } from '../revocation/main.js';

describe('npm run bench -- revocation', () => {
  it('revokes an API key, a Text Chat API secret and a console session on one gateway, and the other refuses each within 5 s', async () => {
    const log: string[] = [];
    const report = await runRevocationBench({ rounds: 3, runtime: 'tsx', log: (line) => log.push(line) });
    const why = log.join('\n');
    expect(report.kinds.map((k) => k.kind)).toEqual(['api-key', 'chat-secret', 'console-session']);
    for (const k of report.kinds) {
      expect(k.rounds, why).toHaveLength(3);
      for (const round of k.rounds) {
        expect(round.refusedMs, `${k.kind} round ${round.round}\n${why}`).not.toBeNull();
        expect(round.refusedMs).toBeLessThan(5_000);
        expect(round.polls).toBeGreaterThanOrEqual(1);
        expect(round.revokeMs).toBeGreaterThan(0);
      }
      expect(k.refused).toBe(3);
      expect(k.refusedMs.max).toBeGreaterThanOrEqual(k.refusedMs.median);
      expect(k.revokeMs.median).toBeGreaterThan(0);
    }
    expect(formatKinds(report.kinds, true)).toContain('| API key');
  }, 180_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toEqual({ rounds: 30, runtime: 'bundle' });
    expect(parseOptions(['--rounds', '5', '--runtime', 'tsx'])).toEqual({ rounds: 5, runtime: 'tsx' });
    expect(parseOptions(['--help'])).toBe('help');
    expect(() => parseOptions(['--rounds', '0'])).toThrow(/--rounds/);
    expect(() => parseOptions(['--rounds', '2.5'])).toThrow(/--rounds/);
    expect(() => parseOptions(['--runtime', 'deno'])).toThrow(/--runtime/);
    expect(() => parseOptions(['--duration', '5'])).toThrow(/duration/);
  });
});
