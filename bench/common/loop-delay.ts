import type { MetricsReadings } from './metrics-window.js';

/**
 * How often each service samples its event loop (prom-client's default metrics, libs/service
 * metrics.ts): a sample reads this interval plus how late it came, so a delay here is what a
 * sample read past it.
 */
const SAMPLING_MS = 10;

/** How late a process's event loop ran a callback that was due, in ms, during a measured window. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * The event-loop delay of each service process over a measured window, from its /metrics at the
 * window's end (`nodejs_eventloop_lag_*`, emptied by the read at its start: MetricsWindow): how
 * long work that was ready waited for the process's one thread – for the CPU, or behind the
 * callbacks ahead of it. A process that did not answer is left out.
 */
export function loopDelaysOf(readings: MetricsReadings): Record<string, LoopDelay> {
  const delays: Record<string, LoopDelay> = {};
  for (const [name, text] of readings.end) {
    const delay = parseLoopDelay(text);
    if (delay) delays[name] = delay;
  }
  return delays;
}

/** The delays a /metrics text gives, past the sampling interval; undefined when it gives none. */
export function parseLoopDelay(text: string | undefined): LoopDelay | undefined {
  if (text === undefined) return undefined;
  const value = (name: string): number | undefined => {
    const match = new RegExp(`^nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
    return match ? Math.max(0, Number(match[1]) * 1000 - SAMPLING_MS) : undefined;
  };
  const [p50, p99, max] = [value('p50'), value('p99'), value('max')];
  return p50 === undefined || p99 === undefined || max === undefined ? undefined : { p50, p99, max };
}
