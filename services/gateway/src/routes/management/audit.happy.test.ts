import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { deskAgent } from './escalations/escalation.test-kit.js';

/** Every string of a value, at any depth: where a secret could hide in an entry. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

describe('the audit log: every management change, once, with its actor; nothing secret; the chain proves it unaltered', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  const entriesOf = async (tenantId: string, count: number) => {
    let entries: any[] = [];
    await waitFor(
      async () => {
        entries = (await h.admin('GET', '/api/audit?limit=200', undefined, tenantId)).body.entries;
        return entries.length >= count;
      },
      { timeoutMs: 5_000 },
    );
    return entries;
  };

  it('records each kind of change once, with who made it and from where, and no secret', async () => {
    const tenant = (await h.admin('POST', '/api/tenants', { name: 'Audited' })).body;
    const key = await h.admin('POST', `/api/tenants/${tenant.id}/keys`, { name: 'Ops Olga' });
    const k = key.body.key as string;
    expect((await h.withKey(k, 'PUT', `/api/tenants/${tenant.id}`, { operator_email: 'ops@audited.example' })).status).toBe(200);
    expect((await h.withKey(k, 'POST', '/api/agents', { name: 'desk', config: echoAgent })).status).toBe(201);
    expect((await h.withKey(k, 'POST', '/api/agents/desk/versions', { config: echoAgent })).status).toBe(201);
    expect((await h.withKey(k, 'PUT', '/api/agents/desk/active-version', { version: 2 })).status).toBe(200);
    const link = await h.withKey(k, 'POST', '/api/agents/desk/public-links', { title: 'Front', passcode: 'open sesame' });
    expect((await h.withKey(k, 'PUT', `/api/agents/desk/public-links/${link.body.id}`, { title: 'Front door', passcode: 'new secret pass' })).status).toBe(200);
    expect((await h.withKey(k, 'POST', `/api/agents/desk/public-links/${link.body.id}/identity-secret`)).status).toBe(200);
    expect((await h.withKey(k, 'DELETE', `/api/agents/desk/public-links/${link.body.id}`)).status).toBe(204);
    // Refused changes are not changes: nothing is recorded for them.
    expect((await h.withKey(k, 'POST', '/api/agents', { name: 'desk', config: echoAgent })).status).toBe(409);
    // Reads are not changes either.
    expect((await h.withKey(k, 'GET', '/api/agents')).status).toBe(200);

    const entries = await entriesOf(tenant.id, 10);
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'tenant.create',
      'key.create',
      'tenant.update',
      'agent.create',
      'agent.version.create',
      'agent.version.activate',
      'link.create',
      'link.update',
      'link.identity_secret.rotate',
      'link.delete',
    ]);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction['tenant.create']).toMatchObject({
      tenant_id: tenant.id,
      actor: { kind: 'admin', key_id: null },
      target: { kind: 'tenant', id: tenant.id },
      ip: '127.0.0.1',
    });
    expect(byAction['agent.create']).toMatchObject({
      actor: { kind: 'key', key_id: key.body.key_id, name: 'Ops Olga' },
      target: { kind: 'agent', id: 'desk' },
    });
    expect(byAction['link.update']).toMatchObject({ target: { kind: 'link', id: link.body.id }, details: { title: 'Front door' } });
    expect(byAction['agent.version.create'].details).toEqual({ version: 2, state: 'draft' });
    // Version 2 was a draft: this activation published it.
    expect(byAction['agent.version.activate'].details).toEqual({ active_version: 2, published: true });
    // No key, token, passcode, secret or link address anywhere in the log.
    const everything = entries.flatMap(strings).join('\n');
    for (const secret of [k, link.body.token, link.body.url, 'open sesame', 'new secret pass']) expect(everything).not.toContain(secret);
    expect(entries.every((e) => /^aud_/.test(e.id))).toBe(true);

    const verified = await h.admin('GET', '/api/audit/verify', undefined, tenant.id);
    expect(verified.body).toEqual({ ok: true, entries: 10 });
  });

  /** A tenant key with a display name (the operator's name), and its id. */
  const namedKey = async (tenantId: string, name: string) => {
    const created = await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name });
    expect(created.status, created.text).toBe(201);
    return { key: created.body.key as string, keyId: created.body.key_id as string };
  };
  const visitor = (url: string, body: unknown) =>
    h.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  it("records the inbox's actions and an ended session once each, by the operator's key, naming what they acted on and nothing said", async () => {
    const t = await h.seedTenant('Inbox audit');
    const alice = await namedKey(t.tenantId, 'Alice');
    const bob = await namedKey(t.tenantId, 'Bob');
    expect((await h.withKey(alice.key, 'POST', '/api/agents', { name: 'desk', config: deskAgent })).status).toBe(201);
    const link = (await h.withKey(alice.key, 'POST', '/api/agents/desk/public-links', { title: 'Help' })).body as { id: string; token: string };

    // A visitor asks for a person; Alice claims, answers and hands back; Bob's claim of hers is refused.
    const first = (await visitor(`/api/public/chat/${link.token}`, { content: 'a human please' })).body;
    const one = first.escalation.id as string;
    expect((await h.withKey(alice.key, 'POST', `/api/inbox/${one}/claim`)).status).toBe(200);
    expect((await h.withKey(bob.key, 'POST', `/api/inbox/${one}/claim`)).status).toBe(409);
    const said = await h.withKey(alice.key, 'POST', `/api/inbox/${one}/messages`, { content: 'The code word is marmalade.' });
    expect(said.status, said.text).toBe(201);
    expect((await h.withKey(alice.key, 'POST', `/api/inbox/${one}/release`)).status).toBe(200);
    // Asked again; Bob takes it and closes it.
    const again = await visitor(`/api/public/chat/${link.token}/escalate`, { session: first.session, reason: 'still stuck' });
    expect(again.status, again.text).toBe(201);
    const two = again.body.escalation.id as string;
    expect((await h.withKey(bob.key, 'POST', `/api/inbox/${two}/claim`)).status).toBe(200);
    expect((await h.withKey(bob.key, 'POST', `/api/inbox/${two}/close`)).status).toBe(200);
    // Another visitor's session ended by its owner through the management API.
    const other = (await visitor(`/api/public/chat/${link.token}`, { content: 'hello' })).body;
    const ended = await h.withKey(alice.key, 'POST', `/api/agents/desk/public-links/${link.id}/sessions/${other.conversation_id}/end`);
    expect(ended.status, ended.text).toBe(200);

    const all = await entriesOf(t.tenantId, 12);
    const acted = all.filter((e) => e.action.startsWith('escalation.') || e.action === 'session.end');
    const asAlice = { kind: 'key', id: alice.keyId, key_id: alice.keyId, name: 'Alice' };
    const asBob = { kind: 'key', id: bob.keyId, key_id: bob.keyId, name: 'Bob' };
    // Each once (in any order: the log appends events as they are delivered).
    const canonical = (_key: string, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort()) : value;
    const asSet = (rows: unknown[]) => rows.map((row) => JSON.stringify(row, canonical)).sort();
    expect(asSet(acted.map((e) => [e.action, e.actor, e.target]))).toEqual(
      asSet([
        ['escalation.claim', asAlice, { kind: 'escalation', id: one }],
        ['escalation.message', asAlice, { kind: 'escalation', id: one }],
        ['escalation.release', asAlice, { kind: 'escalation', id: one }],
        ['escalation.claim', asBob, { kind: 'escalation', id: two }],
        ['escalation.close', asBob, { kind: 'escalation', id: two }],
        ['session.end', asAlice, { kind: 'conversation', id: other.conversation_id }],
      ]),
    );
    expect(acted.find((e) => e.action === 'escalation.message').details).toEqual({ message_id: said.body.message_id });
    expect(acted.find((e) => e.action === 'session.end').details).toEqual({ link_id: link.id });
    // Neither what the operator wrote, nor what the visitor asked, nor a key or a credential.
    const everything = all.flatMap(strings).join('\n');
    for (const secret of ['marmalade', 'still stuck', 'a human please', alice.key, bob.key, link.token, first.session, other.session])
      expect(everything).not.toContain(secret);
    expect((await h.withKey(alice.key, 'GET', '/api/audit/verify')).body.ok).toBe(true);
  });

  it("records teams' changes and an operator's transfer, naming where a conversation went but never the note", async () => {
    const t = await h.seedTenant('Teams audit');
    const owner = await namedKey(t.tenantId, 'Owner Olga');
    const made = await h.withKey(owner.key, 'POST', '/api/teams', { name: 'Billing' });
    expect(made.status, made.text).toBe(201);
    const team = made.body.id as string;
    expect((await h.withKey(owner.key, 'PUT', `/api/teams/${team}`, { name: 'Billing desk', open_to_all_operators: true })).status).toBe(200);
    expect((await h.withKey(owner.key, 'POST', '/api/agents', { name: 'desk', config: deskAgent })).status).toBe(201);
    const link = (await h.withKey(owner.key, 'POST', '/api/agents/desk/public-links', { title: 'Help' })).body as { token: string };
    const asked = (await visitor(`/api/public/chat/${link.token}`, { content: 'a human please' })).body;
    const escalation = asked.escalation.id as string;
    expect((await h.withKey(owner.key, 'POST', `/api/inbox/${escalation}/claim`)).status).toBe(200);
    const moved = await h.withKey(owner.key, 'POST', `/api/inbox/${escalation}/transfer`, { to_team: team, note: 'refund of order 88, angry' });
    expect(moved.status, moved.text).toBe(200);
    expect((await h.withKey(owner.key, 'DELETE', `/api/teams/${team}`)).status).toBe(204);

    let all: any[] = [];
    const of = (action: string) => all.filter((e) => e.action === action);
    await waitFor(
      async () => {
        all = (await h.admin('GET', '/api/audit?limit=200', undefined, t.tenantId)).body.entries;
        return of('team.delete').length > 0 && of('escalation.transfer').length > 0;
      },
      { timeoutMs: 5_000 },
    );
    expect(of('team.create')).toHaveLength(1);
    expect(of('team.create')[0]).toMatchObject({ target: { kind: 'team', id: team }, details: { name: 'Billing', members: 0, open_to_all_operators: false } });
    expect(of('team.update')[0]).toMatchObject({
      target: { kind: 'team', id: team },
      details: { changed: ['name', 'open_to_all_operators'], name: 'Billing desk' },
    });
    expect(of('team.delete')[0]).toMatchObject({ target: { kind: 'team', id: team } });
    expect(of('escalation.transfer')).toHaveLength(1);
    expect(of('escalation.transfer')[0]).toMatchObject({ target: { kind: 'escalation', id: escalation }, details: { to_member: null, to_team: team } });
    expect(all.flatMap(strings).join('\n')).not.toContain('angry');
  });

  it('labels a change `mcp` when a caller with a valid key says it came through MCP (as parley-mcp does); the label names that key and grants nothing', async () => {
    const t = await h.seedTenant('Marked');
    const bot = await namedKey(t.tenantId, 'Assistant');
    const create = (authorization: string, name: string, headers: Record<string, string>) =>
      h.inject({
        method: 'POST',
        url: '/api/agents',
        headers: { authorization, 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ name, config: echoAgent }),
      });
    expect((await create(`Bearer ${bot.key}`, 'by-mcp', { 'x-parley-via': 'mcp' })).status).toBe(201);
    expect((await create(`Bearer ${ADMIN_KEY}`, 'by-admin-mcp', { 'x-parley-via': 'mcp', 'x-tenant-id': t.tenantId })).status).toBe(201);
    expect((await create(`Bearer ${bot.key}`, 'by-key', { 'x-parley-via': 'something else' })).status).toBe(201);
    // Without a valid key the mark is nothing: refused, and nothing recorded.
    expectError(await create('Bearer prl_not-a-key-not-a-key-not-a-key', 'forged', { 'x-parley-via': 'mcp', 'x-tenant-id': t.tenantId }), 401, 'unauthorized');
    expectError(await create('', 'forged', { 'x-parley-via': 'mcp' }), 401, 'unauthorized');

    const entries = (await entriesOf(t.tenantId, 6)).filter((e) => e.action === 'agent.create');
    expect(Object.fromEntries(entries.map((e) => [e.target.id, e.actor]))).toEqual({
      'by-mcp': { kind: 'mcp', id: bot.keyId, key_id: bot.keyId, name: 'Assistant' },
      'by-admin-mcp': { kind: 'mcp', id: null, key_id: null, name: null },
      'by-key': { kind: 'key', id: bot.keyId, key_id: bot.keyId, name: 'Assistant' },
    });
    expect((await h.withKey(bot.key, 'GET', '/api/agents/forged')).status).toBe(404);
    const filtered = (await h.withKey(bot.key, 'GET', '/api/audit?actor=mcp')).body.entries;
    expect(filtered.map((e: { target: { id: string } }) => e.target.id).sort()).toEqual(['by-admin-mcp', 'by-mcp']);
  });

  it('filters by action, actor and target, pages with the cursor, and keeps each tenant to its own entries', async () => {
    const a = await h.seedTenant('Filter A');
    const b = await h.seedTenant('Filter B');
    for (const name of ['one', 'two', 'three']) expect((await h.withKey(a.key, 'POST', '/api/agents', { name, config: echoAgent })).status).toBe(201);
    expect((await h.withKey(b.key, 'POST', '/api/agents', { name: 'theirs', config: echoAgent })).status).toBe(201);
    await entriesOf(a.tenantId, 5);
    const created = (await h.withKey(a.key, 'GET', '/api/audit?action=agent.create')).body.entries;
    expect(created.map((e: { target: { id: string } }) => e.target.id)).toEqual(['three', 'two', 'one']);
    expect((await h.withKey(a.key, 'GET', '/api/audit?target=two')).body.entries).toHaveLength(1);
    expect((await h.withKey(a.key, 'GET', '/api/audit?actor=admin')).body.entries.map((e: { action: string }) => e.action).sort()).toEqual([
      'key.create',
      'tenant.create',
    ]);
    const firstAnswer = await h.withKey(a.key, 'GET', '/api/audit?action=agent.create&limit=2');
    expect(firstAnswer.status, firstAnswer.text).toBe(200);
    const first = firstAnswer.body;
    expect(first.entries).toHaveLength(2);
    const next = (await h.withKey(a.key, 'GET', `/api/audit?action=agent.create&limit=2&cursor=${first.next_cursor}`)).body;
    expect(next).toMatchObject({ entries: [expect.objectContaining({ target: { kind: 'agent', id: 'one' } })], next_cursor: null });
    // B's key sees nothing of A's, even asking for A's tenant.
    const theirs = (await h.withKey(b.key, 'GET', '/api/audit', undefined, a.tenantId)).body.entries;
    expect(theirs.every((e: { tenant_id: string }) => e.tenant_id === b.tenantId)).toBe(true);
    // A window: everything of A lies between a minute ago and now; nothing after now or before a minute ago.
    const window = (from: Date, to: Date) => `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const now = Date.now();
    expect((await h.withKey(a.key, 'GET', `/api/audit?${window(new Date(now - 60_000), new Date(now + 1_000))}`)).body.entries).toHaveLength(5);
    expect((await h.withKey(a.key, 'GET', `/api/audit?${window(new Date(now + 1_000), new Date(now + 60_000))}`)).body.entries).toEqual([]);
    expect((await h.withKey(a.key, 'GET', `/api/audit?${window(new Date(now - 120_000), new Date(now - 60_000))}`)).body.entries).toEqual([]);
    expectError(await h.withKey(a.key, 'GET', '/api/audit?cursor=abc'), 400, 'invalid');
    expectError(await h.withKey(a.key, 'GET', '/api/audit?from=yesterday'), 400, 'invalid');
    expectError(await h.inject({ method: 'GET', url: '/api/audit' }), 401, 'unauthorized');
  });

  it('refuses to change or delete an entry; a row altered with the trigger disabled is found by verify', async () => {
    const t = await h.seedTenant('Tamper');
    expect((await h.withKey(t.key, 'POST', '/api/agents', { name: 'victim', config: echoAgent })).status).toBe(201);
    const [entry] = await entriesOf(t.tenantId, 3);
    await expect(sql`UPDATE audit_entries SET action = 'nothing.happened' WHERE id = ${entry.id}`.execute(h.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_entries WHERE id = ${entry.id}`.execute(h.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_entries`.execute(h.ctx.db)).rejects.toThrow(/append-only/);
    expect((await h.withKey(t.key, 'GET', '/api/audit/verify')).body.ok).toBe(true);

    await sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change`.execute(h.ctx.db);
    await sql`UPDATE audit_entries SET details = '{"name":"someone else"}' WHERE id = ${entry.id}`.execute(h.ctx.db);
    await sql`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change`.execute(h.ctx.db);
    const verified = (await h.withKey(t.key, 'GET', '/api/audit/verify')).body;
    expect(verified).toMatchObject({ ok: false, reason: 'entry_altered', first_broken: { id: entry.id } });
  });
});
