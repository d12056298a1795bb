import { sha256Hex, verifyPasscode } from '@parley/auth';
import { linkIdPattern, linkTokenPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('public links over the bus', () => {
  let h: LinksHarness;
  let tenantId: string;

  beforeAll(async () => {
    h = await startLinksHarness();
    tenantId = (await h.client.request('links.tenants.create', { name: 'Links' })).id;
    await h.client.request('links.agents.create', { tenantId, name: 'helper', config: sayingAgent('hi') });
  });
  afterAll(async () => h?.stop());

  const create = (settings: Record<string, unknown>) =>
    h.client.request('links.links.create', {
      tenantId,
      agentName: 'helper',
      settings: { title: 'Help', ...settings } as never,
      publicBaseUrl: 'https://chat.example.com/',
    });

  it('creates a link whose token is shown once and resolves, by its hash, to what visitors need', async () => {
    const before = Date.now();
    const created = await create({
      expires_in_hours: 2,
      max_sessions: 5,
      max_messages_per_session: 4,
      passcode: 'open sesame',
      allowed_origins: ['https://shop.example.com'],
    });
    expect(created.id).toMatch(linkIdPattern);
    expect(created.token).toMatch(linkTokenPattern);
    expect(created.url).toBe(`https://chat.example.com/c/${created.token}`);
    expect(created).toMatchObject({
      agent: 'helper',
      title: 'Help',
      max_sessions: 5,
      max_messages_per_session: 4,
      session_timeout_minutes: 30,
      rate_limit_per_minute: 10,
      require_email_verification: false,
      allowed_origins: ['https://shop.example.com'],
      has_passcode: true,
      active: true,
      state: 'active',
    });
    const expiresIn = Date.parse(created.expires_at!) - before;
    expect(expiresIn).toBeGreaterThanOrEqual(2 * 3_600_000 - 1_000);
    expect(expiresIn).toBeLessThanOrEqual(2 * 3_600_000 + 5_000);

    // Only the token's hash and the passcode's slow hash are in the table.
    const row = await h.ctx.db.selectFrom('public_links').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(JSON.stringify(row)).not.toContain('open sesame');
    expect(await verifyPasscode(row.passcode_hash!, 'open sesame')).toBe(true);
    // The list never shows a token either.
    const listed = await h.client.request('links.links.list', { tenantId, agentName: 'helper' });
    expect(listed.links.map((link) => link.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const access = await h.client.request('links.links.resolve', { tokenHash: sha256Hex(created.token) });
    expect(access).toMatchObject({ linkId: created.id, tenantId, agentName: 'helper', state: 'active', maxSessions: 5, maxMessagesPerSession: 4 });
    expect(access.passcodeHash).toBe(row.passcode_hash);
  });

  it('updates any setting: deactivates, removes the passcode and the expiry, and the state follows', async () => {
    const created = await create({ expires_in_hours: 1, passcode: 'secret-1', title: 'Before' });
    const updated = await h.client.request('links.links.update', {
      tenantId,
      agentName: 'helper',
      linkId: created.id,
      changes: { title: 'After', active: false, passcode: null, expires_at: null, ip_deny: ['203.0.113.0/24'] },
    });
    expect(updated).toMatchObject({ title: 'After', active: false, state: 'inactive', has_passcode: false, expires_at: null, ip_deny: ['203.0.113.0/24'] });
    expect(await h.client.request('links.links.resolve', { tokenHash: sha256Hex(created.token) })).toMatchObject({
      state: 'inactive',
      passcodeHash: null,
      title: 'After',
    });

    const past = new Date(Date.now() - 60_000).toISOString();
    const expired = await h.client.request('links.links.update', {
      tenantId,
      agentName: 'helper',
      linkId: created.id,
      changes: { active: true, expires_at: past },
    });
    expect(expired.state).toBe('expired');
    expect(await h.client.request('links.links.resolve', { tokenHash: sha256Hex(created.token) })).toMatchObject({ state: 'expired' });
  });

  it('deletes a link: its token no longer resolves and it leaves the list, but its row stays for old conversations', async () => {
    const created = await create({});
    expect(await h.client.request('links.links.delete', { tenantId, agentName: 'helper', linkId: created.id })).toEqual({ deleted: true });
    await expect(h.client.request('links.links.resolve', { tokenHash: sha256Hex(created.token) })).rejects.toMatchObject({ code: 'not_found' });
    expect((await h.client.request('links.links.list', { tenantId, agentName: 'helper' })).links.map((link) => link.id)).not.toContain(created.id);
    await expect(h.client.request('links.links.delete', { tenantId, agentName: 'helper', linkId: created.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.client.request('links.links.update', { tenantId, agentName: 'helper', linkId: created.id, changes: { active: true } }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const row = await h.ctx.db.selectFrom('public_links').select('deleted_at').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeInstanceOf(Date);
  });
});
