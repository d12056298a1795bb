import { AppError, type AnalyticsReport } from '@parley/contracts';
import type { AnalyticsRepository, AnalyticsScope, BucketTotals } from './analytics.repository.js';
import { add, quantile, RESPONSE_MS_BOUNDS, SESSION_SECONDS_BOUNDS } from './histogram.js';
import { compareVersions } from './version-comparison.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The widest windows answered: enough for any chart, small enough that a series stays a few thousand points. */
export const MAX_WINDOW_MS = { hour: 31 * DAY_MS, day: 3_660 * DAY_MS } as const;

export interface AnalyticsRequest {
  tenantId: string;
  scope: { kind: 'link'; linkId: string } | { kind: 'agent'; name: string };
  from: string;
  to: string;
  bucket: 'hour' | 'day';
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * A link's or an agent's analytics, from the rollups alone: counters summed per bucket (hour rows,
 * so the window is taken in whole hours), visitors and countries per UTC day (the days the window
 * touches), percentiles from merged fixed-bucket histograms.
 */
export class AnalyticsService {
  constructor(private readonly repository: AnalyticsRepository) {}

  async report(request: AnalyticsRequest): Promise<AnalyticsReport> {
    const from = new Date(request.from);
    const to = new Date(request.to);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
      throw new AppError('invalid', '`from` must come before `to`', { details: [{ path: 'querystring.to', message: 'must be after from' }] });
    }
    if (to.getTime() - from.getTime() > MAX_WINDOW_MS[request.bucket]) {
      throw new AppError('invalid', `a window by ${request.bucket} spans at most ${MAX_WINDOW_MS[request.bucket] / DAY_MS} days`, {
        details: [{ path: 'querystring.from', message: 'window too wide for the bucket' }],
      });
    }
    const scope = await this.scopeOf(request);
    const start = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS);
    const lastDay = utcDay(new Date(to.getTime() - 1));
    // One snapshot: a batch applied between two of the reads would show its sessions without their visitors.
    const { buckets, visitors, countries, versions } = await this.repository.snapshot(async (snapshot) => ({
      buckets: await snapshot.buckets(scope, start, to, request.bucket),
      visitors: await snapshot.visitors(scope, utcDay(start), lastDay),
      countries: await snapshot.countries(scope, utcDay(start), lastDay),
      versions: await snapshot.versions(scope, start, to),
    }));
    const total = sumOf(buckets);
    const messages = total.user + total.assistant + total.operator;
    const ended = total.completed + total.abandoned + total.expired;
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      sessions: {
        started: total.started,
        completed: total.completed,
        abandoned: total.abandoned,
        expired: total.expired,
        escalated: total.escalated,
        resolved: Math.max(0, total.resolved),
      },
      resolution_rate: resolutionRate(total.resolved, ended),
      messages: { user: total.user, assistant: total.assistant, operator: total.operator },
      visitors,
      engagement: {
        avg_messages_per_session: total.started === 0 ? 0 : round(messages / total.started, 2),
        median_session_seconds: quantile(SESSION_SECONDS_BOUNDS, total.session_hist, 0.5),
        completion_rate: ended === 0 ? 0 : round(total.completed / ended, 4),
      },
      response_ms: { p50: quantile(RESPONSE_MS_BOUNDS, total.response_hist, 0.5), p95: quantile(RESPONSE_MS_BOUNDS, total.response_hist, 0.95) },
      countries,
      security_events: {
        rate_limited: total.rate_limited,
        quota_exceeded: total.quota_exceeded,
        forbidden_origin: total.forbidden_origin,
        forbidden_ip: total.forbidden_ip,
        invalid_token: total.invalid_token,
        verification_failed: total.verification_failed,
        passcode_lockout: total.passcode_lockout,
        verification_lockout: total.verification_lockout,
        content_blocked: total.content_blocked,
        content_redacted: total.content_redacted,
        content_flagged: total.content_flagged,
        country: total.country,
        budget_exhausted: total.budget_exhausted,
        challenge_failed: total.challenge_failed,
      },
      tokens: { prompt: total.tokens_prompt, completion: total.tokens_completion },
      sentiment: sentimentOf(total),
      feedback: feedbackOf(total),
      ...compareVersions(versions),
      series: seriesOf(buckets, start, to, request.bucket),
    };
  }

  /** Another tenant's link or agent is not found, never shown. */
  private async scopeOf(request: AnalyticsRequest): Promise<AnalyticsScope> {
    if (request.scope.kind === 'link') {
      const agentId = await this.repository.linkAgent(request.tenantId, request.scope.linkId);
      if (!agentId) throw new AppError('not_found', 'no such link');
      return { kind: 'link', linkId: request.scope.linkId };
    }
    const agentId = await this.repository.agentId(request.tenantId, request.scope.name);
    if (!agentId) throw new AppError('not_found', 'no such agent');
    return { kind: 'agent', agentId };
  }
}

