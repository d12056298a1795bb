import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayHarness } from '../../../test/gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from '../../../test/mail-harness.js';
import { createLink } from '../../../test/public-link-fixtures.js';
import type { ServedGateway } from '../../../test/served-gateway.js';
import { analyticsWhen } from '../management/analytics/analytics.test-kit.js';
import { challengeConfig, expectChallengeRefused, servedVisitors, tampered, type Visitor } from './public-challenge.test-kit.js';

describe('proof of work: what is refused', () => {
  let mail: MailHarness;
  let h: GatewayHarness;
  let served: ServedGateway;
  let visitor: () => Visitor;

  beforeAll(async () => {
    mail = await startGatewayWithInbox(challengeConfig);
    ({ h } = mail);
    ({ served, visitor } = await servedVisitors(h));
  });
  afterAll(async () => {
    await served?.stop();
    await mail?.stop();
  });

  it('a solution is good once: used again, or twice at the same time, it starts no second session', async () => {
    const link = await createLink(h, { challenge: 'pow', rate_limit_per_minute: 1_000 });
    const ann = visitor();
    const solution = await ann.solution(link.token);
    expect((await ann.post(`/api/public/chat/${link.token}`, { content: 'hello', challenge_solution: solution })).status).toBe(200);
    expectChallengeRefused(await ann.post(`/api/public/chat/${link.token}`, { content: 'hello', challenge_solution: solution }), 'used');
    expectChallengeRefused(await ann.post(`/api/public/sessions/${link.token}`, { challenge_solution: solution }), 'used');

    const racing = await ann.solution(link.token);
    const answers = await Promise.all(Array.from({ length: 5 }, () => ann.post(`/api/public/sessions/${link.token}`, { challenge_solution: racing })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 403, 403, 403, 403]);
    for (const refused of answers.filter((a) => a.status === 403)) expectChallengeRefused(refused, 'used');
    const sessions = await h.ctx.db.selectFrom('text_conversations').select('id').where('link_id', '=', link.id).execute();
    expect(sessions).toHaveLength(2);
  });

  it('an expired challenge is refused, however well solved', async () => {
    const link = await createLink(h, { challenge: 'pow' });
    const ann = visitor();
    const solution = await ann.solution(link.token);
    // Eleven minutes later by the gateway's clock (timers keep running as they are).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
    try {
      expectChallengeRefused(await ann.post(`/api/public/sessions/${link.token}`, { challenge_solution: solution }), 'expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a tampered, foreign or malformed solution is refused with 403, never a 5xx', async () => {
    const link = await createLink(h, { challenge: 'pow' });
    const other = await createLink(h, { challenge: 'pow' });
    const ann = visitor();
    const start = (challenge_solution: string) => ann.post(`/api/public/sessions/${link.token}`, { challenge_solution });
    const good = await ann.solution(link.token);
    const decoded = JSON.parse(Buffer.from(good, 'base64').toString());
    const edits: Array<[string, (p: any) => void]> = [
      ['an easier prefix', (p) => (p.challenge.parameters.keyPrefix = '00')],
      ['a later expiry', (p) => (p.challenge.parameters.expiresAt += 3_600)],
      ['another salt', (p) => (p.challenge.parameters.salt = '0'.repeat(32))],
      ['a forged signature', (p) => (p.challenge.signature = 'a'.repeat(64))],
      ['no signature', (p) => delete p.challenge.signature],
      ['another key', (p) => (p.solution.derivedKey = `${p.solution.derivedKey.slice(0, 63)}${p.solution.derivedKey.endsWith('0') ? '1' : '0'}`)],
      ['an upper-case key', (p) => (p.solution.derivedKey = p.solution.derivedKey.toUpperCase())],
      ['a counter out of range', (p) => (p.solution.counter = 2 ** 40)],
      ['a counter that is text', (p) => (p.solution.counter = String(p.solution.counter))],
      ['another algorithm', (p) => (p.challenge.parameters.algorithm = 'SHA-1')],
    ];
    for (const [what, edit] of edits) {
      const answer = await start(tampered(good, edit));
      expect(answer.status, what).toBe(403);
      expectChallengeRefused(answer, 'invalid');
    }
    // A solution made for another link: its keys are the other link's.
    expectChallengeRefused(await start(await ann.solution(other.token)), 'invalid');
    // Not base64, not JSON, not the payload's shape.
    for (const garbage of [
      '%%%',
      Buffer.from('not json').toString('base64'),
      Buffer.from('null').toString('base64'),
      Buffer.from('[1,2]').toString('base64'),
      Buffer.from(JSON.stringify({ challenge: decoded.challenge })).toString('base64'),
    ]) {
      expectChallengeRefused(await start(garbage), 'invalid');
    }
    expectChallengeRefused(await start(''), 'missing');
    // Longer than any payload, or holding a NUL: refused as the body is read.
    for (const unreadable of ['a'.repeat(5_000), '\u0000']) {
      const answer = await start(unreadable);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'invalid', details: [{ path: 'body.challenge_solution' }] });
    }
    // The good one still works after all that.
    expect((await start(good)).status).toBe(201);
  });

  it('the challenge route keeps the link’s rules and the per-address budget', async () => {
    const ann = visitor();
    const closed = await createLink(h, { challenge: 'pow', ip_deny: ['198.51.0.0/16'] });
    const refused = await ann.get(`/api/public/links/${closed.token}/challenge`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toEqual({ reason: 'ip' });
    expect((await ann.get('/api/public/links/no-such-token/challenge')).status).toBe(404);

    const link = await createLink(h, { challenge: 'pow' });
    const bob = visitor();
    const answers = [];
    for (let i = 0; i < challengeConfig.publicLimits.perIpPerMinute + 1; i++) answers.push(await bob.get(`/api/public/links/${link.token}/challenge`));
    expect(answers.slice(0, -1).every((a) => a.status === 200)).toBe(true);
    const limited = answers.at(-1)!;
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', details: { limit: 'address' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held back by it.
    expect((await visitor().get(`/api/public/links/${link.token}/challenge`)).status).toBe(200);
  });

  it('each refusal counts in the link’s analytics as challenge_failed', async () => {
    const link = await createLink(h, { challenge: 'pow' });
    const ann = visitor();
    const solution = await ann.solution(link.token);
    expect((await ann.post(`/api/public/chat/${link.token}`, { content: 'hello', challenge_solution: solution })).status).toBe(200);
    expectChallengeRefused(await ann.post(`/api/public/chat/${link.token}`, { content: 'hello' }), 'missing');
    expectChallengeRefused(await ann.post(`/api/public/chat/${link.token}`, { content: 'hello', challenge_solution: solution }), 'used');
    expectChallengeRefused(
      await ann.post(`/api/public/sessions/${link.token}`, { challenge_solution: tampered(solution, (p) => (p.solution.derivedKey = '0'.repeat(64))) }),
      'invalid',
    );
    const report = await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics?bucket=hour&from=${new Date(Date.now() - 3_600_000).toISOString()}`,
      link.tenantId,
      (b) => b.security_events.challenge_failed === 3,
    );
    expect(report.security_events).toMatchObject({ challenge_failed: 3 });
    expect(report.sessions.started).toBe(1);
  });
});
