import { linkIdPattern, linkTokenPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('managing public links', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ publicBaseUrl: 'https://chat.example.com' });
  });
  afterAll(async () => h?.stop());

  /** An agent that says "Hi", made with the tenant key. */
  const addAgent = async (key: string, name: string) => {
    const agent = await h.withKey(key, 'POST', '/api/agents', {
      name,
      config: { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'Hi' }] } },
    });
    expect(agent.status, agent.text).toBe(201);
  };

  it('create (token and URL shown once), list, update and delete a link with a tenant key', async () => {
    const { key } = await h.seedTenant('Links owner');
    await addAgent(key, 'helper');

    const created = await h.withKey(key, 'POST', '/api/agents/helper/public-links', {
      title: 'Support',
      expires_in_hours: 24,
      max_sessions: 100,
      passcode: 'let me in',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.id).toMatch(linkIdPattern);
    expect(created.body.token).toMatch(linkTokenPattern);
    expect(created.body).toMatchObject({
      url: `https://chat.example.com/c/${created.body.token}`,
      agent: 'helper',
      state: 'active',
      has_passcode: true,
      max_sessions: 100,
    });
    expect(created.body).not.toHaveProperty('passcode');

    const listed = await h.withKey(key, 'GET', '/api/agents/helper/public-links');
    expect(listed.status).toBe(200);
    expect(listed.body.links).toHaveLength(1);
    expect(listed.body.links[0]).toMatchObject({ id: created.body.id, title: 'Support' });
    expect(listed.text).not.toContain(created.body.token);

    const info = await h.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` });
    expect(info.status, info.text).toBe(200);
    expect(info.body).toMatchObject({ title: 'Support', agent: 'helper', requires_passcode: true, require_email_verification: false });

    const updated = await h.withKey(key, 'PUT', `/api/agents/helper/public-links/${created.body.id}`, {
      title: 'Support (closed)',
      active: false,
      passcode: null,
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ title: 'Support (closed)', active: false, state: 'inactive', has_passcode: false });
    expectError(await h.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` }), 410, 'gone');

    const deleted = await h.withKey(key, 'DELETE', `/api/agents/helper/public-links/${created.body.id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    expectError(await h.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` }), 404, 'not_found');
    expect((await h.withKey(key, 'GET', '/api/agents/helper/public-links')).body.links).toEqual([]);
  });

  it('a link changed through one gateway is seen changed at once by another built on the same bus', async () => {
    const { key } = await h.seedTenant('Two gateways');
    await addAgent(key, 'twice');
    const created = await h.withKey(key, 'POST', '/api/agents/twice/public-links', { title: 'Before' });
    expect(created.status, created.text).toBe(201);
    // Closed with the harness.
    const other = await h.startGateway();
    const info = () => other.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` });
    // The other gateway has the link resolved, and would reuse it for a second.
    expect((await info()).json()).toMatchObject({ title: 'Before', offer_person: 'never' });
    const updated = await h.withKey(key, 'PUT', `/api/agents/twice/public-links/${created.body.id}`, { title: 'After', offer_person: 'always' });
    expect(updated.status, updated.text).toBe(200);
    expect((await info()).json()).toMatchObject({ title: 'After', offer_person: 'always' });
  });

  it('lists each link with its usage: sessions, messages and last activity, moving as visitors chat', async () => {
    const { key } = await h.seedTenant('Usage owner');
    const config = {
      workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'Hi', transitions: [{ to: 'a', condition: 'user_responded' }] }] },
    };
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'counter', config })).status).toBe(201);
    const busy = (await h.withKey(key, 'POST', '/api/agents/counter/public-links', { title: 'Busy' })).body;
    expect((await h.withKey(key, 'POST', '/api/agents/counter/public-links', { title: 'Quiet' })).status).toBe(201);
    const usage = async () => {
      const listed = await h.withKey(key, 'GET', '/api/agents/counter/public-links');
      expect(listed.status, listed.text).toBe(200);
      return Object.fromEntries(listed.body.links.map((link: { title: string; usage: unknown }) => [link.title, link.usage]));
    };
    expect(await usage()).toEqual({
      Busy: { sessions: 0, messages: 0, last_activity_at: null },
      Quiet: { sessions: 0, messages: 0, last_activity_at: null },
    });

    const before = Date.now();
    const chat = (body: object) =>
      h.inject({ method: 'POST', url: `/api/public/chat/${busy.token}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const first = await chat({ content: 'one' });
    expect(first.status, first.text).toBe(200);
    expect((await chat({ content: 'two', session: first.body.session })).status).toBe(200);
    expect((await chat({ content: 'another visitor' })).status).toBe(200);

    const after = await usage();
    // Two sessions; each said its start message, and every visitor message had its reply: 1 + 2×2 and 1 + 2.
    expect(after.Busy).toMatchObject({ sessions: 2, messages: 8 });
    expect(Date.parse(after.Busy.last_activity_at)).toBeGreaterThanOrEqual(before - 1_000);
    expect(after.Quiet).toEqual({ sessions: 0, messages: 0, last_activity_at: null });
  });

  it('keeps a cap on the whole link apart from the limit per session: none unless set, set on create, changed and removed on update', async () => {
    const { key } = await h.seedTenant('Limits owner');
    const config = { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'Hi' }] } };
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'limited', config })).status).toBe(201);
    const links = '/api/agents/limited/public-links';

    const plain = await h.withKey(key, 'POST', links, { title: 'Plain' });
    expect(plain.body).toMatchObject({ rate_limit_per_minute: 10, rate_limit_per_link_per_minute: null });

    const capped = await h.withKey(key, 'POST', links, { title: 'Capped', rate_limit_per_minute: 5, rate_limit_per_link_per_minute: 40 });
    expect(capped.status, capped.text).toBe(201);
    expect(capped.body).toMatchObject({ rate_limit_per_minute: 5, rate_limit_per_link_per_minute: 40 });
    const read = async () => (await h.withKey(key, 'GET', links)).body.links.find((link: { id: string }) => link.id === capped.body.id);
    expect(await read()).toMatchObject({ rate_limit_per_minute: 5, rate_limit_per_link_per_minute: 40 });

    const changed = await h.withKey(key, 'PUT', `${links}/${capped.body.id}`, { rate_limit_per_link_per_minute: 100 });
    expect(changed.body).toMatchObject({ rate_limit_per_minute: 5, rate_limit_per_link_per_minute: 100 });
    // Changing the limit per session leaves the cap as it is; null removes it.
    expect((await h.withKey(key, 'PUT', `${links}/${capped.body.id}`, { rate_limit_per_minute: 'adaptive' })).body).toMatchObject({
      rate_limit_per_minute: 'adaptive',
      rate_limit_per_link_per_minute: 100,
    });
    expect(
      (await h.withKey(key, 'PUT', `${links}/${capped.body.id}`, { rate_limit_per_link_per_minute: null })).body.rate_limit_per_link_per_minute,
    ).toBeNull();
    expect(await read()).toMatchObject({ rate_limit_per_minute: 'adaptive', rate_limit_per_link_per_minute: null });
  });

  it('allows email verification when a mailer is configured', async () => {
    const withMail = await startGatewayHarness({}, { mailer: { sendCode: async () => {} } });
    try {
      const agent = await withMail.seedAgent();
      const created = await withMail.admin(
        'POST',
        `/api/agents/${agent.name}/public-links`,
        { title: 'Verified', require_email_verification: true },
        agent.tenantId,
      );
      expect(created.status, created.text).toBe(201);
      expect(created.body.require_email_verification).toBe(true);
    } finally {
      await withMail.stop();
    }
  });
});
