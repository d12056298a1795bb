import { describe, expect, it } from 'vitest';
import { runSoakBench } from '../soak/bench.js';
import { formatSoak } from '../soak/main.js';

const SERVICES = ['gateway', 'links', 'sessions', 'agent-runner'];

describe('npm run bench -- soak', () => {
  it('runs the mixed load for 12 s at 2 turns/s on the real stack: every service process sampled every 3 s, no 5xx, no timeouts', async () => {
    const log: string[] = [];
    const report = await runSoakBench({ minutes: 0.2, sampleSeconds: 3, rate: 2, runtime: 'tsx', log: (line) => log.push(line) });
    const context = `${log.join('\n')}\n${formatSoak(report, '(not written)')}`;

    expect(report.processes.map((process) => process.name)).toEqual(SERVICES);
    for (const { samples } of report.processes) {
      // Before the load, then at 3, 6, 9 and 12 s.
      expect(samples, context).toHaveLength(5);
      expect(samples[0]?.atS).toBe(0);
      expect(samples.at(-1)?.atS).toBeGreaterThan(11.5);
      for (const sample of samples) {
        expect(sample.rssBytes).toBeGreaterThan(sample.heapUsedBytes);
        expect(sample.heapUsedBytes).toBeGreaterThan(1024 * 1024);
      }
    }
    expect(report.verdicts.map((verdict) => [verdict.process, verdict.warmUpAtS > 0])).toEqual(SERVICES.map((name) => [name, true]));
    expect(report.errors.serverErrors, context).toBe(0);
    expect(report.errors.timeouts, context).toBe(0);
    // Every kind of traffic ran: both kinds of turns, a visitor's file, the first visitor's escalation, the fuzzer.
    expect(report.traffic.apiTurns, context).toBeGreaterThan(0);
    expect(report.traffic.publicTurns, context).toBeGreaterThan(0);
    expect(report.traffic.requests.upload, context).toBeGreaterThan(0);
    expect(report.traffic.escalationsAnswered, context).toBeGreaterThan(0);
    expect(report.traffic.fuzzRequests, context).toBeGreaterThan(0);
  }, 90_000);
});
