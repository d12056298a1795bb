import { describe, expect, it } from 'vitest';
import { runLlmFetchBench } from '../llm-fetch/bench.js';
import { parseOptions } from '../llm-fetch/main.js';

describe('npm run bench -- llm-fetch', () => {
  it('measures both fetches for a whole and a streamed reply in every round, against the fake LLM process', async () => {
    const log: string[] = [];
    const report = await runLlmFetchBench({ calls: 40, concurrency: 4, rounds: 2, log: (line) => log.push(line) });
    expect(report.node).toBe(process.version);
    expect(report.samples).toHaveLength(8);
    for (const sample of report.samples) {
      expect(sample.calls).toBe(40);
      expect(sample.cpuUsPerCall, log.join('\n')).toBeGreaterThan(0);
      expect(sample.callsPerSecond).toBeGreaterThan(0);
    }
    expect(report.medians.map((row) => `${row.shape} ${row.variant}`)).toEqual([
      'whole llm-fetch',
      'whole global fetch',
      'streamed llm-fetch',
      'streamed global fetch',
    ]);
    // The order alternates, so neither variant always runs first.
    expect(log.filter((line) => line.startsWith('round 1 whole'))[0]).toContain('llm-fetch');
    expect(log.filter((line) => line.startsWith('round 2 whole'))[0]).toContain('global fetch');
  }, 120_000);

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions([])).toEqual({ calls: 4000, concurrency: 16, rounds: 3 });
    expect(parseOptions(['--calls', '100', '--concurrency', '4', '--rounds', '5'])).toEqual({ calls: 100, concurrency: 4, rounds: 5 });
    expect(parseOptions(['--help'])).toBe('help');
    expect(() => parseOptions(['--calls', '0'])).toThrow(/--calls/);
    expect(() => parseOptions(['--rounds', '1.5'])).toThrow(/--rounds/);
    expect(() => parseOptions(['--duration', '5'])).toThrow(/duration/);
  });
});
