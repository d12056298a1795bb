import { sessionCredentialPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../test/gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from '../../../test/mail-harness.js';
import { createLink } from '../../../test/public-link-fixtures.js';
import type { ServedGateway } from '../../../test/served-gateway.js';
import type { SmtpInbox } from '../../../test/smtp-inbox.js';
import { challengeConfig, expectChallengeRefused, servedVisitors, solve, TEST_MAX_NUMBER, type Visitor } from './public-challenge.test-kit.js';

describe('a link that asks for proof of work: a solved challenge starts each session, once', () => {
  let mail: MailHarness;
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let served: ServedGateway;
  let visitor: () => Visitor;

  beforeAll(async () => {
    mail = await startGatewayWithInbox(challengeConfig);
    ({ h, inbox } = mail);
    ({ served, visitor } = await servedVisitors(h));
  });
  afterAll(async () => {
    await served?.stop();
    await mail?.stop();
  });

  it('the link info says so, and its challenge is ALTCHA’s: SHA-256, signed, expiring in 10 minutes, never cached', async () => {
    const link = await createLink(h, { challenge: 'pow' });
    const ann = visitor();
    expect((await ann.get(`/api/public/links/${link.token}`)).body).toMatchObject({ challenge: 'pow' });

    const before = Math.floor(Date.now() / 1000);
    const answer = await ann.get(`/api/public/links/${link.token}/challenge`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { parameters, signature } = answer.body;
    expect(parameters).toEqual({
      algorithm: 'SHA-256',
      cost: 1,
      expiresAt: expect.any(Number),
      keyLength: 32,
      keyPrefix: expect.stringMatching(/^[0-9a-f]{32}$/),
      keySignature: expect.stringMatching(/^[0-9a-f]{64}$/),
      nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
      salt: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(parameters.expiresAt - before).toBeGreaterThanOrEqual(599);
    expect(parameters.expiresAt - before).toBeLessThanOrEqual(601);
    // Every challenge is new, and its counter lies between a tenth of the maximum and the maximum.
    const again = await ann.get(`/api/public/links/${link.token}/challenge`);
    expect(again.body.parameters.nonce).not.toBe(parameters.nonce);
    const counters = await Promise.all(
      [answer.body, again.body].map(async (challenge) => JSON.parse(Buffer.from(await solve(challenge), 'base64').toString()).solution.counter),
    );
    for (const counter of counters) {
      expect(counter).toBeGreaterThanOrEqual(TEST_MAX_NUMBER / 10);
      expect(counter).toBeLessThanOrEqual(TEST_MAX_NUMBER);
    }
  });

  it('a first message with a solution gets the agent’s reply; the session’s later messages need none', async () => {
    const link = await createLink(h, { challenge: 'pow' });
    const ann = visitor();
    const first = await ann.post(`/api/public/chat/${link.token}`, { content: 'hello', challenge_solution: await ann.solution(link.token) });
    expect(first.status, first.text).toBe(200);
    expect(first.body.session).toMatch(sessionCredentialPattern);
    expect(first.body.response).toBe('Noted.');
    for (const content of ['one more thing', 'and another']) {
      const later = await ann.post(`/api/public/chat/${link.token}`, { content, session: first.body.session });
      expect(later.status, later.text).toBe(200);
    }
  });

  it('each way of starting a session asks for one: a new conversation, a start without a message (the widget’s), a confirmed email', async () => {
    const link = await createLink(h, { challenge: 'pow' });
    const ann = visitor();
    const started = await ann.post(`/api/public/sessions/${link.token}`, {});
    expectChallengeRefused(started, 'missing');
    const widget = await ann.post(`/api/public/sessions/${link.token}`, { challenge_solution: await ann.solution(link.token) });
    expect(widget.status, widget.text).toBe(201);
    // Its messages, and the socket's, go on without one.
    expect((await ann.post(`/api/public/chat/${link.token}`, { content: 'hi', session: widget.body.session })).status).toBe(200);

    expectChallengeRefused(await ann.post(`/api/public/chat/${link.token}/new`, { content: 'again', session: widget.body.session }), 'missing');
    const fresh = await ann.post(`/api/public/chat/${link.token}/new`, {
      content: 'again',
      session: widget.body.session,
      challenge_solution: await ann.solution(link.token),
    });
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.session).not.toBe(widget.body.session);

    const verified = await createLink(h, { challenge: 'pow', require_email_verification: true });
    expect((await ann.post(`/api/public/verify/${verified.token}`, { email: 'pow@example.com' })).status).toBe(202);
    const { code } = await inbox.next('pow@example.com');
    expectChallengeRefused(await ann.post(`/api/public/verify/${verified.token}/confirm`, { email: 'pow@example.com', code }), 'missing');
    const confirmed = await ann.post(`/api/public/verify/${verified.token}/confirm`, {
      email: 'pow@example.com',
      code,
      challenge_solution: await ann.solution(verified.token),
    });
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(confirmed.body.session).toMatch(sessionCredentialPattern);
  });

  it('a link without the challenge asks for none, and ignores one sent all the same', async () => {
    const link = await createLink(h);
    const bob = visitor();
    expect((await bob.get(`/api/public/links/${link.token}`)).body).toMatchObject({ challenge: null });
    expect((await bob.post(`/api/public/chat/${link.token}`, { content: 'hello' })).status).toBe(200);
    expect((await bob.post(`/api/public/sessions/${link.token}`, {})).status).toBe(201);
    const withOne = await bob.post(`/api/public/chat/${link.token}`, { content: 'hello', challenge_solution: 'not even base64 ¡' });
    expect(withOne.status, withOne.text).toBe(200);
  });
});
