import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

const HOUR_MS = 3_600_000;

describe('link templates', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  let other: { tenantId: string; key: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    tenant = await h.seedTenant('Template owner');
    other = await h.seedTenant('Someone else');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'support', config: echoAgent })).status).toBe(201);
  });
  afterAll(async () => h?.stop());

  it('offers the three built-in templates with the settings docs/management-api.md, "Templates" lists', async () => {
    const listed = await h.withKey(tenant.key, 'GET', '/api/link-templates');
    expect(listed.status).toBe(200);
    const builtIn = Object.fromEntries(
      listed.body.templates.filter((t: { built_in: boolean }) => t.built_in).map((t: { name: string; settings: unknown }) => [t.name, t.settings]),
    );
    expect(builtIn).toEqual({
      daily_checkin: { title: 'Daily check-in', expires_in_hours: 4, max_sessions: 1, max_messages_per_session: 20 },
      customer_support: {
        title: 'Customer support',
        expires_in_hours: 2,
        max_sessions: 5,
        max_messages_per_session: 50,
        rate_limit_per_minute: 15,
        uploads: { enabled: true, max_bytes: 10_485_760, types: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] },
        content_rules: { block_patterns: [], pii: 'redact', moderation: 'off', prompt_injection: 'flag' },
      },
      feedback: { title: 'Feedback', expires_in_hours: 168, max_sessions: 100, max_messages_per_session: 25 },
    });
  });

  it('makes a link from a built-in template, the body’s own fields overriding it', async () => {
    const before = Date.now();
    const plain = await h.withKey(tenant.key, 'POST', '/api/agents/support/public-links', { template: 'customer_support' });
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body).toMatchObject({
      title: 'Customer support',
      max_sessions: 5,
      max_messages_per_session: 50,
      rate_limit_per_minute: 15,
      uploads: { enabled: true },
      content_rules: { block_patterns: [], pii: 'redact', moderation: 'off', prompt_injection: 'flag' },
    });
    expect(Date.parse(plain.body.expires_at) - before).toBeGreaterThanOrEqual(2 * HOUR_MS - 1_000);
    expect(Date.parse(plain.body.expires_at) - before).toBeLessThan(2 * HOUR_MS + 60_000);

    const overridden = await h.withKey(tenant.key, 'POST', '/api/agents/support/public-links', {
      template: 'customer_support',
      title: 'VIP support',
      rate_limit_per_minute: 3,
      rate_limit_per_link_per_minute: 12,
      expires_at: null,
    });
    expect(overridden.status, overridden.text).toBe(201);
    // The body's expiry replaces the template's (never expires), the rest of the template stays.
    expect(overridden.body).toMatchObject({
      title: 'VIP support',
      rate_limit_per_minute: 3,
      rate_limit_per_link_per_minute: 12,
      max_sessions: 5,
      expires_at: null,
      session_timeout_minutes: 30,
    });
    expect(plain.body.rate_limit_per_link_per_minute).toBeNull();
  });

  it('creates, lists, changes and deletes a tenant’s own template, and makes links from it', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/link-templates', {
      name: 'night-shift',
      description: 'For the night desk',
      settings: { title: 'Night desk', max_messages_per_session: 7, allowed_origins: ['https://shop.example'], rate_limit_per_link_per_minute: 30 },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: 'night-shift', built_in: false, settings: { title: 'Night desk', max_messages_per_session: 7 } });

    const link = await h.withKey(tenant.key, 'POST', '/api/agents/support/public-links', { template: 'night-shift' });
    expect(link.body).toMatchObject({
      title: 'Night desk',
      max_messages_per_session: 7,
      allowed_origins: ['https://shop.example'],
      rate_limit_per_link_per_minute: 30,
    });

    const changed = await h.withKey(tenant.key, 'PUT', '/api/link-templates/night-shift', { settings: { title: 'Night desk', max_messages_per_session: 9 } });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toEqual({ title: 'Night desk', max_messages_per_session: 9 });
    // A link made before keeps its settings.
    const links = await h.withKey(tenant.key, 'GET', '/api/agents/support/public-links');
    expect(links.body.links.find((l: { id: string }) => l.id === link.body.id)).toMatchObject({ max_messages_per_session: 7 });

    const names = (await h.withKey(tenant.key, 'GET', '/api/link-templates')).body.templates.map((t: { name: string }) => t.name);
    expect(names).toEqual(['daily_checkin', 'customer_support', 'feedback', 'night-shift']);

    expect((await h.withKey(tenant.key, 'DELETE', '/api/link-templates/night-shift')).status).toBe(204);
    expect((await h.withKey(tenant.key, 'DELETE', '/api/link-templates/night-shift')).status).toBe(404);
    const gone = await h.withKey(tenant.key, 'POST', '/api/agents/support/public-links', { template: 'night-shift' });
    expect(gone.status).toBe(400);
    expect(gone.body.error.details).toEqual([{ path: 'body.template', message: 'no such template' }]);
  });

  it('refuses to take, change or delete a built-in name (409), a taken name (409), a passcode or a bad setting (400)', async () => {
    expect((await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'feedback', settings: {} })).status).toBe(409);
    expect((await h.withKey(tenant.key, 'PUT', '/api/link-templates/feedback', { description: 'mine' })).status).toBe(409);
    expect((await h.withKey(tenant.key, 'DELETE', '/api/link-templates/daily_checkin')).status).toBe(409);
    expect((await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'twice', settings: {} })).status).toBe(201);
    expect((await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'twice', settings: {} })).status).toBe(409);

    const passcode = await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'locked', settings: { passcode: 'secret-code' } });
    expect(passcode.status).toBe(400);
    const bad = await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'Bad Name', settings: { max_sessions: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.name', 'body.settings.max_sessions']);
    // Without a title anywhere, a link cannot be made from a template that has none.
    const untitled = await h.withKey(tenant.key, 'POST', '/api/agents/support/public-links', { template: 'twice' });
    expect(untitled.status).toBe(400);
    expect(untitled.body.error.details[0].path).toBe('body.title');
  });

  it('keeps tenants apart: another tenant neither sees nor uses a tenant’s template', async () => {
    expect((await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'private-one', settings: { title: 'Ours' } })).status).toBe(201);
    const theirs = await h.withKey(other.key, 'GET', '/api/link-templates');
    expect(theirs.body.templates.map((t: { name: string }) => t.name)).toEqual(['daily_checkin', 'customer_support', 'feedback']);
    expect((await h.withKey(other.key, 'PUT', '/api/link-templates/private-one', { description: 'taken' })).status).toBe(404);
    expect((await h.withKey(other.key, 'DELETE', '/api/link-templates/private-one')).status).toBe(404);
    expect((await h.withKey(other.key, 'POST', '/api/agents', { name: 'support', config: echoAgent })).status).toBe(201);
    const used = await h.withKey(other.key, 'POST', '/api/agents/support/public-links', { template: 'private-one' });
    expect(used.status).toBe(400);
    // The same name is free for the other tenant.
    expect((await h.withKey(other.key, 'POST', '/api/link-templates', { name: 'private-one', settings: { title: 'Theirs' } })).status).toBe(201);
  });

  it('records template changes in the audit log with who made them', async () => {
    expect((await h.withKey(tenant.key, 'POST', '/api/link-templates', { name: 'audited', settings: { title: 'A' } })).status).toBe(201);
    expect((await h.withKey(tenant.key, 'DELETE', '/api/link-templates/audited')).status).toBe(204);
    const deadline = Date.now() + 5_000;
    let actions: string[] = [];
    while (Date.now() < deadline) {
      const audit = await h.withKey(tenant.key, 'GET', '/api/audit?target=audited');
      actions = audit.body.entries?.map((e: { action: string }) => e.action) ?? [];
      if (actions.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(actions.sort()).toEqual(['template.create', 'template.delete']);
  });
});
