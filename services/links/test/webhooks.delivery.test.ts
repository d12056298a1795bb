import { freePort, waitFor } from '@parley/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationEvent, startWebhooksHarness, type WebhooksHarness } from './webhooks-harness.js';

/** Deliveries over the real NATS and PostgreSQL to a receiver on loopback: signatures, retries, formats. */
describe('webhook deliveries', () => {
  let h: WebhooksHarness;
  let tenant: { tenantId: string; agentId: string; agentName: string };

  beforeAll(async () => {
    h = await startWebhooksHarness('links-webhooks');
    await h.startReplica();
    tenant = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  const receivedOn = (path: string) => h.receiver.received.filter((request) => request.path === path);

  it('signs as Standard Webhooks and retries until the receiver takes it: the third attempt, after two failures', async () => {
    const created = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/standard`,
      events: ['escalation.created'],
    });
    expect(created).toMatchObject({ id: expect.stringMatching(/^whk_[A-Za-z0-9_-]{16}$/), format: 'standard', events: ['escalation.created'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    h.receiver.answer(500, 503);
    const event = escalationEvent(tenant);
    await h.client.publish('events.escalation.created', event);
    await waitFor(() => receivedOn('/standard').length >= 3, { timeoutMs: 15_000 });

    const [first, second, third] = receivedOn('/standard');
    expect([first!.status, second!.status, third!.status]).toEqual([500, 503, 200]);
    // One delivery: the same id and the same bytes on every attempt, each freshly signed.
    expect(new Set([first, second, third].map((request) => request!.headers['webhook-id'])).size).toBe(1);
    expect(first!.headers['webhook-id']).toMatch(/^whd_/);
    expect(new Set([first, second, third].map((request) => request!.body)).size).toBe(1);
    expect(third!.headers['content-type']).toBe('application/json');
    expect(third!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    // Verified by the Standard Webhooks library itself, with the secret as handed out.
    const verified = new Webhook(created.secret).verify(third!.body, third!.headers as Record<string, string>);
    expect(verified).toEqual({
      type: 'escalation.created',
      timestamp: event.at,
      data: {
        escalation_id: event.escalationId,
        conversation_id: event.conversationId,
        agent: { id: tenant.agentId, name: tenant.agentName },
        channel: 'link',
        link_id: null,
        state: 'waiting',
        reason: 'wants a refund',
        operator: null,
      },
    });
    // A wrong secret or a changed body does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(third!.body, third!.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(created.secret).verify(third!.body.replace('refund', 'refunds'), third!.headers as Record<string, string>)).toThrow();

    // Every attempt is on record, newest first; nothing is pending any more once the outcome of the third is written.
    const listDeliveries = () => h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: created.id, limit: 100 });
    await waitFor(async () => (await listDeliveries()).deliveries[0]?.status !== 'pending', { timeoutMs: 5_000 });
    const { deliveries } = await listDeliveries();
    expect(deliveries.map((attempt) => [attempt.attempt, attempt.status, attempt.response_code])).toEqual([
      [3, 'succeeded', 200],
      [2, 'failed', 503],
      [1, 'failed', 500],
    ]);
    for (const attempt of deliveries) {
      expect(attempt).toMatchObject({ delivery_id: first!.headers['webhook-id'], event_type: 'escalation.created', event_id: expect.stringMatching(/^evt_/) });
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
      expect(Date.parse(attempt.at)).not.toBeNaN();
    }
    expect(deliveries[0]!.error).toBeNull();
    expect(deliveries[1]!.error).toBe('the receiver answered 503');
    // The retries waited the configured delays (1 s each).
    expect(Date.parse(deliveries[0]!.at) - Date.parse(deliveries[1]!.at)).toBeGreaterThanOrEqual(900);
    expect(Date.parse(deliveries[1]!.at) - Date.parse(deliveries[2]!.at)).toBeGreaterThanOrEqual(900);
  });

  it('gives up after the last retry, and shows the pending attempt while one is due', async () => {
    const created = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/down`,
      events: ['escalation.claimed'],
    });
    h.receiver.answer(500, 500, 500);
    await h.client.publish('events.escalation.claimed', escalationEvent(tenant, { state: 'claimed', operator: { name: 'Ana', actorId: null } }));
    await waitFor(() => receivedOn('/down').length >= 1, { timeoutMs: 10_000 });
    await waitFor(async () => {
      const { deliveries } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: created.id, limit: 100 });
      return deliveries[0]?.status === 'pending' && deliveries[0].attempt === 2 && deliveries[1]?.status === 'failed';
    });
    // Two retries configured: three attempts, then failed for good.
    await waitFor(() => receivedOn('/down').length >= 3, { timeoutMs: 15_000 });
    await waitFor(async () => {
      const { deliveries } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: created.id, limit: 100 });
      return deliveries.length === 3 && deliveries.every((attempt) => attempt.status === 'failed');
    });
    // Failed for good: nothing pending, so no fourth attempt is ever made.
    await h.settled(created.id);
    expect(receivedOn('/down')).toHaveLength(3);
  });

  it('a receiver that does not answer in time, and one that refuses connections, fail their attempts', async () => {
    const slow = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/slow`,
      events: ['escalation.closed'],
    });
    const closed = await freePort();
    const refusing = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `http://127.0.0.1:${closed}/nobody`,
      events: ['escalation.closed'],
    });
    h.receiver.answer(0);
    await h.client.publish('events.escalation.closed', escalationEvent(tenant, { state: 'closed' }));
    const attemptsOf = async (webhookId: string) =>
      (await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId, limit: 100 })).deliveries;
    // The attempt timeout is 2 s here (10 s by default); the retry is answered.
    await waitFor(async () => (await attemptsOf(slow.id))[0]?.status === 'succeeded', { timeoutMs: 15_000 });
    const [retried, timedOut] = await attemptsOf(slow.id);
    expect(timedOut).toMatchObject({ attempt: 1, status: 'failed', response_code: null, error: 'timed out: no answer within 2 s' });
    expect(timedOut!.duration_ms).toBeGreaterThanOrEqual(1_900);
    expect(retried).toMatchObject({ attempt: 2, status: 'succeeded', response_code: 200 });

    await waitFor(async () => (await attemptsOf(refusing.id)).some((attempt) => attempt.status === 'failed'), { timeoutMs: 10_000 });
    for (const attempt of (await attemptsOf(refusing.id)).filter((one) => one.status !== 'pending')) {
      expect(attempt).toMatchObject({ status: 'failed', response_code: null, error: expect.stringContaining('ECONNREFUSED') });
    }
  });

  it('posts Slack and Teams messages their incoming webhooks take, with readable sentences', async () => {
    await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/slack`,
      events: ['escalation.created'],
      format: 'slack',
    });
    await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/teams`,
      events: ['escalation.created'],
      format: 'teams',
    });
    const event = escalationEvent(tenant, { reason: 'asks for <!channel> & a human *now*: [Sign in again](https://evil.example)' });
    await h.client.publish('events.escalation.created', event);
    await waitFor(() => receivedOn('/slack').length >= 1 && receivedOn('/teams').length >= 1, { timeoutMs: 10_000 });

    // What the visitor wrote is text: its web address made unclickable, no Markdown or mrkdwn read.
    const sentence = `Escalation waiting: asks for <!channel> & a human *now*: [Sign in again](https[:]//evil[.]example) (agent ${tenant.agentName}, conversation ${event.conversationId})`;
    const slack = JSON.parse(receivedOn('/slack')[0]!.body);
    // Slack reads <…> and & as markup in any text: escaped, so a visitor cannot mention @channel.
    const slackSentence = sentence.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;');
    expect(slack).toEqual({
      text: slackSentence,
      mrkdwn: false,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Escalation waiting' } },
        { type: 'section', text: { type: 'plain_text', text: slackSentence } },
      ],
    });
    expect(receivedOn('/slack')[0]!.headers['content-type']).toBe('application/json');

    const teams = JSON.parse(receivedOn('/teams')[0]!.body);
    expect(teams).toEqual({
      type: 'message',
      summary: 'Escalation waiting',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            // TextRuns: Teams reads no Markdown in them, so `[…](…)` is no link.
            body: [
              { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Escalation waiting', weight: 'Bolder', size: 'Medium' }] },
              { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: sentence }] },
            ],
          },
        },
      ],
    });
  });
});
