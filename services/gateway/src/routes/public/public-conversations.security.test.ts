import { sha256Hex } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { anotherLinkOf, deviceOf, identityLink, signedUser, transcript } from '../../../test/identity-fixtures.js';
import { visitorPost } from '../../../test/public-link-fixtures.js';

describe('earlier conversations are the visitor’s own, and the agent’s', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { mailer: { sendCode: async () => {} } });
  });
  afterAll(async () => h?.stop());

  const ids = (listed: { body: { conversations: Array<{ conversation_id: string }> } }) => listed.body.conversations.map((c) => c.conversation_id);

  it("one user never sees another's; the same user id with another agent, or through the Text Chat API, is someone else", async () => {
    const link = await identityLink(h);
    const alice = await deviceOf(h, link.token, signedUser(link.secret, 'alice'));
    await alice.say('alice was here');
    const bob = await deviceOf(h, link.token, signedUser(link.secret, 'bob'));
    await bob.say('bob was here');
    // The same id on another tenant's agent (another site): not Alice's conversations here.
    const elsewhere = await identityLink(h);
    const otherAlice = await deviceOf(h, elsewhere.token, signedUser(elsewhere.secret, 'alice'));
    await otherAlice.say('another alice');
    // A Text Chat API session of this agent's tenant for user "alice".
    const apiSession = await h.signed('POST', '/api/chat/sessions', {
      tenant_id: link.tenantId,
      agent_id: (await h.bus.request('links.links.resolve', { tokenHash: sha256Hex(link.token) })).agentId,
      metadata: { user_id: 'alice' },
    });
    expect(apiSession.status, apiSession.text).toBe(201);

    const aliceAgain = await deviceOf(h, link.token, signedUser(link.secret, 'alice'));
    expect(ids(await aliceAgain.earlier())).toEqual([alice.conversationId]);
    expect(ids(await (await deviceOf(h, link.token, signedUser(link.secret, 'bob'))).earlier())).toEqual([bob.conversationId]);
    expect(ids(await (await deviceOf(h, elsewhere.token, signedUser(elsewhere.secret, 'alice'))).earlier())).toEqual([otherAlice.conversationId]);
    // Reopening across agents is refused like any conversation that is not theirs.
    expectError(await aliceAgain.resume(otherAlice.conversationId), 404, 'not_found');
  });

  it('the same user id verified by another link’s secret is another person: their conversations are neither listed nor reopened', async () => {
    const first = await identityLink(h);
    const second = await anotherLinkOf(h, first);
    const onSecond = await deviceOf(h, second.token, signedUser(second.secret, 'dana'));
    await onSecond.say('my account number is 77');
    const onFirst = await deviceOf(h, first.token, signedUser(first.secret, 'dana'));
    await onFirst.say('hello from the first site');

    expect(ids(await onFirst.earlier())).toEqual([]);
    expectError(await onFirst.resume(onSecond.conversationId), 404, 'not_found');
    // Nothing moved: the conversation is still the second link's, and only its own Dana sees it.
    expect(transcript(await onSecond.history())).toContain('user: my account number is 77');
    const secondAgain = await deviceOf(h, second.token, signedUser(second.secret, 'dana'));
    expect(ids(await secondAgain.earlier())).toEqual([onSecond.conversationId]);
    const firstAgain = await deviceOf(h, first.token, signedUser(first.secret, 'dana'));
    expect(ids(await firstAgain.earlier())).toEqual([onFirst.conversationId]);
  });

  it('an email the host page passed for a user is not a verified email: it opens no verified visitor’s conversations, nor they the user’s', async () => {
    const link = await identityLink(h, { require_email_verification: false });
    const access = await h.bus.request('links.links.resolve', { tokenHash: sha256Hex(link.token) });
    const verified = await h.bus.request('sessions.public-start', { link: access, email: 'grace@example.com' });
    await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'verified grace', session: verified.session }));
    const claimed = await deviceOf(h, link.token, signedUser(link.secret, 'impostor', { email: 'grace@example.com' }));
    expect(ids(await claimed.earlier())).toEqual([]);
    expectError(await claimed.resume(verified.conversation_id), 404, 'not_found');
    await claimed.say('user words');
    const graceAgain = await h.bus.request('sessions.public-start', { link: access, email: 'grace@example.com' });
    const listed = await h.inject({ method: 'GET', url: `/api/public/conversations/${link.token}?session=${graceAgain.session}` });
    expect(ids(listed)).toEqual([verified.conversation_id]);
  });

  it('a credential from resuming works only on the link it was handed out on', async () => {
    const link = await identityLink(h);
    const other = await identityLink(h);
    const user = signedUser(link.secret, 'carol');
    const first = await deviceOf(h, link.token, user);
    await first.say('hello');
    const second = await deviceOf(h, link.token, user);
    const resumed = await second.resume(first.conversationId);
    expect(resumed.status, resumed.text).toBe(200);
    const onOther = await h.inject(visitorPost(`/api/public/chat/${other.token}`, { content: 'hi', session: resumed.body.session }));
    expectError(onOther, 401, 'unauthorized');
    expect((await h.inject({ method: 'GET', url: `/api/public/history/${other.token}?session=${resumed.body.session}` })).status).toBe(401);
  });
});
