import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness } from '../../../../test/gateway-harness.js';
import { operator, operatorKey, visitor } from '../../management/escalations/escalation.test-kit.js';
import { type FollowUpHarness, followUpLink, noMail, startFollowUpHarness, visit } from './public-follow-up.test-kit.js';

/**
 * The follow-up routes with someone else's credential, on another tenant's link, past the link's
 * limits and rules – and the visitors' addresses kept out of every log line.
 */
describe('leaving a message and the transcript: whose they are', () => {
  let f: FollowUpHarness;
  let h: GatewayHarness;
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = (service: string) => createLogger({ service, level: 'debug', destination });
    f = await startFollowUpHarness({}, { gatewayLogger: logger('gateway'), servicesLogger: logger('services') });
    h = f.h;
  });
  afterAll(async () => f?.stop());

  const offline = (token: string, body: unknown, headers: Record<string, string> = {}) =>
    h.inject({
      method: 'POST',
      url: `/api/public/chat/${token}/offline-message`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
  const transcript = (token: string, body: unknown) => visitor(h, 'POST', `/api/public/chat/${token}/transcript`, body);

  it("a session of another link – the same tenant's or another's – is 401 on this one, and reaches nothing of it", async () => {
    const mine = await followUpLink(h);
    const sameTenant = await h.admin(
      'POST',
      `/api/agents/${mine.agent.name}/public-links`,
      { title: 'Other desk', rate_limit_per_minute: 10_000 },
      mine.agent.tenantId,
    );
    const theirs = await followUpLink(h);
    const mySession = await visit(h, mine.token);
    for (const token of [sameTenant.body.token as string, theirs.token]) {
      expectError(await offline(token, { session: mySession, email: 'x@example.org', content: 'hi' }), 401, 'unauthorized');
      expectError(await transcript(token, { session: mySession, email: 'x@example.org' }), 401, 'unauthorized');
    }
    // Nothing opened in either tenant's inbox.
    for (const tenantId of [mine.agent.tenantId, theirs.agent.tenantId]) {
      expect((await h.admin('GET', '/api/inbox', undefined, tenantId)).body.items).toEqual([]);
    }
  });

  it("another tenant's operator neither sees the message left nor can answer it", async () => {
    const mine = await followUpLink(h);
    const session = await visit(h, mine.token);
    const left = await offline(mine.token, { session, email: 'y@example.org', content: 'private' });
    expect(left.status, left.text).toBe(201);
    const other = await h.seedTenant('Elsewhere');
    const key = await operatorKey(h, other.tenantId, 'Mallory');
    expect((await operator(h, key, 'GET', '/api/inbox')).body.items).toEqual([]);
    const mails = f.inbox.mails.length;
    expectError(await operator(h, key, 'POST', `/api/inbox/${left.body.escalation.id}/claim`), 404, 'not_found');
    expectError(await operator(h, key, 'POST', `/api/inbox/${left.body.escalation.id}/messages`, { content: 'gotcha' }), 404, 'not_found');
    await noMail(f.inbox, 'y@example.org', mails);
  });

  it('an unknown link is 404, a deactivated one 410, a refused origin 403', async () => {
    const session = `pcs_${'B'.repeat(32)}`;
    expectError(await offline('A'.repeat(32), { session, email: 'z@example.org', content: 'hi' }), 404, 'not_found');
    const { agent, token, linkId } = await followUpLink(h, { allowed_origins: ['https://shop.example'] });
    const own = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    expectError(
      await offline(token, { session: own.body.session, email: 'z@example.org', content: 'hi' }, { origin: 'https://evil.example' }),
      403,
      'forbidden',
    );
    expect((await h.admin('PUT', `/api/agents/${agent.name}/public-links/${linkId}`, { active: false }, agent.tenantId)).status).toBe(200);
    expectError(await offline(token, { session: own.body.session, email: 'z@example.org', content: 'hi' }), 410, 'gone');
    expectError(await transcript(token, { session: own.body.session, email: 'z@example.org' }), 410, 'gone');
  });

  it("each counts against the link's rate limit like a message (429 with Retry-After)", async () => {
    const { token } = await followUpLink(h, { rate_limit_per_minute: 3 });
    const session = await visit(h, token);
    expect((await offline(token, { session, email: 'r@example.org', content: 'one' })).status).toBe(201);
    expect((await transcript(token, { session, email: 'r@example.org' })).status).toBe(202);
    const refused = await offline(token, { session, email: 'r@example.org', content: 'three' });
    expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expectError(await transcript(token, { session, email: 'r@example.org' }), 429, 'rate_limited');
  });

  it('logs neither the addresses nor what was left', async () => {
    const { agent, token } = await followUpLink(h, { transcript_to_tenant: true });
    expect((await h.admin('PUT', `/api/tenants/${agent.tenantId}`, { operator_email: 'desk@logs.example' })).status).toBe(200);
    const session = await visit(h, token);
    const left = await offline(token, { session, email: 'hidden.person@logs.example', content: 'my door code is QX-4417-ZK' });
    expect(left.status, left.text).toBe(201);
    expect((await transcript(token, { session, email: 'hidden.transcript@logs.example' })).status).toBe(202);
    const key = await operatorKey(h, agent.tenantId, 'Lou');
    const id = left.body.escalation.id as string;
    await operator(h, key, 'POST', `/api/inbox/${id}/claim`);
    const mails = f.inbox.mails.length;
    await operator(h, key, 'POST', `/api/inbox/${id}/messages`, { content: 'noted' });
    await f.inbox.next('hidden.person@logs.example', mails);
    await operator(h, key, 'POST', `/api/inbox/${id}/close`);
    await f.inbox.next('hidden.transcript@logs.example', mails);
    await f.inbox.next('desk@logs.example', mails);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = lines.join('');
    // The requests and the mails are logged, by route and conversation.
    expect(logged).toContain('/api/public/chat/:token/offline-message');
    expect(logged).toContain('transcript mailed');
    for (const secret of ['hidden.person', 'hidden.transcript', 'desk@logs.example', 'QX-4417-ZK', session]) expect(logged).not.toContain(secret);
  });
});
