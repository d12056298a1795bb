import type { MetricsReadings, MetricsTexts } from './metrics-window.js';

/**
 * Where a turn's time goes over a measured window, as the services' own histograms tell it
 * (means per turn, in ms): the gateway's time for the turn's route, the signature's claim in the
 * nonce store, the wait behind the commit statement under way and the turn's own statement
 * (sessions), and the LLM calls (agent-runner). What is left of the gateway's time is the hops
 * over NATS and each process's own work; what is left of the client's is the HTTP exchange and
 * the load generator.
 */
export interface TurnTime {
  gatewayMs: number;
  claimMs: number;
  commitWaitMs: number;
  commitMs: number;
  /** Time in LLM calls per committed turn (a tool turn makes two); 0 for the static agent. */
  llmMs: number;
}

/** One histogram's sum (seconds) and count over every series whose labels `match` accepts. */
interface Totals {
  seconds: number;
  count: number;
}

/** The route a Text Chat API turn is counted under by the gateway's request durations. */
const TURN_ROUTE = '/api/chat/sessions/:session_id/messages';

/** Sums a histogram's `_sum` and `_count` lines in a /metrics text over the series `match` accepts. */
export function histogramTotals(text: string, name: string, match: (labels: string) => boolean = () => true): Totals {
  const totals = { seconds: 0, count: 0 };
  const line = new RegExp(`^${name}_(sum|count)(?:\\{([^}]*)\\})? ([0-9.e+-]+)$`, 'gm');
  for (const [, part, labels, value] of text.matchAll(line)) {
    if (!match(labels ?? '')) continue;
    if (part === 'sum') totals.seconds += Number(value);
    else totals.count += Number(value);
  }
  return totals;
}

interface Reading {
  gateway: Totals;
  claims: Totals;
  waits: Totals;
  commits: Totals;
  llm: Totals;
}

const turnRoute = (labels: string) => labels.includes(`route="${TURN_ROUTE}"`) && labels.includes('method="POST"') && labels.includes('status="200"');

/** Every process's histograms of a turn's parts, added up (a stack with two sessions replicas has two of each). */
function readingOf(texts: string[]): Reading {
  const sum = (name: string, match?: (labels: string) => boolean): Totals =>
    texts.reduce(
      (all, text) => {
        const one = histogramTotals(text, name, match);
        return { seconds: all.seconds + one.seconds, count: all.count + one.count };
      },
      { seconds: 0, count: 0 },
    );
  return {
    gateway: sum('parley_http_request_duration_seconds', turnRoute),
    claims: sum('parley_signature_claim_duration_seconds'),
    waits: sum('parley_sessions_turn_commit_wait_seconds'),
    commits: sum('parley_sessions_turn_commit_seconds'),
    llm: sum('parley_llm_request_duration_seconds'),
  };
}

const meanMs = (after: Totals, before: Totals, per: number): number => (per > 0 ? ((after.seconds - before.seconds) / per) * 1000 : 0);

/** The parts' means per turn between two readings; undefined when no turn was committed between them. */
function turnTimeBetween(before: Reading, after: Reading): TurnTime | undefined {
  const turns = after.waits.count - before.waits.count;
  const requests = after.gateway.count - before.gateway.count;
  if (turns <= 0 || requests <= 0) return undefined;
  return {
    gatewayMs: meanMs(after.gateway, before.gateway, requests),
    claimMs: meanMs(after.claims, before.claims, after.claims.count - before.claims.count),
    commitWaitMs: meanMs(after.waits, before.waits, turns),
    commitMs: meanMs(after.commits, before.commits, after.commits.count - before.commits.count),
    llmMs: meanMs(after.llm, before.llm, turns),
  };
}

/**
 * A turn's parts over a measured window, from every service's /metrics at its start and end;
 * undefined when a process did not answer either time, or no turn was committed in it.
 */
export function turnTimeOf(readings: MetricsReadings): TurnTime | undefined {
  const texts = (of: MetricsTexts) => readings.names.map((name) => of.get(name));
  const [start, end] = [texts(readings.start), texts(readings.end)];
  if (start.includes(undefined) || end.includes(undefined)) return undefined;
  return turnTimeBetween(readingOf(start as string[]), readingOf(end as string[]));
}
