import { describe, expect, it } from 'vitest';
import { type AnalyticsEvent, eventKey, rollUp } from './rollup.js';

const base = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  agentId: '00000000-0000-4000-8000-000000000002',
  conversationId: '00000000-0000-4000-8000-000000000003',
  linkId: 'lnk_feedback',
  comment: null,
};
const feedback = (eventId: string, at: string, given: Extract<AnalyticsEvent, { name: 'events.feedback.received' }>['event']['feedback']): AnalyticsEvent => ({
  name: 'events.feedback.received',
  event: { ...base, eventId, at, feedback: given },
});

describe('feedback in the rollups', () => {
  it('counts a thumb in the hour it was given and takes a replaced one back from the hour it was counted in', () => {
    const first = feedback('00000000-0000-4000-8000-00000000000a', '2026-11-25T09:10:00Z', {
      kind: 'message',
      messageId: 'm',
      role: 'assistant',
      rating: 'up',
      previous: null,
    });
    const replaced = feedback('00000000-0000-4000-8000-00000000000b', '2026-11-25T11:05:00Z', {
      kind: 'message',
      messageId: 'm',
      role: 'assistant',
      rating: 'down',
      previous: { rating: 'up', at: '2026-11-25T09:10:00Z' },
    });
    const { hourly } = rollUp([first, replaced]);
    expect(hourly.map((r) => [r.hour.toISOString(), r.feedback_up, r.feedback_down])).toEqual([
      ['2026-11-25T09:00:00.000Z', 0, 0],
      ['2026-11-25T11:00:00.000Z', 0, 1],
    ]);
    // Each submission is its own event; a redelivery of one has the same key.
    expect(new Set([first, replaced].map(eventKey)).size).toBe(2);
  });

  it('adds scores and responses, a replaced score leaving its hour', () => {
    const { hourly } = rollUp([
      feedback('00000000-0000-4000-8000-00000000000c', '2026-11-25T12:00:00Z', {
        kind: 'rating',
        score: 5,
        previous: { score: 2, at: '2026-11-24T23:59:00Z' },
      }),
    ]);
    expect(hourly.map((r) => [r.hour.toISOString(), r.csat_sum, r.csat_responses])).toEqual([
      ['2026-11-24T23:00:00.000Z', -2, -1],
      ['2026-11-25T12:00:00.000Z', 5, 1],
    ]);
  });
});

describe('resolutions and versions in the rollups', () => {
  const resolution = (resolved: boolean, resolvedAt: string, at: string, eventId: string): AnalyticsEvent => ({
    name: 'events.conversation.resolved',
    event: { ...base, eventId, agentVersion: 2, channel: 'link', reason: 'ended', resolved, resolvedAt, at },
  });

  it('counts a resolution in the hour it was made and subtracts a take-back from that same hour', () => {
    const made = resolution(true, '2026-11-25T09:59:00Z', '2026-11-25T09:59:00Z', '00000000-0000-4000-8000-0000000000a1');
    const takenBack = resolution(false, '2026-11-25T09:59:00Z', '2026-11-25T10:30:00Z', '00000000-0000-4000-8000-0000000000a2');
    expect(rollUp([made]).hourly.map((r) => [r.hour.toISOString(), r.agent_version, r.sessions_resolved])).toEqual([['2026-11-25T09:00:00.000Z', 2, 1]]);
    expect(rollUp([takenBack]).hourly.map((r) => [r.hour.toISOString(), r.agent_version, r.sessions_resolved])).toEqual([['2026-11-25T09:00:00.000Z', 2, -1]]);
    // The same resolution announced again (another event id) is the same key; its take-back another.
    const again = resolution(true, '2026-11-25T09:59:00Z', '2026-11-25T09:59:01Z', '00000000-0000-4000-8000-0000000000a3');
    expect(eventKey(again)).toBe(eventKey(made));
    expect(eventKey(takenBack)).not.toBe(eventKey(made));
  });

  it('keeps each version in a row of its own; an event from before versions were sent is version 0', () => {
    const started = (conversationId: string, agentVersion: number | undefined): AnalyticsEvent => ({
      name: 'events.session.created',
      event: {
        ...base,
        conversationId,
        sessionId: 'text_x',
        status: 'active',
        at: '2026-11-25T09:10:00Z',
        ...(agentVersion === undefined ? {} : { agentVersion }),
      },
    });
    const { hourly } = rollUp([started('c1', 1), started('c2', 2), started('c3', 2), started('c4', undefined)]);
    expect(hourly.map((r) => [r.agent_version, r.sessions_started])).toEqual([
      [0, 1],
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('refusals in the rollups', () => {
  const refused = (id: string, kind: 'content_redacted' | 'passcode_failed', count?: number): AnalyticsEvent => ({
    name: 'events.security.refused',
    event: { id, kind, tenantId: base.tenantId, linkId: base.linkId, at: '2026-11-25T09:10:00Z', agentId: base.agentId, ...(count ? { count } : {}) },
  });

  it('counts a tallied event as the refusals it stands for, and one without a count as one', () => {
    const { hourly } = rollUp([
      refused('00000000-0000-4000-8000-0000000000c1', 'content_redacted', 37),
      refused('00000000-0000-4000-8000-0000000000c2', 'content_redacted'),
      // A single wrong passcode has no column: counted only once a lockout is.
      refused('00000000-0000-4000-8000-0000000000c3', 'passcode_failed', 4),
    ]);
    expect(hourly.map((r) => [r.hour.toISOString(), r.refused_content_redacted])).toEqual([['2026-11-25T09:00:00.000Z', 38]]);
  });
});
