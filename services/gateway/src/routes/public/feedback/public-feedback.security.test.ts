import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { feedbackLink, lastOf, rate, startChat, thumb } from './public-feedback.test-kit.js';

describe('feedback stays with its tenant and out of the logs', () => {
  let h: GatewayHarness;
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await startGatewayHarness({}, { gatewayLogger: createLogger({ service: 'gateway', level: 'debug', destination }) });
  });
  afterAll(async () => h?.stop());

  it('another tenant sees neither the conversation’s thumbs and score nor its link’s feedback figures; its visitors’ credentials do not reach it', async () => {
    const mine = await feedbackLink(h);
    const theirs = await feedbackLink(h);
    const { session, conversationId } = await startChat(h, mine.token);
    const answer = await lastOf(h, mine.token, session, 'assistant');
    expect((await thumb(h, mine.token, answer.id, { session, rating: 'up', comment: 'private words' })).status).toBe(204);
    expect((await rate(h, mine.token, { session, score: 5, comment: 'more private words' })).status).toBe(204);

    const { key } = await h.seedTenant('Elsewhere');
    expectError(await h.withKey(key, 'GET', `/api/conversations/${conversationId}`), 404, 'not_found');
    expectError(await h.admin('GET', `/api/conversations/${conversationId}`, undefined, theirs.tenantId), 404, 'not_found');
    expectError(await h.admin('GET', `/api/links/${mine.linkId}/analytics`, undefined, theirs.tenantId), 404, 'not_found');
    // A visitor of the other tenant's link cannot rate or thumb this conversation with their own credential.
    const stranger = await startChat(h, theirs.token);
    expectError(await thumb(h, theirs.token, answer.id, { session: stranger.session, rating: 'down' }), 404, 'not_found');
    expectError(await thumb(h, mine.token, answer.id, { session: stranger.session, rating: 'down' }), 401, 'unauthorized');
    expectError(await rate(h, mine.token, { session: stranger.session, score: 1 }), 401, 'unauthorized');
    const own = await h.admin('GET', `/api/conversations/${conversationId}`, undefined, mine.tenantId);
    expect(own.body.rating).toMatchObject({ score: 5 });
  });

  it('logs no comment and no credential', async () => {
    const link = await feedbackLink(h);
    const { session } = await startChat(h, link.token);
    const answer = await lastOf(h, link.token, session, 'assistant');
    expect((await thumb(h, link.token, answer.id, { session, rating: 'down', comment: 'my flat is 4B, door code 7731' })).status).toBe(204);
    expect((await rate(h, link.token, { session, score: 1, comment: 'door code 7731 again' })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = lines.join('');
    // The requests are logged (their route, never their bodies).
    expect(logged).toContain('/api/public/chat/:token/rating');
    for (const secret of ['7731', session]) expect(logged).not.toContain(secret);
  });
});
