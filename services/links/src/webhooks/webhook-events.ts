import { createHash } from 'node:crypto';
import type { catalog, EscalationEvent, WebhookEventType } from '@parley/contracts';
import type { z } from 'zod';
import { unlinked } from './payloads.js';

/**
 * What the platform's events become for webhooks. Each webhook event has an id derived from what
 * it is about (`evt_` + a hash of a natural key), so the same happening – redelivered, announced
 * twice – is the same event, and a webhook gets one delivery of it.
 */

/**
 * An event as webhooks send it: the standard payload's `type`, `timestamp`, `data`, and a readable
 * title and sentence (what Slack and Teams show, as plain text). Whatever a visitor wrote goes into
 * the sentence through `unlinked`, so that no web address in it is a link in the tenant's channel.
 */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  tenantId: string;
  /** When it happened (the payload's `timestamp`). */
  occurredAt: string;
  data: Record<string, unknown>;
  title: string;
  text: string;
}

/** Names that make a message readable, looked up only when some webhook wants the event. */
export interface EventNames {
  agentName(agentId: string): Promise<string | null>;
  link(linkId: string): Promise<{ title: string; agentId: string; agentName: string } | null>;
}

/** An event some webhook may want: enough to find the subscribers, and how to build it for them. */
export interface WebhookEventSource {
  type: WebhookEventType;
  tenantId: string;
  build(names: EventNames): Promise<WebhookEvent>;
}

type Payload<N extends keyof typeof catalog.events> = z.output<(typeof catalog.events)[N]['payload']>;

/** One alert per (link, kind, minute): a flood of refusals becomes one message a minute, not thousands. */
export const SECURITY_ALERT_WINDOW_MS = 60_000;

