import { randomUUID } from 'node:crypto';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationEvent, startWebhooksHarness, type WebhooksHarness } from './webhooks-harness.js';

interface Payload {
  type: string;
  timestamp: string;
  data: Record<string, any>;
}

/** What each platform event becomes for a tenant's webhooks, over the real NATS. */
describe('webhook events', () => {
  let h: WebhooksHarness;
  let tenant: { tenantId: string; agentId: string; agentName: string };
  let other: { tenantId: string; agentId: string; agentName: string };

  beforeAll(async () => {
    h = await startWebhooksHarness('links-webhooks-events');
    await h.startReplica();
    tenant = await h.seedTenant();
    other = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  const payloadsOn = (path: string) => h.receiver.received.filter((request) => request.path === path).map((request) => JSON.parse(request.body) as Payload);
  const session = (conversationId: string) => ({
    conversationId,
    sessionId: 'text_abc',
    tenantId: tenant.tenantId,
    agentId: tenant.agentId,
    status: 'active',
    at: new Date().toISOString(),
  });

  it('each platform event reaches the webhooks subscribed to it, once, and only the tenant’s own', async () => {
    await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/all`,
      events: [
        'conversation.started',
        'conversation.ended',
        'escalation.created',
        'escalation.assigned',
        'escalation.claimed',
        'escalation.closed',
        'link.created',
        'link.expired',
        'security.alert',
      ],
    });
    await h.client.request('links.webhooks.create', { tenantId: tenant.tenantId, url: `${h.receiver.origin}/links-only`, events: ['link.created'] });
    // Another tenant's webhook hears nothing of this tenant.
    await h.client.request('links.webhooks.create', {
      tenantId: other.tenantId,
      url: `${h.receiver.origin}/other`,
      events: ['conversation.started', 'escalation.created', 'link.created'],
    });

    const conversationId = randomUUID();
    await h.client.publish('events.session.created', session(conversationId));
    await h.client.publish('events.session.ended', { ...session(conversationId), status: 'completed', totalTurns: 4, totalTransitions: 6 });
    const escalation = escalationEvent(tenant, { conversationId });
    await h.client.publish('events.escalation.created', escalation);
    await h.client.publish('events.escalation.assigned', {
      ...escalation,
      eventId: randomUUID(),
      state: 'assigned',
      operator: { name: 'Ana', actorId: 'mem_x' },
    });
    await h.client.publish('events.escalation.claimed', {
      ...escalation,
      eventId: randomUUID(),
      state: 'claimed',
      operator: { name: 'Ana', actorId: 'key_x' },
    });
    // Released is no webhook event.
    await h.client.publish('events.escalation.released', {
      ...escalation,
      eventId: randomUUID(),
      state: 'released',
      operator: { name: 'Ana', actorId: 'key_x' },
    });
    await h.client.publish('events.escalation.closed', { ...escalation, eventId: randomUUID(), state: 'closed', operator: { name: 'Ana', actorId: 'key_x' } });

    // A link made (announced by the links service itself), and one made already expired.
    const link = await h.client.request('links.links.create', {
      tenantId: tenant.tenantId,
      agentName: tenant.agentName,
      settings: { title: 'Spring sale', expires_in_hours: 2 },
      publicBaseUrl: 'http://chat.test',
    });
    const expiredAt = new Date(Date.now() - 60_000).toISOString();
    const expired = await h.client.request('links.links.create', {
      tenantId: tenant.tenantId,
      agentName: tenant.agentName,
      settings: { title: 'Old offer', expires_at: expiredAt },
      publicBaseUrl: 'http://chat.test',
    });
    // The cleanup job's call: each expiry announced once, however often it asks.
    expect(await h.client.request('links.links.announce-expired', {})).toEqual({ announced: 1 });
    expect(await h.client.request('links.links.announce-expired', {})).toEqual({ announced: 0 });
    // An update making a link expire announces it at once, and the job's later announcement is the same event.
    await h.client.request('links.links.update', {
      tenantId: tenant.tenantId,
      agentName: tenant.agentName,
      linkId: link.id,
      changes: { expires_at: expiredAt },
    });
    expect(await h.client.request('links.links.announce-expired', {})).toEqual({ announced: 1 });

    // Refusals at the edge: three of one kind within a minute are one alert; another kind is another.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const refusal = (kind: 'rate_limited' | 'forbidden_ip', second: number, tenantId: string | null = tenant.tenantId) => ({
      id: randomUUID(),
      kind,
      tenantId,
      linkId: expired.id,
      at: new Date(minute + second * 1_000).toISOString(),
    });
    for (const second of [1, 2, 3]) await h.client.publish('events.security.refused', refusal('rate_limited', second));
    await h.client.publish('events.security.refused', refusal('forbidden_ip', 4));
    // No tenant to tell.
    await h.client.publish('events.security.refused', refusal('forbidden_ip', 5, null));

    await waitFor(() => payloadsOn('/all').length >= 10 && payloadsOn('/links-only').length >= 2, { timeoutMs: 15_000 });
    // Every event handled and every delivery answered: one more payload, or one to the other tenant, would be here now.
    await h.settled();
    const all = payloadsOn('/all');
    expect(all.map((payload) => payload.type).sort()).toEqual(
      [
        'conversation.ended',
        'conversation.started',
        'escalation.assigned',
        'escalation.claimed',
        'escalation.closed',
        'escalation.created',
        'link.created',
        'link.created',
        'link.expired',
        'link.expired',
        'security.alert',
        'security.alert',
      ].sort(),
    );
    expect(payloadsOn('/links-only').map((payload) => payload.type)).toEqual(['link.created', 'link.created']);
    expect(payloadsOn('/other')).toEqual([]);

    const agent = { id: tenant.agentId, name: tenant.agentName };
    const byType = (type: string) => all.filter((payload) => payload.type === type);
    expect(byType('conversation.started')[0]!.data).toEqual({ conversation_id: conversationId, session_id: 'text_abc', agent, status: 'active' });
    expect(byType('conversation.ended')[0]!.data).toEqual({
      conversation_id: conversationId,
      session_id: 'text_abc',
      agent,
      status: 'completed',
      total_turns: 4,
      total_transitions: 6,
    });
    expect(byType('escalation.assigned')[0]!.data).toMatchObject({ escalation_id: escalation.escalationId, state: 'assigned', operator: { name: 'Ana' } });
    expect(byType('escalation.claimed')[0]!.data).toMatchObject({
      escalation_id: escalation.escalationId,
      state: 'claimed',
      operator: { name: 'Ana' },
      reason: 'wants a refund',
    });
    expect(byType('escalation.closed')[0]!.data).toMatchObject({ state: 'closed', conversation_id: conversationId });
    expect(
      byType('link.created')
        .map((payload) => payload.data)
        .sort((a, b) => a.title.localeCompare(b.title)),
    ).toEqual([
      { link_id: expired.id, title: 'Old offer', agent, expires_at: expiredAt },
      { link_id: link.id, title: 'Spring sale', agent, expires_at: link.expires_at },
    ]);
    expect(
      byType('link.expired')
        .map((payload) => payload.data)
        .sort((a, b) => a.title.localeCompare(b.title)),
    ).toEqual([
      { link_id: expired.id, title: 'Old offer', agent, expired_at: expiredAt },
      { link_id: link.id, title: 'Spring sale', agent, expired_at: expiredAt },
    ]);
    expect(byType('link.expired').map((payload) => payload.timestamp)).toEqual([expiredAt, expiredAt]);
    const alerts = byType('security.alert').map((payload) => payload.data);
    expect(alerts.map((alert) => alert.kind).sort()).toEqual(['forbidden_ip', 'rate_limited']);
    for (const alert of alerts) {
      expect(alert).toMatchObject({ link_id: expired.id, link_title: 'Old offer', agent, window_start: new Date(minute).toISOString(), window_seconds: 60 });
    }
    // One of the minute's three refusals made the rate-limit alert (events may be handled in any order).
    const alertedAt = byType('security.alert').find((payload) => payload.data.kind === 'rate_limited')!.timestamp;
    expect([1, 2, 3].map((second) => new Date(minute + second * 1_000).toISOString())).toContain(alertedAt);
  });
});
