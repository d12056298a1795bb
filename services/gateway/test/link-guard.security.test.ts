import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleMailer } from '../src/mail/verification-mailer.js';
import { expectError, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

const SHOP = 'https://shop.example.com';

describe('the public edge: origins, CORS, IP rules, passcodes, unknown tokens', () => {
  let h: GatewayHarness;
  const mailed: string[] = [];

  beforeAll(async () => {
    h = await startGatewayHarness(
      {
        publicBaseUrl: 'http://127.0.0.1:8080',
        publicLimits: { perIpPerMinute: 30, perSessionPerMinute: 20, perEmailPerMinute: 20, invalidTokensPerIpPerMinute: 3 },
      },
      { mailer: consoleMailer((line) => mailed.push(line)) },
    );
  });
  afterAll(async () => h?.stop());

  // A new address each time: resending to one address is limited on its own.
  let visitors = 0;
  const startVerification = (token: string, options: Parameters<typeof visitorPost>[2] = {}) =>
    h.inject(visitorPost(`/api/public/verify/${token}`, { email: `visitor-${++visitors}@example.com` }, options));

  it('refuses a browser on an origin the link does not allow (403 origin) and lets listed and same-origin pages in', async () => {
    const link = await createLink(h, { require_email_verification: true, allowed_origins: [SHOP] });
    const refused = await startVerification(link.token, { origin: 'https://evil.example.net' });
    expectError(refused, 403, 'forbidden', /origin/);
    expect(refused.body.error.details).toEqual({ reason: 'origin' });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    const listed = await startVerification(link.token, { origin: SHOP });
    expect(listed.status, listed.text).toBe(202);
    expect(listed.headers['access-control-allow-origin']).toBe(SHOP);
    // The gateway's own chat page, and server-to-server calls without an Origin.
    expect((await startVerification(link.token, { origin: 'http://127.0.0.1:8080' })).status).toBe(202);
    expect((await startVerification(link.token)).status).toBe(202);
  });

  it('answers CORS preflights with exactly the link’s origins, any origin when it lists none, and nothing elsewhere', async () => {
    const strict = await createLink(h, { require_email_verification: true, allowed_origins: [SHOP] });
    const open = await createLink(h, { require_email_verification: true });
    const preflight = (url: string, origin: string) =>
      h.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

    const allowed = await preflight(`/api/public/verify/${strict.token}`, SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(SHOP);
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('content-type');
    // A widget on the shop's page retries its messages with their Idempotency-Key.
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('idempotency-key');

    const other = await preflight(`/api/public/verify/${strict.token}`, 'https://evil.example.net');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const any = await preflight(`/api/public/verify/${open.token}`, 'https://anyone.example.org');
    expect(any.status).toBe(204);
    expect(any.headers['access-control-allow-origin']).toBe('https://anyone.example.org');

    // Unknown links and every other route: no CORS at all.
    const unknown = await preflight(`/api/public/verify/${'x'.repeat(32)}`, SHOP);
    expect(unknown.headers['access-control-allow-origin']).toBeUndefined();
    const management = await preflight('/api/agents', SHOP);
    expect(management.headers['access-control-allow-origin']).toBeUndefined();
    const health = await h.inject({ method: 'GET', url: '/healthz', headers: { origin: SHOP } });
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses denied addresses (IPv4, IPv6, IPv4-mapped, CIDR) with 403 ip; deny wins over allow', async () => {
    const link = await createLink(h, {
      require_email_verification: true,
      ip_allow: ['203.0.113.0/24', '198.51.100.0/24', '2001:db8::/32'],
      ip_deny: ['198.51.100.0/25', '2001:db8:bad::/48'],
    });
    for (const address of ['198.51.100.9', '::ffff:198.51.100.9', '2001:db8:bad::1']) {
      const refused = await startVerification(link.token, { remoteAddress: address });
      expectError(refused, 403, 'forbidden', /address/);
      expect(refused.body.error.details).toEqual({ reason: 'ip' });
    }
    // Outside the allow list.
    expectError(await startVerification(link.token, { remoteAddress: '192.0.2.1' }), 403, 'forbidden', /address/);
    for (const address of ['203.0.113.5', '198.51.100.200', '::ffff:203.0.113.5', '2001:db8:1::1']) {
      expect((await startVerification(link.token, { remoteAddress: address })).status, address).toBe(202);
    }
  });

  it('ignores X-Forwarded-For when TRUST_PROXY is not set', async () => {
    const link = await createLink(h, { require_email_verification: true, ip_deny: ['198.51.100.0/24'] });
    const forwarded = await startVerification(link.token, { headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect(forwarded.status, forwarded.text).toBe(202);
  });

  it('needs the passcode to start a session, and blocks an address after 5 wrong ones', async () => {
    const link = await createLink(h, { require_email_verification: true, passcode: 'open sesame' });
    const confirm = (passcode: string | undefined, remoteAddress = '203.0.113.50') =>
      h.inject(
        visitorPost(
          `/api/public/verify/${link.token}/confirm`,
          { email: 'ann@example.com', code: '123456', ...(passcode === undefined ? {} : { passcode }) },
          { remoteAddress },
        ),
      );
    const missing = await confirm(undefined);
    expectError(missing, 401, 'unauthorized', /passcode/);
    expect(missing.body.error.details).toEqual({ reason: 'passcode_required' });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await confirm('guess');
      expectError(wrong, 401, 'unauthorized', /passcode is wrong/);
      expect(wrong.body.error.details).toEqual({ reason: 'passcode_wrong', attempts_left: 5 - attempt });
    }
    // Even the right passcode waits now: a guess after the budget teaches nothing.
    const blocked = await confirm('open sesame');
    expectError(blocked, 429, 'rate_limited', /passcode/);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another address is not held back: its right passcode reaches the code check.
    const other = await confirm('open sesame', '203.0.113.51');
    expectError(other, 401, 'unauthorized', /no valid code/);
  });

  it('rate-limits requests for unknown or malformed tokens per address', async () => {
    const address = '192.0.2.77';
    expectError(await startVerification('too-short', { remoteAddress: address }), 404, 'not_found');
    expectError(await startVerification('A'.repeat(32), { remoteAddress: address }), 404, 'not_found');
    const deleted = await createLink(h, { require_email_verification: true });
    await h.bus.request('links.links.delete', { tenantId: deleted.tenantId, agentName: deleted.agent, linkId: deleted.id });
    expectError(await startVerification(deleted.token, { remoteAddress: address }), 404, 'not_found');
    const limited = await startVerification('B'.repeat(32), { remoteAddress: address });
    expectError(limited, 429, 'rate_limited', /unknown links/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Known links still answer for that address; other addresses still get their 404.
    const link = await createLink(h, { require_email_verification: true });
    expect((await startVerification(link.token, { remoteAddress: address })).status).toBe(202);
    expectError(await startVerification('C'.repeat(32), { remoteAddress: '192.0.2.78' }), 404, 'not_found');
  });

  it('stores every refusal as a security event, with its link and without any address', async () => {
    const link = await createLink(h, { require_email_verification: true, allowed_origins: [SHOP], ip_deny: ['198.51.100.0/24'] });
    expect((await startVerification(link.token, { origin: 'https://evil.example.net' })).status).toBe(403);
    expect((await startVerification(link.token, { remoteAddress: '198.51.100.1' })).status).toBe(403);
    const rows = await waitFor(async () => {
      const found = await h.ctx.db.selectFrom('security_events').selectAll().where('link_id', '=', link.id).execute();
      return found.length >= 2 ? found : false;
    });
    expect(rows.map((row) => row.kind).sort()).toEqual(['forbidden_ip', 'forbidden_origin']);
    expect(rows.every((row) => row.tenant_id === link.tenantId)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('198.51.100.1');
    const kinds = new Set((await h.ctx.db.selectFrom('security_events').select('kind').execute()).map((row) => row.kind));
    for (const kind of ['passcode_failed', 'invalid_token', 'rate_limited']) expect(kinds, kind).toContain(kind);
  });
});

describe('the public edge behind a trusted proxy', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ trustProxy: ['127.0.0.1', '10.0.0.0/8'] }, { mailer: consoleMailer(() => {}) });
  });
  afterAll(async () => h?.stop());

  it('takes the client address from X-Forwarded-For only when the request comes from a named proxy', async () => {
    const link = await createLink(h, { require_email_verification: true, ip_deny: ['198.51.100.0/24'] });
    const post = (remoteAddress: string, forwardedFor: string) =>
      h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'ann@example.com' }, { remoteAddress, headers: { 'x-forwarded-for': forwardedFor } }));
    expectError(await post('10.1.2.3', '198.51.100.9'), 403, 'forbidden', /address/);
    expect((await post('10.1.2.3', '203.0.113.9')).status).toBe(202);
    // Not a named proxy: the header is the client's own claim.
    expect((await post('192.0.2.10', '203.0.113.9')).status).toBe(202);
    expectError(await post('198.51.100.20', '203.0.113.9'), 403, 'forbidden', /address/);
  });
});

