import type { EventHandlerInput } from '@parley/bus';
import { linkClosedReason, type PlatformCatalog, securityEvent } from '@parley/contracts';
import type { AnalyticsCountriesTable, AnalyticsHourlyTable, AnalyticsVisitorsTable } from '@parley/db';
import type { Insertable } from 'kysely';
import { add, RESPONSE_MS_BOUNDS, SESSION_SECONDS_BOUNDS, single } from './histogram.js';

type Payload<N extends keyof PlatformCatalog['events'] & string> = EventHandlerInput<PlatformCatalog, N>;

/** The events analytics counts, tagged with their catalog name. */
export type AnalyticsEvent =
  | { name: 'events.session.created'; event: Payload<'events.session.created'> }
  | { name: 'events.session.ended'; event: Payload<'events.session.ended'> }
  | { name: 'events.message.stored'; event: Payload<'events.message.stored'> }
  | { name: 'events.escalation.created'; event: Payload<'events.escalation.created'> }
  | { name: 'events.security.refused'; event: Payload<'events.security.refused'> & { agentId: string } }
  | { name: 'events.feedback.received'; event: Payload<'events.feedback.received'> }
  | { name: 'events.session.sentiment'; event: Payload<'events.session.sentiment'> }
  | { name: 'events.conversation.resolved'; event: Payload<'events.conversation.resolved'> };

/** Counters of one analytics_hourly row (agent, link, agent version, hour); each batch adds its deltas. */
export type HourlyDelta = Omit<Required<Insertable<AnalyticsHourlyTable>>, 'hour'> & { hour: Date };

type SecurityKind = Payload<'events.security.refused'>['kind'];
/** The refusals analytics_hourly has a column for (`refused_<kind>`). */
type RefusalKind = { [K in SecurityKind]: `refused_${K}` extends keyof HourlyDelta ? K : never }[SecurityKind];

/** One analytics_visitors row as a batch writes it; `day` is the UTC date, `YYYY-MM-DD`. */
export type VisitorRow = Omit<Required<Insertable<AnalyticsVisitorsTable>>, 'day'> & { day: string };

/** One analytics_countries row as a batch writes it; `day` is the UTC date, `YYYY-MM-DD`. */
export type CountryRow = Omit<Required<Insertable<AnalyticsCountriesTable>>, 'day'> & { day: string };

export interface Rollup {
  hourly: HourlyDelta[];
  visitors: VisitorRow[];
  countries: CountryRow[];
}

/**
 * What makes an event applied once: a conversation starts, ends and is first escalated once; a
 * commit's messages have their own ids; a refusal carries its id. A second escalation of the
 * same conversation counts nothing more (sessions.escalated counts conversations).
 */
export function eventKey(e: AnalyticsEvent): string {
  switch (e.name) {
    case 'events.session.created':
      return `sc:${e.event.conversationId}`;
    case 'events.session.ended':
      return `se:${e.event.conversationId}`;
    case 'events.message.stored':
      return `ms:${e.event.messages[0]?.messageId ?? e.event.conversationId}`;
    case 'events.escalation.created':
      return `ec:${e.event.conversationId}`;
    case 'events.security.refused':
      return `sr:${e.event.id}`;
    case 'events.feedback.received':
      return `fb:${e.event.eventId}`;
    case 'events.session.sentiment':
      return `ss:${e.event.conversationId}`;
    case 'events.conversation.resolved':
      return `${e.event.resolved ? 'cr' : 'cu'}:${e.event.conversationId}|${Date.parse(e.event.resolvedAt)}`;
  }
}

const LINK_CLOSED: ReadonlySet<string> = new Set(linkClosedReason.options);
/** The refusals with a column of their own (`refused_<kind>`); a single wrong passcode is counted only once the link's budget is spent. */
const REFUSALS: ReadonlySet<SecurityKind> = new Set(securityEvent.shape.kind.options.filter((kind) => kind !== 'passcode_failed'));
/** Every kind but a single wrong passcode has its column: a kind added without one fails to compile here. */
export const everyRefusalHasAColumn: Exclude<SecurityKind, 'passcode_failed'> extends RefusalKind ? true : never = true;
const isCounted = (kind: SecurityKind): kind is RefusalKind => REFUSALS.has(kind);
const HOUR_MS = 3_600_000;

/** Which outcome a session.ended counts as: completed, expired (its link closed), abandoned (left, timed out, ended by its owner). */
export function outcomeOf(status: string, reason: string | undefined): 'completed' | 'abandoned' | 'expired' | undefined {
  if (status === 'completed') return 'completed';
  if (status !== 'abandoned') return undefined;
  return reason !== undefined && LINK_CLOSED.has(reason) ? 'expired' : 'abandoned';
}

