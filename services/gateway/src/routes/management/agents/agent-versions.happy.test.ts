import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { firstReply, linkOf, sayingAgent, sessionVersions, versionedAgent } from './agent-versions.test-kit.js';

describe('agent versions: drafts, publishing, and links that pin a version', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  const conversation = (id: string) =>
    h.ctx.db.selectFrom('text_conversations').select(['agent_version', 'is_active_version']).where('id', '=', id).executeTakeFirstOrThrow();

  it('a new version is a draft: links following the agent go on with the published one until it is published', async () => {
    const agent = await versionedAgent(h, 'Drafts', 0);
    const first = await h.withKey(agent.key, 'GET', '/api/agents/desk');
    expect(first.body.versions).toEqual([{ version: 1, state: 'published', created_at: expect.any(String), published_at: expect.any(String), active: true }]);

    const draft = await h.withKey(agent.key, 'POST', '/api/agents/desk/versions', { config: sayingAgent('two') });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body).toEqual({ version: 2, state: 'draft' });

    const detail = await h.withKey(agent.key, 'GET', '/api/agents/desk');
    expect(detail.body).toMatchObject({ active_version: 1, config: sayingAgent('one') });
    expect(detail.body.versions[1]).toEqual({ version: 2, state: 'draft', created_at: expect.any(String), published_at: null, active: false });

    // The console reads the draft to edit or try it.
    const read = await h.withKey(agent.key, 'GET', '/api/agents/desk/versions/2');
    expect(read.status, read.text).toBe(200);
    expect(read.body).toEqual({ version: 2, state: 'draft', created_at: expect.any(String), published_at: null, active: false, config: sayingAgent('two') });

    const link = await linkOf(h, agent);
    expect(link).toMatchObject({ version: null, split: null });
    const before = await firstReply(h, link.token);
    expect(before.body.response).toBe('one');
    expect(await conversation(before.body.conversation_id)).toEqual({ agent_version: 1, is_active_version: true });

    const published = await h.withKey(agent.key, 'PUT', '/api/agents/desk/active-version', { version: 2 });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ active_version: 2, published: true, published_at: expect.any(String) });
    const after = await firstReply(h, link.token);
    expect(after.body.response).toBe('two');
    expect(await conversation(after.body.conversation_id)).toEqual({ agent_version: 2, is_active_version: true });
    // A session already started runs the version it started with.
    const continued = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${link.token}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'still there?', session: before.body.session }),
    });
    expect(continued.body.response).toBe('one');

    const versions = await sessionVersions(h, agent, link.id);
    expect(versions.get(before.body.conversation_id)).toBe(1);
    expect(versions.get(after.body.conversation_id)).toBe(2);

    const v2 = await h.withKey(agent.key, 'GET', '/api/agents/desk/versions/2');
    expect(v2.body).toMatchObject({ state: 'published', published_at: published.body.published_at, active: true });

    // Back to version 1: it was published already, and keeps when.
    const back = await h.withKey(agent.key, 'PUT', '/api/agents/desk/active-version', { version: 1 });
    expect(back.body).toMatchObject({ active_version: 1, published: false, published_at: first.body.versions[0].published_at });
    const v2Again = await h.withKey(agent.key, 'GET', '/api/agents/desk/versions/2');
    expect(v2Again.body).toMatchObject({ state: 'published', published_at: published.body.published_at, active: false });
  });

  it('the playground and the Text Chat API run a draft asked for by number; without one, the published active version', async () => {
    const agent = await versionedAgent(h, 'Playground drafts');
    const tried = await h.withKey(agent.key, 'POST', '/api/agents/desk/playground/sessions', { version: 2 });
    expect(tried.status, tried.text).toBe(201);
    expect(tried.body).toMatchObject({ agent_config_version: 2, is_active_version: false, initial_message: 'two' });
    const plain = await h.withKey(agent.key, 'POST', '/api/agents/desk/playground/sessions', {});
    expect(plain.body).toMatchObject({ agent_config_version: 1, is_active_version: true, initial_message: 'one' });

    const api = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, version: 2 });
    expect(api.status, api.text).toBe(201);
    expect(api.body).toMatchObject({ agent_config_version: 2, is_active_version: false, initial_message: 'two' });
    const turn = await h.signed('POST', `/api/chat/sessions/${api.body.session_id}/messages`, { content: 'hi' });
    expect(turn.body).toMatchObject({ response: 'two' });
    const apiDefault = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(apiDefault.body).toMatchObject({ agent_config_version: 1, is_active_version: true, initial_message: 'one' });
  });

  it('a link pinned to a draft is a preview: it runs the draft while other links run the published version', async () => {
    const agent = await versionedAgent(h, 'Preview');
    const preview = await linkOf(h, agent, { title: 'Preview', version: 2 });
    expect(preview).toMatchObject({ version: 2, split: null });
    const everyone = await linkOf(h, agent);

    const previewed = await firstReply(h, preview.token);
    expect(previewed.body.response).toBe('two');
    // A pinned version is not "the active one", even once it is.
    expect(await conversation(previewed.body.conversation_id)).toEqual({ agent_version: 2, is_active_version: false });
    expect((await firstReply(h, everyone.token)).body.response).toBe('one');
    expect((await sessionVersions(h, agent, preview.id)).get(previewed.body.conversation_id)).toBe(2);
    const whole = await h.withKey(agent.key, 'GET', `/api/conversations/${previewed.body.conversation_id}`);
    expect(whole.body).toMatchObject({ agent_version: 2 });

    // Unpinned, it follows the published version again.
    const unpinned = await h.withKey(agent.key, 'PUT', `/api/agents/desk/public-links/${preview.id}`, { version: null });
    expect(unpinned.body).toMatchObject({ version: null, split: null });
    expect((await firstReply(h, preview.token)).body.response).toBe('one');
  });

  it("the link form's version fields round-trip through GET and PUT; choosing one clears the other", async () => {
    const agent = await versionedAgent(h, 'Round trip', 2);
    const link = await linkOf(h, agent);
    const read = async () => (await h.withKey(agent.key, 'GET', '/api/agents/desk/public-links')).body.links.find((l: { id: string }) => l.id === link.id);
    const put = async (changes: object) => {
      const updated = await h.withKey(agent.key, 'PUT', `/api/agents/desk/public-links/${link.id}`, changes);
      expect(updated.status, updated.text).toBe(200);
      return updated.body;
    };

    const split = [
      { version: 1, weight: 700 },
      { version: 2, weight: 200 },
      { version: 3, weight: 100 },
    ];
    expect(await put({ split })).toMatchObject({ version: null, split });
    expect(await read()).toMatchObject({ version: null, split });
    expect(await put({ version: 3 })).toMatchObject({ version: 3, split: null });
    expect(await read()).toMatchObject({ version: 3, split: null });
    expect(await put({ split: split.slice(0, 2) })).toMatchObject({ version: null, split: split.slice(0, 2) });
    // A change to another setting leaves the split as it is.
    expect(await put({ title: 'Renamed' })).toMatchObject({ title: 'Renamed', split: split.slice(0, 2) });
    expect(await put({ split: null })).toMatchObject({ version: null, split: null });
    expect(await read()).toMatchObject({ version: null, split: null });
  });
});
