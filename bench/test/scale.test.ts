import { describe, expect, it } from 'vitest';
import { runScaleBench } from '../scale/main.js';

describe('npm run bench -- scale', () => {
  it('steps from 1 to 2 runners on the real stack: turns beyond their room wait in the queue, shown, and none fails', async () => {
    const log: string[] = [];
    const steps = await runScaleBench(
      { runners: [1, 2], layouts: ['single'], sessions: 8, maxInFlight: 2, llmMs: 300, warmupMs: 1_500, durationMs: 2_000, runtime: 'tsx' },
      (line) => log.push(line),
    );
    expect(
      steps.map((step) => [step.layout, step.runners]),
      log.join('\n'),
    ).toEqual([
      ['single', 1],
      ['single', 2],
    ]);
    for (const step of steps) {
      expect(step.measurement.errors, log.join('\n')).toBe(0);
      expect(step.measurement.ok).toBeGreaterThan(0);
    }
    // Eight sessions against room for two (then four) turns: the rest wait, and the metrics say so.
    const [one, two] = steps;
    expect(one?.queueDepth.max).toBeGreaterThanOrEqual(4);
    expect(one?.queueWaitMs.mean).toBeGreaterThan(100);
    expect(two?.queueDepth.max).toBeLessThanOrEqual(6);
  }, 180_000);
});
