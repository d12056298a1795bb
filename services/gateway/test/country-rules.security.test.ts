import { sha256Hex } from '@parley/auth';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleMailer } from '../src/mail/verification-mailer.js';
import { listen, startSession } from '../src/routes/public/live/public-events.test-kit.js';
import { socketOpener } from '../src/routes/public/live/public-socket.test-kit.js';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/** Addresses the offline table places (checked in country-rules.test.ts), and the proxy in front of the gateway. */
const GERMANY = '5.9.0.1';
const USA = '8.8.8.8';
const PROXY = '127.0.0.1';
/** A client connecting straight to the gateway: its X-Forwarded-For is not believed. */
const STRANGER = '127.0.0.2';

describe('a link’s country rules', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  const sockets = socketOpener();

  beforeAll(async () => {
    h = await startGatewayHarness({ trustProxy: [PROXY] }, { live: {}, mailer: consoleMailer(() => {}) });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
  });

  /** A request through the trusted proxy, for the visitor at `client`. */
  const via = (client: string) => ({ remoteAddress: PROXY, headers: { 'x-forwarded-for': client } });
  const info = (token: string, from: { remoteAddress: string; headers?: Record<string, string> }) =>
    h.inject({ method: 'GET', url: `/api/public/links/${token}`, ...from });
  const sessionOn = async (token: string) => startSession(h, await h.bus.request('links.links.resolve', { tokenHash: sha256Hex(token) }));
  const chat = (token: string, from: { remoteAddress: string; headers?: Record<string, string> }, body: Record<string, unknown> = { content: 'hello' }) =>
    h.inject(visitorPost(`/api/public/chat/${token}`, body, from));

  function expectCountryRefusal(response: InjectResult): void {
    expectError(response, 403, 'forbidden', /country/);
    expect(response.body.error.details).toEqual({ reason: 'country' });
  }

  it('refuse a denied country on every public route of the link, and admit others', async () => {
    const link = await createLink(h, { country_deny: ['DE'], require_email_verification: true });
    const open = await createLink(h, { country_deny: ['DE'] });
    const started = await sessionOn(open.token);
    const germany = via(GERMANY);
    const refused = [
      await info(link.token, germany),
      await chat(open.token, germany),
      await h.inject(visitorPost(`/api/public/chat/${open.token}`, { content: 'more', session: started.session }, germany)),
      await h.inject(visitorPost(`/api/public/chat/${open.token}/new`, { content: 'again', session: started.session }, germany)),
      await h.inject(visitorPost(`/api/public/sessions/${open.token}`, {}, germany)),
      await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'ann@example.com' }, germany)),
      await h.inject(visitorPost(`/api/public/verify/${link.token}/confirm`, { email: 'ann@example.com', code: '123456' }, germany)),
      await h.inject({ method: 'GET', url: `/api/public/history/${open.token}?session=${started.session}`, ...germany }),
      await h.inject({ method: 'GET', url: `/api/public/events/${open.token}?session=${started.session}`, ...germany }),
      await h.inject({
        method: 'POST',
        url: `/api/public/chat/${open.token}/uploads?session=${started.session}`,
        headers: { ...germany.headers, 'content-type': 'multipart/form-data; boundary=x' },
        payload: '--x--\r\n',
        remoteAddress: PROXY,
      }),
      await h.inject(visitorPost(`/api/public/chat/${open.token}/escalate`, { session: started.session, reason: 'help' }, germany)),
    ];
    for (const response of refused) expectCountryRefusal(response);

    // Another country, and an address the table does not place (the loopback itself), are let through.
    expect((await info(link.token, via(USA))).status).toBe(200);
    expect((await chat(open.token, via(USA))).status).toBe(200);
    expect((await info(link.token, { remoteAddress: PROXY })).status).toBe(200);
  });

  it('with an allow list, admit only its countries – an address the table does not place is refused too', async () => {
    const link = await createLink(h, { country_allow: ['US'] });
    expect((await chat(link.token, via(USA))).status).toBe(200);
    expectCountryRefusal(await chat(link.token, via(GERMANY)));
    expectCountryRefusal(await chat(link.token, { remoteAddress: PROXY }));
    // Deny wins over allow.
    const both = await createLink(h, { country_allow: ['US', 'DE'], country_deny: ['DE'] });
    expect((await info(both.token, via(USA))).status).toBe(200);
    expectCountryRefusal(await info(both.token, via(GERMANY)));
  });

  it('believe X-Forwarded-For only from a proxy named in TRUST_PROXY', async () => {
    const denying = await createLink(h, { country_deny: ['DE'] });
    const allowing = await createLink(h, { country_allow: ['US'] });
    // From a trusted proxy the forwarded address counts.
    expectCountryRefusal(await info(denying.token, via(GERMANY)));
    expect((await info(allowing.token, via(USA))).status).toBe(200);
    // From any other peer the header is ignored: the peer's own address (not placed) is judged.
    const spoofing = (client: string) => ({ remoteAddress: STRANGER, headers: { 'x-forwarded-for': client } });
    expect((await info(denying.token, spoofing(GERMANY))).status).toBe(200);
    expectCountryRefusal(await info(allowing.token, spoofing(USA)));
  });

  it('refuse the widget’s WebSocket before the upgrade', async () => {
    const link = await createLink(h, { country_deny: ['DE'] });
    const started = await sessionOn(link.token);
    const denied = await sockets.open(baseUrl, link.token, started.session, undefined, { headers: { 'x-forwarded-for': GERMANY } }).ended;
    expect(denied).toMatchObject({ kind: 'refused', status: 403, body: { error: { code: 'forbidden', details: { reason: 'country' } } } });
    await sockets.open(baseUrl, link.token, started.session, undefined, { headers: { 'x-forwarded-for': USA } }).opened;
  });

  it('record each refusal as a `country` security event of the link, without the address', async () => {
    const link = await createLink(h, { country_deny: ['DE'] });
    expectCountryRefusal(await info(link.token, via(GERMANY)));
    expectCountryRefusal(await chat(link.token, via(GERMANY)));
    const rows = await waitFor(async () => {
      const found = await h.ctx.db.selectFrom('security_events').selectAll().where('link_id', '=', link.id).execute();
      // Two refusals: two rows, or one that stands for both when they went out in one batch.
      return found.reduce((sum, row) => sum + row.count, 0) >= 2 ? found : false;
    });
    expect(rows.map((row) => ({ kind: row.kind, tenant: row.tenant_id }))).toEqual(rows.map(() => ({ kind: 'country', tenant: link.tenantId })));
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(2);
    expect(JSON.stringify(rows)).not.toContain(GERMANY);
  });
});

