import type { Stack } from './stack.js';

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

interface LoopDelayMeter {
  /** The window starts: each process's histogram is read and so emptied (prom-client resets it on every scrape). */
  begin(): void;
  /** The window ends: each process's delays over it, by process name (a process that did not answer is left out). */
  end(): Promise<Record<string, LoopDelay>>;
}

/**
 * The event-loop delay of each service process over a measured window, read from its /metrics
 * (`nodejs_eventloop_lag_*`): how long work that was ready waited for the process's one thread –
 * for the CPU, or behind the callbacks ahead of it. Undefined for a stack without metrics
 * addresses (the one-process mode shares one loop among every service).
 */
export function loopDelayMeterFor(stack: Stack): LoopDelayMeter | undefined {
  const targets = stack.metricsUrls;
  if (!targets || targets.length === 0) return undefined;
  const scrape = async (url: string): Promise<string | undefined> => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    begin() {
      for (const { url } of targets) void scrape(url);
    },
    async end() {
      const read = await Promise.all(targets.map(async ({ name, url }) => [name, parseLoopDelay(await scrape(url))] as const));
      return Object.fromEntries(read.filter((entry): entry is readonly [string, LoopDelay] => entry[1] !== undefined));
    },
  };
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
