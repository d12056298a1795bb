import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { identityHash } from '@parley/auth';
import { createLogger } from '@parley/logger';
import { linkTestKeys, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookOptions } from '../src/webhooks/index.js';
import { escalationEvent, type LinksReplica, startWebhooksHarness, testWebhookOptions, type WebhooksHarness } from './webhooks-harness.js';

/** Every line a replica logs, raw: to show what it said, and that no secret is in it. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service: 'links', level: 'info', destination }), lines };
}

/** A `whsec_…` secret as an earlier version made and stored it. */
const clearWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The secrets the links service must read back – webhooks' signing secrets, links' identity
 * secrets – are kept sealed under SECRETS_KEY (docs/api.md), over the real NATS and PostgreSQL:
 * read here with SQL as a copy of the database would show them.
 */
describe('webhook and identity secrets sealed in the database', () => {
  let h: WebhooksHarness;
  let tenant: { tenantId: string; agentId: string; agentName: string };
  let links = 0;

  beforeAll(async () => {
    h = await startWebhooksHarness('links-sealed-secrets');
    const seeding = await h.startReplica();
    tenant = await h.seedTenant();
    await seeding.stop();
  });
  afterAll(async () => h?.stop());

  /** Runs `work` with a replica of the links service, stopped after it. */
  const withReplica = async <T>(
    work: (replica: LinksReplica) => Promise<T>,
    replica?: Parameters<WebhooksHarness['startReplica']>[1],
    options: Partial<WebhookOptions> = testWebhookOptions,
  ) => {
    const started = await h.startReplica(options, replica);
    try {
      return await work(started);
    } finally {
      await started.stop();
    }
  };
  const webhookSecretOf = async (id: string) => (await sql<{ secret: string }>`SELECT secret FROM webhooks WHERE id = ${id}`.execute(h.ctx.db)).rows[0]!.secret;
  /** The whole row as text, every column: what a dump would hold of it. */
  const rowText = async (table: 'webhooks' | 'public_links', id: string) =>
    (await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table)} t WHERE id = ${id}`.execute(h.ctx.db)).rows[0]!.row;
  const identitySecretOf = async (id: string) =>
    (await sql<{ identity_secret: string }>`SELECT identity_secret FROM public_links WHERE id = ${id}`.execute(h.ctx.db)).rows[0]!.identity_secret;
  const createWebhook = (path: string, event: 'escalation.created' | 'escalation.claimed' | 'escalation.closed') =>
    h.client.request('links.webhooks.create', { tenantId: tenant.tenantId, url: `${h.receiver.origin}${path}`, events: [event] });
  /** A link of the tenant's agent with an identity secret, made through the service. */
  const identityLink = async () => {
    const link = await h.client.request('links.links.create', {
      tenantId: tenant.tenantId,
      agentName: tenant.agentName,
      settings: { title: `Sealed ${++links}` } as never,
      publicBaseUrl: 'http://links.test',
    });
    const { secret } = await h.client.request('links.links.identity-secret', { tenantId: tenant.tenantId, agentName: tenant.agentName, linkId: link.id });
    return { id: link.id, secret };
  };
  const verifyAs = (linkId: string, secret: string, userId = 'alice') =>
    h.client.request('links.links.verify-identity', { linkId, userId, userHash: identityHash(secret, userId) });
  const receivedOn = (path: string) => h.receiver.received.filter((request) => request.path === path);
  const attemptsOf = async (webhookId: string) =>
    (await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId, limit: 100 })).deliveries;
  /** Whether the request the receiver got on `path` is signed with `secret` (the Standard Webhooks library checks it). */
  const signedWith = (secret: string, path: string) => {
    const request = receivedOn(path).at(-1)!;
    return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
  };

  it('stores a new webhook secret and a rotated identity secret sealed, never in clear; deliveries are signed and users verify with them', async () => {
    await withReplica(async () => {
      const webhook = await createWebhook('/sealed', 'escalation.created');
      const stored = await webhookSecretOf(webhook.id);
      expect(stored).toMatch(/^sealed1\.[A-Za-z0-9_-]+$/);
      for (const clear of [webhook.secret, webhook.secret.slice('whsec_'.length)]) expect(await rowText('webhooks', webhook.id)).not.toContain(clear);

      const link = await identityLink();
      expect(await identitySecretOf(link.id)).toMatch(/^sealed1\.[A-Za-z0-9_-]+$/);
      expect(await rowText('public_links', link.id)).not.toContain(link.secret);
      // A rotation seals the new one as well.
      const rotated = await h.client.request('links.links.identity-secret', { tenantId: tenant.tenantId, agentName: tenant.agentName, linkId: link.id });
      expect(await identitySecretOf(link.id)).toMatch(/^sealed1\./);
      expect(await rowText('public_links', link.id)).not.toContain(rotated.secret);

      await h.client.publish('events.escalation.created', escalationEvent(tenant));
      await waitFor(() => receivedOn('/sealed').length === 1, { timeoutMs: 10_000 });
      expect(signedWith(webhook.secret, '/sealed')).toMatchObject({ type: 'escalation.created' });
      expect(await verifyAs(link.id, rotated.secret)).toMatchObject({ result: 'valid', user: { id: 'alice' } });
      expect(await verifyAs(link.id, link.secret)).toEqual({ result: 'invalid' });
    });
  });

  it('reads secrets an earlier version stored in clear, and its start-up pass seals them, logging counts only', async () => {
    const { webhook, link, clear } = await withReplica(async () => {
      const webhook = await createWebhook('/was-clear', 'escalation.claimed');
      const link = await identityLink();
      return { webhook, link, clear: { webhook: clearWebhookSecret(), identity: randomBytes(32).toString('hex') } };
    });
    // As an earlier version wrote them.
    await sql`UPDATE webhooks SET secret = ${clear.webhook} WHERE id = ${webhook.id}`.execute(h.ctx.db);
    await sql`UPDATE public_links SET identity_secret = ${clear.identity} WHERE id = ${link.id}`.execute(h.ctx.db);

    const log = capturedLogger();
    await withReplica(
      async () => {
        for (const [table, id, secret] of [
          ['webhooks', webhook.id, clear.webhook],
          ['public_links', link.id, clear.identity],
        ] as const) {
          expect(await rowText(table, id)).not.toContain(secret);
        }
        expect(await webhookSecretOf(webhook.id)).toMatch(/^sealed1\./);
        expect(await identitySecretOf(link.id)).toMatch(/^sealed1\./);
        // Still the same secrets: deliveries are signed and users verify with them.
        await h.client.publish('events.escalation.claimed', escalationEvent(tenant, { state: 'claimed', operator: { name: 'Ana', actorId: null } }));
        await waitFor(() => receivedOn('/was-clear').length === 1, { timeoutMs: 10_000 });
        expect(signedWith(clear.webhook, '/was-clear')).toMatchObject({ type: 'escalation.claimed' });
        expect(await verifyAs(link.id, clear.identity)).toMatchObject({ result: 'valid' });
      },
      { logger: log.logger },
    );
    const sealing = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => String(line.msg).includes('now sealed'));
    expect(sealing).toEqual([expect.objectContaining({ level: 'info', webhookSecrets: 1, identitySecrets: 1 })]);
    for (const line of log.lines) for (const secret of [clear.webhook, clear.identity]) expect(line).not.toContain(secret);

    // Another start finds nothing left in clear: nothing changes, nothing is logged.
    const again = capturedLogger();
    const sealed = { webhook: await webhookSecretOf(webhook.id), identity: await identitySecretOf(link.id) };
    await withReplica(async () => undefined, { logger: again.logger });
    expect({ webhook: await webhookSecretOf(webhook.id), identity: await identitySecretOf(link.id) }).toEqual(sealed);
    expect(again.lines.filter((line) => line.includes('now sealed'))).toEqual([]);
  });

  it('a sealed value moved to another row does not open there: that delivery fails as a configuration error and sends nothing, that link has no secret', async () => {
    const log = capturedLogger();
    await withReplica(
      async () => {
        const kept = await createWebhook('/kept', 'escalation.closed');
        const moved = await createWebhook('/moved', 'escalation.closed');
        await sql`UPDATE webhooks SET secret = (SELECT secret FROM webhooks WHERE id = ${kept.id}) WHERE id = ${moved.id}`.execute(h.ctx.db);
        const first = await identityLink();
        const second = await identityLink();
        await sql`UPDATE public_links SET identity_secret = (SELECT identity_secret FROM public_links WHERE id = ${first.id}) WHERE id = ${second.id}`.execute(
          h.ctx.db,
        );

        await h.client.publish('events.escalation.closed', escalationEvent(tenant, { state: 'closed' }));
        await waitFor(() => receivedOn('/kept').length === 1, { timeoutMs: 10_000 });
        expect(signedWith(kept.secret, '/kept')).toMatchObject({ type: 'escalation.closed' });
        await waitFor(async () => (await attemptsOf(moved.id)).some((attempt) => attempt.status === 'failed'), { timeoutMs: 10_000 });
        expect((await attemptsOf(moved.id)).find((attempt) => attempt.attempt === 1)).toMatchObject({
          status: 'failed',
          response_code: null,
          error: "not sent: the webhook's signing secret does not open with the platform's SECRETS_KEY (a configuration error)",
          duration_ms: null,
        });
        expect(receivedOn('/moved')).toEqual([]);

        // The link the value was moved to checks no one, with either secret; the one it came from still does.
        expect(await verifyAs(second.id, first.secret)).toEqual({ result: 'no_secret' });
        expect(await verifyAs(second.id, second.secret)).toEqual({ result: 'no_secret' });
        expect(await verifyAs(first.id, first.secret)).toMatchObject({ result: 'valid' });
        // A new secret for it works again.
        const renewed = await h.client.request('links.links.identity-secret', { tenantId: tenant.tenantId, agentName: tenant.agentName, linkId: second.id });
        expect(await verifyAs(second.id, renewed.secret)).toMatchObject({ result: 'valid' });

        const errors = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === 'error');
        expect(errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ webhookId: moved.id, msg: expect.stringContaining('does not open with SECRETS_KEY') }),
            expect.objectContaining({ linkId: second.id, msg: expect.stringContaining('does not open with SECRETS_KEY') }),
          ]),
        );
        for (const line of log.lines) for (const secret of [kept.secret, moved.secret, first.secret, second.secret]) expect(line).not.toContain(secret);
      },
      { logger: log.logger },
    );
  });

  it('under another SECRETS_KEY nothing sealed opens – no delivery is sent, no user verifies, no chat secret is accepted – until the right key is back', async () => {
    const { webhook, link, chatSecret } = await withReplica(async () => ({
      webhook: await createWebhook('/rekeyed', 'escalation.created'),
      link: await identityLink(),
      chatSecret: await h.client.request('links.chat-secrets.create', { tenantId: tenant.tenantId }),
    }));

    await withReplica(
      async () => {
        await h.client.publish('events.escalation.created', escalationEvent(tenant));
        await waitFor(async () => (await attemptsOf(webhook.id)).some((attempt) => attempt.status === 'failed'), { timeoutMs: 10_000 });
        expect((await attemptsOf(webhook.id)).find((attempt) => attempt.attempt === 1)).toMatchObject({
          status: 'failed',
          error: expect.stringContaining('SECRETS_KEY'),
        });
        expect(await verifyAs(link.id, link.secret)).toEqual({ result: 'no_secret' });
        const live = await h.client.request('links.chat-secrets.live', { tenantId: tenant.tenantId });
        expect(live.secrets.map((one) => one.secretId)).not.toContain(chatSecret.secret_id);
      },
      { keys: { ...linkTestKeys, secrets: 'another-secrets-key-0123456789abcdef' } },
      // The retry falls after this replica has stopped: it is the right key's to make.
      { ...testWebhookOptions, retryDelaysSeconds: [3, 1] },
    );
    // Nothing was rewritten under the other key: with the right one back, the retry goes out signed.
    await withReplica(async () => {
      await waitFor(() => receivedOn('/rekeyed').length === 1, { timeoutMs: 10_000 });
      expect(signedWith(webhook.secret, '/rekeyed')).toMatchObject({ type: 'escalation.created' });
      expect(await verifyAs(link.id, link.secret)).toMatchObject({ result: 'valid' });
      const live = await h.client.request('links.chat-secrets.live', { tenantId: tenant.tenantId });
      expect(live.secrets).toContainEqual({ secretId: chatSecret.secret_id, secret: chatSecret.secret });
    });
  });
});