describe('country rules through the management API', () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; name: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent();
  });
  afterAll(async () => h?.stop());

  it('keep codes upper-cased, on create and on update, and show them back', async () => {
    const created = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'EU only', country_allow: ['de', 'At'] }, agent.tenantId);
    expect(created.status, created.text).toBe(201);
    expect(created.body.country_allow).toEqual(['DE', 'AT']);
    expect(created.body.country_deny).toEqual([]);
    const updated = await h.admin(
      'PUT',
      `/api/agents/${agent.name}/public-links/${created.body.id}`,
      { country_deny: ['us'], country_allow: [] },
      agent.tenantId,
    );
    expect(updated.status, updated.text).toBe(200);
    expect({ allow: updated.body.country_allow, deny: updated.body.country_deny }).toEqual({ allow: [], deny: ['US'] });
    const listed = await h.admin('GET', `/api/agents/${agent.name}/public-links`, undefined, agent.tenantId);
    const shown = listed.body.links.find((link: { id: string }) => link.id === created.body.id);
    expect({ allow: shown.country_allow, deny: shown.country_deny }).toEqual({ allow: [], deny: ['US'] });
  });

  it('refuse a code that is not two letters, naming the field', async () => {
    for (const [body, path] of [
      [{ title: 'x', country_allow: ['DEU'] }, 'body.country_allow.0'],
      [{ title: 'x', country_deny: ['DE', '1A'] }, 'body.country_deny.1'],
      [{ title: 'x', country_deny: 'DE' }, 'body.country_deny'],
    ] as const) {
      const refused = await h.admin('POST', `/api/agents/${agent.name}/public-links`, body, agent.tenantId);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
  });
});