/** Folds a batch of events (each applied for the first time) into row deltas, one per key. */
export function rollUp(events: AnalyticsEvent[]): Rollup {
  const hourly = new Map<string, HourlyDelta>();
  const visitors = new Map<string, VisitorRow>();
  const countries = new Map<string, CountryRow>();
  const row = (tenantId: string, agentId: string, linkId: string | null | undefined, version: number | undefined, at: string): HourlyDelta => {
    const hour = new Date(Math.floor(Date.parse(at) / HOUR_MS) * HOUR_MS);
    const link = linkId ?? '';
    // 0: an event from before versions were sent.
    const agentVersion = version ?? 0;
    const key = `${agentId}|${link}|${String(agentVersion).padStart(10, '0')}|${hour.getTime()}`;
    let found = hourly.get(key);
    if (!found) {
      found = {
        tenant_id: tenantId,
        agent_id: agentId,
        link_id: link,
        agent_version: agentVersion,
        hour,
        sessions_started: 0,
        sessions_resolved: 0,
        sessions_completed: 0,
        sessions_abandoned: 0,
        sessions_expired: 0,
        sessions_escalated: 0,
        messages_user: 0,
        messages_assistant: 0,
        messages_operator: 0,
        refused_rate_limited: 0,
        refused_quota_exceeded: 0,
        refused_forbidden_origin: 0,
        refused_forbidden_ip: 0,
        refused_invalid_token: 0,
        refused_verification_failed: 0,
        refused_passcode_lockout: 0,
        refused_verification_lockout: 0,
        refused_content_blocked: 0,
        refused_content_redacted: 0,
        refused_content_flagged: 0,
        refused_country: 0,
        refused_budget_exhausted: 0,
        refused_challenge_failed: 0,
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
        response_hist: [],
        session_hist: [],
      };
      hourly.set(key, found);
    }
    return found;
  };
  for (const e of events) {
    switch (e.name) {
      case 'events.session.created': {
        const { event } = e;
        row(event.tenantId, event.agentId, event.linkId, event.agentVersion, event.at).sessions_started += 1;
        if (!event.origin) break;
        const day = event.at.slice(0, 10);
        const link = event.linkId ?? '';
        const visitorKey = `${event.agentId}|${link}|${day}|${event.origin.visitorHash}`;
        const seen = visitors.get(visitorKey);
        const verified = event.verified === true;
        if (seen) seen.verified ||= verified;
        else visitors.set(visitorKey, { agent_id: event.agentId, link_id: link, day, visitor_hash: event.origin.visitorHash, verified });
        if (event.origin.country) {
          const countryKey = `${event.agentId}|${link}|${day}|${event.origin.country}`;
          const counted = countries.get(countryKey);
          if (counted) counted.sessions += 1;
          else countries.set(countryKey, { agent_id: event.agentId, link_id: link, day, country: event.origin.country, sessions: 1 });
        }
        break;
      }
      case 'events.session.ended': {
        const { event } = e;
        const outcome = outcomeOf(event.status, event.reason);
        const r = row(event.tenantId, event.agentId, event.linkId, event.agentVersion, event.at);
        if (outcome) r[`sessions_${outcome}`] += 1;
        if (event.startedAt) {
          const seconds = Math.max(0, (Date.parse(event.at) - Date.parse(event.startedAt)) / 1000);
          r.session_hist = add(r.session_hist, single(SESSION_SECONDS_BOUNDS, seconds));
        }
        break;
      }
      case 'events.message.stored': {
        const { event } = e;
        const r = row(event.tenantId, event.agentId, event.linkId, event.agentVersion, event.at);
        for (const m of event.messages) if (m.role !== 'system') r[`messages_${m.role}`] += 1;
        if (event.responseMs !== undefined) r.response_hist = add(r.response_hist, single(RESPONSE_MS_BOUNDS, event.responseMs));
        if (event.usage) {
          r.tokens_prompt += event.usage.prompt;
          r.tokens_completion += event.usage.completion;
        }
        break;
      }
      case 'events.session.sentiment': {
        // Counted in the hour it was classified (moments after the conversation ended).
        const { event } = e;
        const r = row(event.tenantId, event.agentId, event.linkId, event.agentVersion, event.at);
        r[`sentiment_${event.label}`] += 1;
        r.sentiment_sum += event.score;
        break;
      }
      case 'events.escalation.created': {
        const { event } = e;
        row(event.tenantId, event.agentId, event.linkId, event.agentVersion, event.at).sessions_escalated += 1;
        break;
      }
      case 'events.conversation.resolved': {
        // Counted in the hour it was resolved; a take-back subtracts it from that same hour.
        const { event } = e;
        row(event.tenantId, event.agentId, event.linkId, event.agentVersion, event.resolvedAt).sessions_resolved += event.resolved ? 1 : -1;
        break;
      }
      case 'events.security.refused': {
        const { event } = e;
        if (!isCounted(event.kind) || event.tenantId === null) break;
        // A refusal comes before any conversation: no version.
        const r = row(event.tenantId, event.agentId, event.linkId, undefined, event.at);
        // A tallied event stands for its count of alike refusals.
        r[`refused_${event.kind}`] += event.count ?? 1;
        break;
      }
      case 'events.feedback.received': {
        // Counted in the hour it was given; what it replaced is taken back from the hour that was counted in.
        const { event } = e;
        const { feedback } = event;
        const at = (when: string) => row(event.tenantId, event.agentId, event.linkId, event.agentVersion, when);
        if (feedback.kind === 'message') {
          at(event.at)[`feedback_${feedback.rating}`] += 1;
          if (feedback.previous) at(feedback.previous.at)[`feedback_${feedback.previous.rating}`] -= 1;
        } else {
          const r = at(event.at);
          r.csat_sum += feedback.score;
          r.csat_responses += 1;
          if (feedback.previous) {
            const before = at(feedback.previous.at);
            before.csat_sum -= feedback.previous.score;
            before.csat_responses -= 1;
          }
        }
        break;
      }
    }
  }
  // Rows in key order: two batches upserting the same rows lock them in the same order (no deadlock).
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { hourly: byKey(hourly), visitors: byKey(visitors), countries: byKey(countries) };
}