export const webhookEventId = (key: string): string => `evt_${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;

const agentRef = (id: string, name: string | null) => ({ id, name });
const agentLabel = (id: string, name: string | null) => `agent ${name ?? id}`;

export function conversationStarted(event: Payload<'events.session.created'>): WebhookEventSource {
  return {
    type: 'conversation.started',
    tenantId: event.tenantId,
    build: async (names) => {
      const agentName = await names.agentName(event.agentId);
      return {
        id: webhookEventId(`conversation.started:${event.conversationId}`),
        type: 'conversation.started',
        tenantId: event.tenantId,
        occurredAt: event.at,
        data: { conversation_id: event.conversationId, session_id: event.sessionId, agent: agentRef(event.agentId, agentName), status: event.status },
        title: 'Conversation started',
        text: `A conversation started with ${agentLabel(event.agentId, agentName)} (conversation ${event.conversationId}).`,
      };
    },
  };
}

export function conversationEnded(event: Payload<'events.session.ended'>): WebhookEventSource {
  return {
    type: 'conversation.ended',
    tenantId: event.tenantId,
    build: async (names) => {
      const agentName = await names.agentName(event.agentId);
      return {
        id: webhookEventId(`conversation.ended:${event.conversationId}`),
        type: 'conversation.ended',
        tenantId: event.tenantId,
        occurredAt: event.at,
        data: {
          conversation_id: event.conversationId,
          session_id: event.sessionId,
          agent: agentRef(event.agentId, agentName),
          status: event.status,
          total_turns: event.totalTurns,
          total_transitions: event.totalTransitions,
        },
        title: 'Conversation ended',
        text: `A conversation with ${agentLabel(event.agentId, agentName)} ended: ${event.status} after ${event.totalTurns} turns (conversation ${event.conversationId}).`,
      };
    },
  };
}

const escalationTitles = {
  'escalation.created': 'Escalation waiting',
  'escalation.assigned': 'Escalation assigned',
  'escalation.claimed': 'Escalation claimed',
  'escalation.closed': 'Escalation closed',
} as const;

export function escalationChanged(type: keyof typeof escalationTitles, event: EscalationEvent): WebhookEventSource {
  return {
    type,
    tenantId: event.tenantId,
    build: async (names) => {
      const agentName = event.agentName ?? (await names.agentName(event.agentId));
      const by = event.operator && type !== 'escalation.created' ? `${type === 'escalation.assigned' ? ' to' : ' by'} ${event.operator.name}` : '';
      return {
        id: webhookEventId(`escalation:${event.eventId}`),
        type,
        tenantId: event.tenantId,
        occurredAt: event.at,
        data: {
          escalation_id: event.escalationId,
          conversation_id: event.conversationId,
          agent: agentRef(event.agentId, agentName),
          channel: event.channel,
          link_id: event.linkId,
          state: event.state,
          reason: event.reason,
          operator: event.operator ? { name: event.operator.name } : null,
        },
        title: escalationTitles[type],
        text: `${escalationTitles[type]}${by}: ${unlinked(event.reason)} (${agentLabel(event.agentId, agentName)}, conversation ${event.conversationId})`,
      };
    },
  };
}

export function linkCreated(event: Payload<'events.link.created'>): WebhookEventSource {
  return {
    type: 'link.created',
    tenantId: event.tenantId,
    build: async () => ({
      id: webhookEventId(`link.created:${event.linkId}`),
      type: 'link.created',
      tenantId: event.tenantId,
      occurredAt: event.at,
      data: { link_id: event.linkId, title: event.title, agent: agentRef(event.agentId, event.agentName), expires_at: event.expiresAt },
      title: 'Link created',
      text: `Link created: "${event.title}" (${agentLabel(event.agentId, event.agentName)}, link ${event.linkId}, ${
        event.expiresAt ? `expires ${event.expiresAt}` : 'never expires'
      })`,
    }),
  };
}

/** Only expiry: a deactivation or deletion is the tenant's own doing, not news to it. */
export function linkExpired(event: Payload<'events.link.closed'>): WebhookEventSource | undefined {
  if (event.reason !== 'link_expired') return undefined;
  return {
    type: 'link.expired',
    tenantId: event.tenantId,
    build: async (names) => {
      const link = await names.link(event.linkId);
      return {
        // `at` is the expiry time: the same expiry announced twice is one event.
        id: webhookEventId(`link.expired:${event.linkId}:${event.at}`),
        type: 'link.expired',
        tenantId: event.tenantId,
        occurredAt: event.at,
        data: {
          link_id: event.linkId,
          title: link?.title ?? null,
          agent: link ? agentRef(link.agentId, link.agentName) : null,
          expired_at: event.at,
        },
        title: 'Link expired',
        text: `Link expired: ${link ? `"${link.title}" (${agentLabel(link.agentId, link.agentName)}, link ${event.linkId})` : `link ${event.linkId}`}`,
      };
    },
  };
}

const thumbWords = { up: 'thumbs up', down: 'thumbs down' } as const;

/**
 * A visitor's thumb on a message or score of a conversation. Every submission is an event of its
 * own (a replacement too: its `previous` says what it replaced); a redelivery is the same event.
 * The comment is the visitor's own words, sent as they wrote it to the tenant's own receiver (in
 * `data`; the sentence a Slack or Teams message shows has its web addresses made unclickable).
 */
export function feedbackReceived(event: Payload<'events.feedback.received'>): WebhookEventSource {
  return {
    type: 'feedback.received',
    tenantId: event.tenantId,
    build: async (names) => {
      const agentName = await names.agentName(event.agentId);
      const { feedback } = event;
      const what =
        feedback.kind === 'message'
          ? { kind: 'message', message_id: feedback.messageId, author: feedback.role, rating: feedback.rating, previous: feedback.previous?.rating ?? null }
          : { kind: 'rating', score: feedback.score, previous: feedback.previous?.score ?? null };
      const said =
        feedback.kind === 'message'
          ? `${thumbWords[feedback.rating]} on ${feedback.role === 'operator' ? 'an operator’s' : 'the agent’s'} message`
          : `a rating of ${feedback.score}/5`;
      return {
        id: webhookEventId(`feedback.received:${event.eventId}`),
        type: 'feedback.received',
        tenantId: event.tenantId,
        occurredAt: event.at,
        data: {
          conversation_id: event.conversationId,
          link_id: event.linkId,
          agent: agentRef(event.agentId, agentName),
          ...what,
          comment: event.comment,
        },
        title: 'Feedback received',
        text: `A visitor gave ${said} (${agentLabel(event.agentId, agentName)}, conversation ${event.conversationId})${event.comment ? `: “${unlinked(event.comment)}”` : ''}`,
      };
    },
  };
}

const resolutionWords: Record<Payload<'events.conversation.resolved'>['reason'], string> = {
  node: 'reached a step that resolves it',
  feedback: 'the visitor gave positive feedback',
  ended: 'it ended without a person and without negative feedback',
};

/**
 * A conversation resolved, or an `ended` resolution taken back by negative feedback that came
 * later (`resolved: false`). Its id comes from the conversation and the time of the resolution, so
 * a resolution is delivered once however often its event arrives.
 */
export function conversationResolved(event: Payload<'events.conversation.resolved'>): WebhookEventSource {
  return {
    type: 'conversation.resolved',
    tenantId: event.tenantId,
    build: async (names) => {
      const agentName = await names.agentName(event.agentId);
      return {
        id: webhookEventId(`conversation.resolved:${event.conversationId}:${event.resolvedAt}:${event.resolved}`),
        type: 'conversation.resolved',
        tenantId: event.tenantId,
        occurredAt: event.at,
        data: {
          conversation_id: event.conversationId,
          link_id: event.linkId,
          channel: event.channel,
          agent: { ...agentRef(event.agentId, agentName), version: event.agentVersion },
          resolved: event.resolved,
          reason: event.reason,
          resolved_at: event.resolvedAt,
        },
        title: event.resolved ? 'Conversation resolved' : 'Resolution taken back',
        text: event.resolved
          ? `A conversation with ${agentLabel(event.agentId, agentName)} was resolved: ${resolutionWords[event.reason]} (conversation ${event.conversationId}).`
          : `A conversation with ${agentLabel(event.agentId, agentName)} is no longer counted as resolved: the visitor gave negative feedback after it ended (conversation ${event.conversationId}).`,
      };
    },
  };
}

const refusalWords: Record<Payload<'events.security.refused'>['kind'], string> = {
  rate_limited: 'rate limit reached',
  quota_exceeded: 'quota used up',
  forbidden_origin: 'request from an origin the link does not allow',
  forbidden_ip: 'request from an address the link does not allow',
  invalid_token: 'invalid link token',
  verification_failed: 'email verification failed',
  passcode_failed: 'wrong passcode',
  passcode_lockout: 'too many wrong passcodes: the passcode check is paused',
  verification_lockout: 'too many wrong verification codes: confirming codes is paused',
  content_blocked: 'a message was blocked by a content rule',
  content_redacted: 'personal data was redacted from a message',
  content_flagged: 'a message was flagged by a content rule',
  country: 'request from a country the link does not allow',
  budget_exhausted: 'a token budget is spent: replies make no LLM call',
  challenge_failed: 'a session came without a valid proof of work',
};

/**
 * A refusal at the public edge becomes an alert, at most one per (link, kind) per minute: the
 * first refusal of a minute makes the alert, later ones in that minute are the same event. A
 * refusal no tenant can be told of (an unknown token) makes none.
 */
export function securityAlert(event: Payload<'events.security.refused'>): WebhookEventSource | undefined {
  if (event.tenantId === null) return undefined;
  const tenantId = event.tenantId;
  const windowStart = Math.floor(Date.parse(event.at) / SECURITY_ALERT_WINDOW_MS) * SECURITY_ALERT_WINDOW_MS;
  if (!Number.isFinite(windowStart)) return undefined;
  return {
    type: 'security.alert',
    tenantId,
    build: async (names) => {
      const link = event.linkId === null ? null : await names.link(event.linkId);
      const where =
        event.linkId === null ? '' : ` on ${link ? `link "${link.title}" (${agentLabel(link.agentId, link.agentName)}, ` : '('}link ${event.linkId})`;
      return {
        id: webhookEventId(`security.alert:${tenantId}:${event.linkId ?? '-'}:${event.kind}:${windowStart}`),
        type: 'security.alert',
        tenantId,
        occurredAt: event.at,
        data: {
          kind: event.kind,
          link_id: event.linkId,
          link_title: link?.title ?? null,
          agent: link ? agentRef(link.agentId, link.agentName) : null,
          window_start: new Date(windowStart).toISOString(),
          window_seconds: SECURITY_ALERT_WINDOW_MS / 1000,
        },
        title: 'Security alert',
        text: `Security alert: ${refusalWords[event.kind]}${where}`,
      };
    },
  };
}
