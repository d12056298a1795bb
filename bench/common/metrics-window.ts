import type { Stack } from './stack.js';

/** Each service process's /metrics text, by process name; a process that did not answer is left out. */
export type MetricsTexts = ReadonlyMap<string, string>;

/** What every process's /metrics said at a measured window's start and at its end. */
export interface MetricsReadings {
  /** Every process whose /metrics was asked for. */
  names: readonly string[];
  start: MetricsTexts;
  end: MetricsTexts;
}

export interface MetricsWindow {
  /**
   * The window starts: every process's /metrics is read – which also empties its event-loop
   * histogram, as prom-client resets it on each scrape, so the end's delays are the window's.
   */
  begin(): void;
  /** The window ends: every process's /metrics is read again, and both readings answered. */
  end(): Promise<MetricsReadings>;
}

async function scrape(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

async function readAll(targets: NonNullable<Stack['metricsUrls']>): Promise<MetricsTexts> {
  const texts = await Promise.all(targets.map(async ({ name, url }) => [name, await scrape(url)] as const));
  return new Map(texts.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
}

/**
 * Reads each service process's /metrics once as a measured window begins (a second before it
 * opens: ClosedLoopOptions.onWindowAhead) and once at its end, for every meter that reads them
 * (the event-loop delays, a turn's parts). Undefined for a stack without metrics addresses (the
 * one-process mode shares one registry among every service).
 */
export function metricsWindowFor(stack: Stack): MetricsWindow | undefined {
  const targets = stack.metricsUrls;
  if (!targets || targets.length === 0) return undefined;
  const names = targets.map((target) => target.name);
  let start: Promise<MetricsTexts> = Promise.resolve(new Map());
  return {
    begin() {
      start = readAll(targets);
    },
    async end() {
      const end = readAll(targets);
      return { names, start: await start, end: await end };
    },
  };
}