/**
 * Resolved ÷ ended, at most 1 (a conversation resolved by a node or feedback in the window may
 * end after it); 0 when none ended.
 */
export function resolutionRate(resolved: number, ended: number): number {
  return ended <= 0 ? 0 : round(Math.min(1, Math.max(0, resolved) / ended), 4);
}

function sumOf(buckets: BucketTotals[]) {
  const zero = {
    started: 0,
    completed: 0,
    abandoned: 0,
    expired: 0,
    escalated: 0,
    resolved: 0,
    user: 0,
    assistant: 0,
    operator: 0,
    rate_limited: 0,
    quota_exceeded: 0,
    forbidden_origin: 0,
    forbidden_ip: 0,
    invalid_token: 0,
    verification_failed: 0,
    passcode_lockout: 0,
    verification_lockout: 0,
    content_blocked: 0,
    content_redacted: 0,
    content_flagged: 0,
    country: 0,
    budget_exhausted: 0,
    challenge_failed: 0,
    tokens_prompt: 0,
    tokens_completion: 0,
    sentiment_positive: 0,
    sentiment_neutral: 0,
    sentiment_negative: 0,
    sentiment_sum: 0,
    feedback_up: 0,
    feedback_down: 0,
    csat_sum: 0,
    csat_responses: 0,
  };
  let response_hist: number[] = [];
  let session_hist: number[] = [];
  for (const b of buckets) {
    for (const key of Object.keys(zero) as (keyof typeof zero)[]) zero[key] += b[key];
    response_hist = add(response_hist, b.response_hist);
    session_hist = add(session_hist, b.session_hist);
  }
  return { ...zero, response_hist, session_hist };
}

/** Conversations classified in the window by label, and their average score (-1 … 1). */
function sentimentOf(total: { sentiment_positive: number; sentiment_neutral: number; sentiment_negative: number; sentiment_sum: number }) {
  const { sentiment_positive: positive, sentiment_neutral: neutral, sentiment_negative: negative } = total;
  const classified = positive + neutral + negative;
  return { positive, neutral, negative, average: classified === 0 ? null : round(Math.min(1, Math.max(-1, total.sentiment_sum / classified)), 3) };
}

/**
 * The window's feedback. A replacement is taken back from the hour its predecessor was counted
 * in, so a window holding only that hour could sum below zero for a moment (an event applied
 * before the one it replaced): never shown as less than none.
 */
function feedbackOf(total: { feedback_up: number; feedback_down: number; csat_sum: number; csat_responses: number }) {
  const responses = Math.max(0, total.csat_responses);
  return {
    up: Math.max(0, total.feedback_up),
    down: Math.max(0, total.feedback_down),
    csat_avg: responses === 0 ? null : Math.min(5, Math.max(1, round(total.csat_sum / responses, 2))),
    csat_responses: responses,
  };
}

/** Every bucket of the window, the empty ones as zeros (a chart needs them). */
function seriesOf(buckets: BucketTotals[], start: Date, to: Date, bucket: 'hour' | 'day') {
  const width = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const first = Math.floor(start.getTime() / width) * width;
  const found = new Map(buckets.map((b) => [new Date(b.at).getTime(), b]));
  const series: AnalyticsReport['series'] = [];
  for (let at = first; at < to.getTime(); at += width) {
    const b = found.get(at);
    series.push({
      at: new Date(at).toISOString(),
      sessions: b?.started ?? 0,
      messages: b ? b.user + b.assistant + b.operator : 0,
      tokens: b ? b.tokens_prompt + b.tokens_completion : 0,
      ended: b ? b.completed + b.abandoned + b.expired : 0,
      // Net of take-backs, which come off the hour the resolution was counted in: never below 0.
      resolved: b ? Math.max(0, b.resolved) : 0,
      sentiment: b ? sentimentOf(b).average : null,
    });
  }
  return series;
}
