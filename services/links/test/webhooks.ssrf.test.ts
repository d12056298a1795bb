import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationEvent, type LinksReplica, startWebhooksHarness, testWebhookOptions, type WebhooksHarness } from './webhooks-harness.js';

/**
 * No server-side request forgery: a webhook URL reaching a loopback, private or link-local
 * address is refused at creation, and checked again before every attempt (a name may resolve
 * elsewhere by then); WEBHOOK_ALLOW_PRIVATE lets them through.
 */
describe('webhook URLs and the addresses they reach', () => {
  let h: WebhooksHarness;
  let tenant: { tenantId: string; agentId: string; agentName: string };
  let strict: LinksReplica;
  const strictOptions = { ...testWebhookOptions, allowPrivate: false, retryDelaysSeconds: [1] };

  beforeAll(async () => {
    h = await startWebhooksHarness('links-webhooks-ssrf');
    strict = await h.startReplica(strictOptions);
    tenant = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  it('refuses at creation URLs whose host is or resolves to a non-public address, in every format', async () => {
    const port = new URL(h.receiver.origin).port;
    const refused: Array<[string, 'standard' | 'slack' | 'teams', RegExp]> = [
      [`http://127.0.0.1:${port}/hook`, 'standard', /127\.0\.0\.1 is a loopback address/],
      ['http://10.0.0.1/hook', 'standard', /private/],
      ['http://172.16.5.4/hook', 'standard', /private/],
      ['http://192.168.0.10/hook', 'slack', /private/],
      ['http://[::1]/hook', 'teams', /loopback/],
      // A name's answer is not told: only that it is not public.
      [`http://localhost:${port}/hook`, 'standard', /^localhost does not resolve to a public address: webhooks may not reach it$/],
      ['http://169.254.169.254/latest/meta-data/', 'standard', /linkLocal/],
      ['http://[fe80::1]/hook', 'standard', /linkLocal/],
      ['https://[fd00::1]/hook', 'slack', /uniqueLocal/],
      ['http://100.64.0.1/hook', 'teams', /carrierGradeNat/],
      ['http://0.0.0.0/hook', 'standard', /unspecified/],
      ['http://[::ffff:127.0.0.1]/hook', 'standard', /loopback/],
      ['http://0x7f000001/hook', 'standard', /loopback/],
    ];
    for (const [url, format, message] of refused) {
      const attempt = h.client.request('links.webhooks.create', { tenantId: tenant.tenantId, url, events: ['escalation.created'], format });
      await expect(attempt, url).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'url', message: expect.stringMatching(message) }] });
    }
    expect((await h.client.request('links.webhooks.list', { tenantId: tenant.tenantId })).webhooks).toEqual([]);
  });

  it('with WEBHOOK_ALLOW_PRIVATE=true loopback works; without it, the same URL is refused again at delivery', async () => {
    await strict.stop();
    const permissive = await h.startReplica({ ...strictOptions, allowPrivate: true });
    const port = new URL(h.receiver.origin).port;
    // A name, resolved anew before each attempt: as a rebinding host would be.
    const webhook = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `http://localhost:${port}/allowed`,
      events: ['escalation.created'],
    });
    await h.client.publish('events.escalation.created', escalationEvent(tenant));
    await waitFor(() => h.receiver.received.some((request) => request.path === '/allowed'), { timeoutMs: 10_000 });
    expect(h.receiver.received.filter((request) => request.path === '/allowed')).toHaveLength(1);

    // The platform restarted without the allowance: the address is checked before the attempt and refused.
    await permissive.stop();
    await h.startReplica(strictOptions);
    await h.client.publish('events.escalation.created', escalationEvent(tenant));
    await waitFor(
      async () => {
        const { deliveries } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: webhook.id, limit: 10 });
        return deliveries.filter((attempt) => attempt.status === 'failed').length === 2;
      },
      { timeoutMs: 10_000 },
    );
    const { deliveries } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: webhook.id, limit: 10 });
    const refused = deliveries.filter((attempt) => attempt.status === 'failed');
    for (const attempt of refused) {
      expect(attempt.response_code).toBeNull();
      expect(attempt.error).toBe('refused: localhost does not resolve to a public address: webhooks may not reach it');
    }
    // One retry configured: two refused attempts, then given up; the receiver saw none of them.
    expect(deliveries.filter((attempt) => attempt.status === 'pending')).toEqual([]);
    expect(h.receiver.received.filter((request) => request.path === '/allowed')).toHaveLength(1);
  });
});
