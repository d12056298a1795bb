import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

describe('webhooks through the management API', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  // The tenant's endpoint: a receiver on loopback, which WEBHOOK_ALLOW_PRIVATE lets webhooks reach.
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  let origin: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    h = await startGatewayHarness({}, { webhooks: { allowPrivate: true, retryDelaysSeconds: [1], pollIntervalMs: 100 } });
    tenant = await h.seedTenant('Webhook owner');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'support', config: echoAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('creates a webhook (secret shown once), delivers to it, lists its attempts, deletes it', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/webhooks', { url: `${origin}/hooks/parley?team=ops`, events: ['link.created', 'link.expired'] });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^whk_[A-Za-z0-9_-]{16}$/),
      url: `${origin}/hooks/parley?team=ops`,
      events: ['link.created', 'link.expired'],
      format: 'standard',
      created_at: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const { id, secret } = created.body;

    const listed = await h.withKey(tenant.key, 'GET', '/api/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      webhooks: [
        { id, url: `${origin}/hooks/parley?team=ops`, events: ['link.created', 'link.expired'], format: 'standard', created_at: created.body.created_at },
      ],
    });
    expect(listed.text).not.toContain(secret.slice('whsec_'.length));

    const link = await h.withKey(tenant.key, 'POST', '/api/agents/support/public-links', { title: 'Launch' });
    expect(link.status).toBe(201);
    await waitFor(() => received.length === 1, { timeoutMs: 10_000 });
    expect(received[0]!.path).toBe('/hooks/parley?team=ops');
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'link.created', data: { link_id: link.body.id, title: 'Launch', agent: { name: 'support' } } });
    expect(received[0]!.headers).toMatchObject({ 'webhook-id': expect.stringMatching(/^whd_/), 'webhook-timestamp': expect.stringMatching(/^\d+$/) });
    // Signed with the secret as handed out (the Standard Webhooks formula, docs/api.md), which the database keeps only sealed.
    const { 'webhook-id': deliveryId, 'webhook-timestamp': timestamp } = received[0]!.headers;
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    expect(received[0]!.headers['webhook-signature']).toBe(
      `v1,${createHmac('sha256', key).update(`${deliveryId}.${timestamp}.${received[0]!.body}`).digest('base64')}`,
    );
    const stored = (await h.ctx.db.selectFrom('webhooks').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret;
    expect(stored).toMatch(/^sealed1\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret.slice('whsec_'.length));

    // Recorded once the receiver has answered (while the attempt is being made, it shows as pending).
    await waitFor(async () => (await h.withKey(tenant.key, 'GET', `/api/webhooks/${id}/deliveries`)).body.deliveries?.[0]?.status === 'succeeded');
    const deliveries = await h.withKey(tenant.key, 'GET', `/api/webhooks/${id}/deliveries?limit=10`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.deliveries).toEqual([
      {
        delivery_id: received[0]!.headers['webhook-id'],
        event_id: expect.stringMatching(/^evt_/),
        event_type: 'link.created',
        attempt: 1,
        status: 'succeeded',
        response_code: 204,
        error: null,
        at: expect.any(String),
        duration_ms: expect.any(Number),
      },
    ]);
    expect(deliveries.text).not.toContain(secret.slice('whsec_'.length));

    const deleted = await h.withKey(tenant.key, 'DELETE', `/api/webhooks/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await h.withKey(tenant.key, 'GET', `/api/webhooks/${id}/deliveries`)).status).toBe(404);
    expect((await h.withKey(tenant.key, 'DELETE', `/api/webhooks/${id}`)).status).toBe(404);
    expect((await h.withKey(tenant.key, 'GET', '/api/webhooks')).body).toEqual({ webhooks: [] });

    // The audit log has the creation and the deletion once each, by this key, without the secret or the URL.
    const keyId = (await h.withKey(tenant.key, 'GET', '/api/audit?action=agent.create')).body.entries[0].actor.key_id;
    expect(keyId).toMatch(/^key_/);
    let entries: any[] = [];
    await waitFor(async () => {
      entries = (await h.withKey(tenant.key, 'GET', `/api/audit?target=${id}`)).body.entries;
      return entries.length >= 2;
    });
    expect(entries.map((e) => [e.action, e.actor, e.target]).sort()).toEqual([
      ['webhook.create', { kind: 'key', id: keyId, key_id: keyId, name: 'Support' }, { kind: 'webhook', id }],
      ['webhook.delete', { kind: 'key', id: keyId, key_id: keyId, name: 'Support' }, { kind: 'webhook', id }],
    ]);
    expect(entries.find((e) => e.action === 'webhook.create').details).toEqual({ events: ['link.created', 'link.expired'], format: 'standard' });
    const recorded = JSON.stringify(entries);
    for (const hidden of [secret, secret.slice('whsec_'.length), origin, 'team=ops']) expect(recorded).not.toContain(hidden);
  });

  it('the admin key acts on the tenant named by X-Tenant-Id, with any format', async () => {
    for (const format of ['slack', 'teams'] as const) {
      const created = await h.admin('POST', '/api/webhooks', { url: `${origin}/${format}`, events: ['security.alert'], format }, tenant.tenantId);
      expect(created.status, created.text).toBe(201);
      expect(created.body.format).toBe(format);
    }
    const listed = await h.withKey(tenant.key, 'GET', '/api/webhooks');
    expect(listed.body.webhooks.map((webhook: { format: string }) => webhook.format)).toEqual(['slack', 'teams']);
  });
});
