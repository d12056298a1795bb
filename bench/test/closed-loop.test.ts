import { describe, expect, it } from 'vitest';
import { closedLoop } from '../common/closed-loop.js';

/** A lead of the test's own, not the benchmarks' second: the window's order is what is checked. */
const LEAD_MS = 150;

/** A worker whose every request is answered on the next turn of the event loop. */
const instant = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return undefined;
};

describe('the closed loop’s measured window', () => {
  it('takes the readings that hold the services’ loops ahead of the window, so its first turns do not wait behind them', async () => {
    const calls: Array<{ what: string; at: number }> = [];
    const stamp = (what: string) => () => calls.push({ what, at: performance.now() });
    const started = performance.now();
    const result = await closedLoop({
      workers: [instant, instant],
      warmupMs: LEAD_MS + 100,
      durationMs: 100,
      windowLeadMs: LEAD_MS,
      onWindowAhead: stamp('ahead'),
      onWindowStart: stamp('start'),
      onWindowEnd: stamp('end'),
    });
    expect(calls.map((call) => call.what)).toEqual(['ahead', 'start', 'end']);
    const [ahead, start] = calls.map((call) => call.at) as [number, number];
    expect(ahead - started).toBeGreaterThanOrEqual(95);
    // The window opens when the warm-up ends, whenever the readings came: a timer fires late, never
    // early, so on a loaded machine the lead is shorter by how late the readings' timer fired.
    expect(start - started).toBeGreaterThanOrEqual(LEAD_MS + 100 - 5);
    expect(start - ahead).toBeGreaterThanOrEqual(LEAD_MS / 2);
    expect(result.ok).toBeGreaterThan(0);
  });

  it('with a warm-up shorter than the lead, reads ahead at once, still before the window opens', async () => {
    const calls: string[] = [];
    await closedLoop({
      workers: [instant],
      warmupMs: 50,
      durationMs: 50,
      windowLeadMs: LEAD_MS,
      onWindowAhead: () => calls.push('ahead'),
      onWindowStart: () => calls.push('start'),
    });
    expect(calls).toEqual(['ahead', 'start']);
  });
});
