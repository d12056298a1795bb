import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { callTool, httpClient, listen } from '../../mcp/mcp.test-kit.js';
import { followUpLink, menuAgent, visit } from '../../public/follow-up/public-follow-up.test-kit.js';
import { socketOpener } from '../../public/live/public-socket.test-kit.js';
import { visitor } from './escalation.test-kit.js';

/**
 * The visitor's choice of a person (docs/escalation.md "Offering a person"): a link's `offer_person`,
 * what the chat page reads of it, and the replies that offer a person once the agent has not
 * understood N messages – on a link and through the Text Chat API.
 */
describe('offering a person', () => {
  let h: GatewayHarness;

  const sockets = socketOpener();
  let listening: Promise<string> | undefined;
  const base = () => {
    listening ??= listen(h);
    return listening;
  };

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
  });

  const say = (token: string, session: string, content: string) => visitor(h, 'POST', `/api/public/chat/${token}`, { content, session });

  it('a link keeps its team, offer_person and transcript_to_tenant, and shows visitors when to offer a person', async () => {
    const { agent, token, linkId } = await followUpLink(h, { offer_person: 'after_unanswered:3', team: 'team_AAAAAAAAAAAAAAAA', transcript_to_tenant: true });
    const listed = await h.admin('GET', `/api/agents/${agent.name}/public-links`, undefined, agent.tenantId);
    expect(listed.body.links[0]).toMatchObject({ id: linkId, offer_person: 'after_unanswered:3', team: 'team_AAAAAAAAAAAAAAAA', transcript_to_tenant: true });
    const info = await visitor(h, 'GET', `/api/public/links/${token}`);
    // No mail on this platform: no transcripts to offer.
    expect(info.body).toMatchObject({ offer_person: 'after_unanswered:3', transcript_by_email: false });
    expect(info.body).not.toHaveProperty('team');

    const changed = await h.admin(
      'PUT',
      `/api/agents/${agent.name}/public-links/${linkId}`,
      { offer_person: 'always', team: null, transcript_to_tenant: false },
      agent.tenantId,
    );
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ offer_person: 'always', team: null, transcript_to_tenant: false });
    expect((await visitor(h, 'GET', `/api/public/links/${token}`)).body.offer_person).toBe('always');
  });

  it('MCP’s update_temporary_chat_link sets them too, refusing a bad one as the API does', async () => {
    const { agent, linkId } = await followUpLink(h);
    const { client } = await httpClient(await base(), ADMIN_KEY, agent.tenantId);
    try {
      const updated = await callTool(client, 'update_temporary_chat_link', {
        agent: agent.name,
        id: linkId,
        offer_person: 'after_unanswered:4',
        transcript_to_tenant: true,
      });
      expect(updated.isError, updated.text).toBe(false);
      expect(updated.body).toMatchObject({ offer_person: 'after_unanswered:4', transcript_to_tenant: true });
      const refused = await callTool(client, 'update_temporary_chat_link', {
        agent: agent.name,
        id: linkId,
        offer_person: 'after_unanswered:21',
        team: 'billing',
      });
      expect(refused.isError).toBe(true);
      expect(refused.body.error.code).toBe('invalid');
      expect(JSON.stringify(refused.body.error.details)).toMatch(/offer_person[\s\S]*team|team[\s\S]*offer_person/);
    } finally {
      await client.close();
    }
  });

  it('a new link offers nobody by default, and a template can say otherwise', async () => {
    const { token } = await followUpLink(h);
    expect((await visitor(h, 'GET', `/api/public/links/${token}`)).body.offer_person).toBe('never');
    const agent = await h.seedAgent(menuAgent);
    const template = await h.admin(
      'POST',
      '/api/link-templates',
      { name: 'desk', settings: { title: 'Desk', offer_person: 'after_unanswered:1' } },
      agent.tenantId,
    );
    expect(template.status, template.text).toBe(201);
    const link = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { template: 'desk' }, agent.tenantId);
    expect(link.status, link.text).toBe(201);
    expect(link.body.offer_person).toBe('after_unanswered:1');
  });

  it('after_unanswered:2: the second message the agent did not understand offers a person, and every reply after it', async () => {
    const { token } = await followUpLink(h, { offer_person: 'after_unanswered:2' });
    // "hello" is not understood: the menu asks again.
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    expect(first.body.response).toBe('Say billing or bye.');
    expect(first.body).not.toHaveProperty('offer_person');
    const session = first.body.session as string;
    const understood = await say(token, session, 'billing please');
    expect(understood.body.response).toBe('Billing it is. Anything else?');
    expect(understood.body).not.toHaveProperty('offer_person');
    // Any answer to the billing question goes back to the menu: understood too.
    expect((await say(token, session, 'no')).body).not.toHaveProperty('offer_person');
    const second = await say(token, session, 'what about my parcel?');
    expect(second.body).toMatchObject({ response: 'Say billing or bye.', offer_person: true });
    // Understood again: the offer stands (the count does not go down).
    expect((await say(token, session, 'billing')).body).toMatchObject({ response: 'Billing it is. Anything else?', offer_person: true });
    // A new conversation counts from zero.
    const other = await visit(h, token, 'hm?');
    expect((await say(token, other, 'billing')).body).not.toHaveProperty('offer_person');
  });

  it("the widget's WebSocket: the ack of the message that reaches N says so too", async () => {
    const { token } = await followUpLink(h, { offer_person: 'after_unanswered:1' });
    const started = await visitor(h, 'POST', `/api/public/sessions/${token}`, {});
    expect(started.status, started.text).toBe(201);
    const ws = sockets.open(await base(), token, started.body.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'billing', client_id: 'understood' });
    ws.send({ type: 'message', content: 'thanks', client_id: 'back-to-menu' });
    ws.send({ type: 'message', content: 'what now?', client_id: 'lost' });
    await waitFor(() => ws.frames.filter((frame) => frame.type === 'ack').length === 3);
    const acks = ws.frames.filter((frame) => frame.type === 'ack');
    expect(acks.map((ack) => [ack.client_id, (ack as { offer_person?: boolean }).offer_person ?? false])).toEqual([
      ['understood', false],
      ['back-to-menu', false],
      ['lost', true],
    ]);
  });

  it('always offers a person in every reply; never in none, though the escalate route still works', async () => {
    const always = await followUpLink(h, { offer_person: 'always' });
    expect((await visitor(h, 'POST', `/api/public/chat/${always.token}`, { content: 'billing' })).body.offer_person).toBe(true);
    const never = await followUpLink(h, { offer_person: 'never' });
    const session = await visit(h, never.token, 'what?');
    expect((await say(never.token, session, 'what??')).body).not.toHaveProperty('offer_person');
    const asked = await visitor(h, 'POST', `/api/public/chat/${never.token}/escalate`, { session, reason: 'stuck' });
    expect(asked.status, asked.text).toBe(201);
  });

  it('a reply that ends the conversation offers nobody', async () => {
    const { token } = await followUpLink(h, { offer_person: 'always' });
    const session = await visit(h, token);
    const ended = await say(token, session, 'bye');
    expect(ended.body).toMatchObject({ session_ended: true });
    expect(ended.body).not.toHaveProperty('offer_person');
  });

  it('the Text Chat API: a session created with offer_person gets `offer_person: true` in its replies', async () => {
    const agent = await h.seedAgent(menuAgent);
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, offer_person: 'after_unanswered:1' });
    expect(created.status, created.text).toBe(201);
    const id = created.body.session_id as string;
    for (const content of ['billing', 'thanks']) {
      const understood = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content });
      expect(understood.body).not.toHaveProperty('offer_person');
    }
    const lost = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'huh' });
    expect(lost.status, lost.text).toBe(200);
    expect(lost.body).toMatchObject({ response: 'Say billing or bye.', offer_person: true });
    // Without the field: never.
    const plain = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const reply = await h.signed('POST', `/api/chat/sessions/${plain.body.session_id}/messages`, { content: 'huh' });
    expect(reply.body).not.toHaveProperty('offer_person');
  });
});