describe('behind a trusted proxy whose X-Forwarded-For carries ports (Azure Application Gateway) or no address at all', () => {
  let h: GatewayHarness;
  const PROXY = '127.0.0.1';
  beforeAll(async () => {
    h = await startGatewayHarness(
      { trustProxy: [PROXY], publicLimits: { perIpPerMinute: 2, perSessionPerMinute: 1_000, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 1_000 } },
      { mailer: consoleMailer(() => {}) },
    );
  });
  afterAll(async () => h?.stop());

  /** A first message through the proxy, for the client the proxy names `forwardedFor`. */
  const chat = (token: string, forwardedFor: string | undefined) =>
    h.inject(
      visitorPost(
        `/api/public/chat/${token}`,
        { content: 'hello' },
        { remoteAddress: PROXY, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } },
      ),
    );
  const expectAddressLimit = (answer: Awaited<ReturnType<typeof chat>>) => {
    expectError(answer, 429, 'rate_limited');
    expect(answer.body.error.details).toMatchObject({ limit: 'address' });
  };

  it('counts one client by its address whatever the port: its connections share one per-address limit', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 1_000 });
    expect((await chat(link.token, '203.0.113.78:1001')).status).toBe(200);
    expect((await chat(link.token, '203.0.113.78:1002')).status).toBe(200);
    expectAddressLimit(await chat(link.token, '203.0.113.78:1003'));
    expectAddressLimit(await chat(link.token, '[::ffff:203.0.113.78]:1004'));
    expectAddressLimit(await chat(link.token, '203.0.113.78'));
    // An IPv6 client in brackets with its port, by its /64 as ever.
    expect((await chat(link.token, '[2001:db8:7:7::1]:443')).status).toBe(200);
    expect((await chat(link.token, '[2001:db8:7:7::2]:444')).status).toBe(200);
    expectAddressLimit(await chat(link.token, '2001:db8:7:7::3'));
    // Another client is not held back.
    expect((await chat(link.token, '203.0.113.79:1001')).status).toBe(200);
  });

  it('matches the IP and country rules on the address without its port', async () => {
    const denied = await createLink(h, { rate_limit_per_minute: 1_000, ip_deny: ['203.0.113.0/24'] });
    for (const entry of ['203.0.113.80:1001', '[::ffff:203.0.113.80]:443']) expectError(await chat(denied.token, entry), 403, 'forbidden', /address/);
    expect((await chat(denied.token, '198.51.100.80:1001')).status).toBe(200);
    const allowed = await createLink(h, { rate_limit_per_minute: 1_000, ip_allow: ['203.0.113.0/24'] });
    expect((await chat(allowed.token, '203.0.113.81:1001')).status).toBe(200);
    expectError(await chat(allowed.token, '[2001:db8::81]:443'), 403, 'forbidden', /address/);
    const germany = await createLink(h, { rate_limit_per_minute: 1_000, country_deny: ['DE'] });
    expectError(await chat(germany.token, '5.9.0.1:443'), 403, 'forbidden', /country/);
    expect((await chat(germany.token, '8.8.8.8:443')).status).toBe(200);
  });

  it('takes an entry that is no address for the proxy that sent it: no budget of its own, no way past an allow list', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 1_000 });
    expect((await chat(link.token, 'unknown')).status).toBe(200);
    expect((await chat(link.token, 'not-an-address')).status).toBe(200);
    // A third string, or the proxy itself: the same budget, spent.
    expectAddressLimit(await chat(link.token, 'proxy.example.com:80'));
    expectAddressLimit(await chat(link.token, undefined));
    expect((await chat(link.token, '203.0.113.90:1001')).status).toBe(200);
    const allowed = await createLink(h, { rate_limit_per_minute: 1_000, ip_allow: ['203.0.113.0/24'] });
    expectError(await chat(allowed.token, 'garbage'), 403, 'forbidden', /address/);
  });
});
