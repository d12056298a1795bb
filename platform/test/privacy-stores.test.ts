import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCleanupService } from '@parley/cleanup';
import { connectRedis } from '@parley/stores';
import { waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_ADMIN_KEY, type TestPlatform } from './platform-harness.js';

/** Greets a personalised link's recipient by name, then notes every message. */
const greetingAgent = {
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Good morning, {{name}}!', transitions: [{ to: 'noted', condition: 'user_responded' }] },
      { id: 'noted', name: 'Noted', static_text: 'Thanks.', transitions: [{ to: 'noted', condition: 'user_responded' }] },
    ],
  },
};

const mark = (word: string) => `${word}${randomUUID().slice(0, 8)}`;

/** Every text and JSON column of every table in which any needle is found, as `table.column`. */
async function findAnywhere(h: TestPlatform, needles: string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND (c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json') OR c.data_type = 'ARRAY')
    ORDER BY 1, 2`.execute(h.ctx.db);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM ${sql.table(table_name)}
      WHERE ${sql.ref(column_name)}::text ILIKE ANY(${needles.map((n) => `%${n}%`)}::text[])`.execute(h.ctx.db);
    if (Number(rows[0]!.n) > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

/** Every Redis key of the platform (its namespace) whose value holds any needle: streams, strings, hashes, sets. */
async function findInRedis(redis: Redis, prefix: string, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of await redis.keys(`${prefix}*`)) {
    const type = await redis.type(key);
    let text = '';
    if (type === 'stream') text = JSON.stringify(await redis.xrange(key, '-', '+'));
    else if (type === 'string') text = (await redis.get(key)) ?? '';
    else if (type === 'hash') text = JSON.stringify(await redis.hgetall(key));
    else if (type === 'zset') text = JSON.stringify(await redis.zrange(key, '0', '-1'));
    else if (type === 'set') text = JSON.stringify(await redis.smembers(key));
    else if (type === 'list') text = JSON.stringify(await redis.lrange(key, 0, -1));
    if (needles.some((needle) => text.toLowerCase().includes(needle.toLowerCase()))) found.push(key.slice(prefix.length));
  }
  return found;
}

describe('privacy: erasure and export reach every store of a visitor, by email and by signed user id', () => {
  let h: TestPlatform;
  let redis: Redis;
  let prefix: string;
  let receiver: Server;
  const received: Array<{ type: string; body: string }> = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push({ type: (JSON.parse(body) as { type: string }).type, body });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    h = await startTestPlatform({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    redis = await connectRedis(h.ctx.redisUrl);
    prefix = `${h.ctx.namespace}:`;
  });
  afterAll(async () => {
    await h?.stop();
    await redis?.quit();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** A tenant with the greeting agent and a webhook that takes conversation and escalation events. */
  async function tenantWithWebhook(name: string) {
    const seeded = await h.seedAgent(greetingAgent, name);
    const admin = <T = any>(method: string, path: string, body?: unknown) => h.admin<T>(method, path, body, seeded.tenantId);
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook/${seeded.tenantId}`;
    const webhook = await admin('POST', '/api/webhooks', { url, events: ['conversation.started', 'escalation.created'] });
    expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
    return { ...seeded, admin, webhookId: webhook.body.id as string };
  }

  const visitor = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${h.platform.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
  };

  const exportOf = async (tenantId: string, path: string) => {
    const response = await fetch(`${h.platform.url}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'x-tenant-id': tenantId } });
    expect(response.status).toBe(200);
    return (await response.json()) as any;
  };

  const deliveriesAbout = (conversationId: string) =>
    h.ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'state', 'body']).where('body', 'like', `%${conversationId}%`).execute();

  it('an email: its personalised link, the session on it, an escalation with a webhook, sendings and a schedule – exported, then gone from every table and Redis', async () => {
    const t = await tenantWithWebhook('greeter');
    const email = `alice.${randomUUID().slice(0, 8)}@example.com`;
    const Email = email.replace('alice', 'Alice');
    const [name, team, said, reason] = [mark('Alicename'), mark('team'), mark('secret'), mark('reason')];

    // A personalised link in bulk for her (and one for Bob), mailed; a schedule that names her too, run once.
    const bob = `bob.${randomUUID().slice(0, 8)}@example.com`;
    const bulk = await t.admin('POST', `/api/agents/${t.name}/public-links/bulk`, {
      settings: { title: 'Check-in' },
      recipients: [
        { email: Email, name, variables: { team } },
        { email: bob, name: 'Bob' },
      ],
      send: { channels: [{ type: 'email' }] },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(201);
    const token = (bulk.body.links[0].url as string).split('/c/')[1]!;
    const schedule = await t.admin('POST', '/api/schedules', {
      name: 'Weekly',
      cron: '0 9 * * 1',
      timezone: 'UTC',
      action: 'create_and_send_temp_chat_link',
      agent: t.name,
      settings: { title: 'Weekly check-in' },
      recipients: [{ email, name, variables: { team } }, { email: bob }],
      send: { channels: [{ type: 'email' }] },
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    expect((await t.admin('POST', `/api/schedules/${schedule.body.id}/run`)).status).toBe(201);
    // Another schedule sends Bob's links to her address as well (a fixed `to`).
    const copied = await t.admin('POST', '/api/schedules', {
      name: 'Copies',
      cron: '0 9 * * 2',
      timezone: 'UTC',
      action: 'create_and_send_temp_chat_link',
      agent: t.name,
      settings: { title: 'Copy' },
      recipients: [{ email: bob }],
      send: { channels: [{ type: 'email', to: Email }, { type: 'email' }] },
    });
    expect(copied.status, JSON.stringify(copied.body)).toBe(201);

    // She chats on her link (the agent greets her by name) and asks for a person: the inbox log and the webhook get it.
    const started = await visitor('POST', `/api/public/chat/${token}`, { content: `my word is ${said}` });
    expect(started.status, started.text).toBe(200);
    const conversationId = started.body.conversation_id as string;
    const escalated = await visitor('POST', `/api/public/chat/${token}/escalate`, { session: started.body.session, reason: `call me, ${reason}` });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(201);
    await waitFor(async () => (await deliveriesAbout(conversationId)).length === 2 && received.some((r) => r.body.includes(reason)), { timeoutMs: 15_000 });
    const needles = [email, name, team, said, reason];
    expect(await findInRedis(redis, prefix, [reason])).toContain(`live:inbox:${t.tenantId}`);
    expect(await findAnywhere(h, needles)).toEqual(
      expect.arrayContaining([
        'link_deliveries.recipient',
        'link_schedules.recipients',
        'link_schedules.send',
        'public_links.variables',
        'text_conversations.collected_data',
        'text_conversation_messages.content',
        'webhook_deliveries.body',
      ]),
    );

    // The export, asked in any case, lists every store.
    const exported = await exportOf(t.tenantId, `/api/visitors/${encodeURIComponent(Email)}/export`);
    expect(exported.email).toBe(email);
    expect(exported.links.map((l: { variables: Record<string, string> }) => l.variables)).toEqual(
      expect.arrayContaining([
        { email: Email, name, team },
        { email, name, team },
      ]),
    );
    expect(exported.links).toHaveLength(2);
    expect(exported.link_deliveries).toHaveLength(2);
    expect(exported.link_deliveries.every((d: { recipient: string }) => d.recipient.toLowerCase() === email)).toBe(true);
    expect(exported.schedules).toHaveLength(2);
    expect(exported.schedules).toEqual(
      expect.arrayContaining([
        { id: schedule.body.id, name: 'Weekly', recipients: [{ email, name, variables: { team } }], send_channels: [], run_errors: [] },
        { id: copied.body.id, name: 'Copies', recipients: [], send_channels: [{ type: 'email', to: Email }], run_errors: [] },
      ]),
    );
    expect(exported.conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    expect(exported.conversations[0].messages.map((m: { content: string }) => m.content)).toContain(`my word is ${said}`);
    expect(exported.webhook_deliveries.map((d: { event_type: string }) => d.event_type).sort()).toEqual(['conversation.started', 'escalation.created']);
    expect(JSON.stringify(exported.webhook_deliveries)).toContain(reason);
    expect(exported.inbox_events.length).toBeGreaterThan(0);
    expect(JSON.stringify(exported.inbox_events)).toContain(reason);

    const erased = await t.admin('DELETE', `/api/visitors/${encodeURIComponent(Email)}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased.conversations).toBe(1);

    // Not in any table, nor in Redis; what stays keeps its record.
    expect(await findAnywhere(h, needles)).toEqual([]);
    expect(await findInRedis(redis, prefix, needles)).toEqual([]);
    expect((await deliveriesAbout(conversationId)).length).toBe(0);
    const hooks = await h.ctx.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'state', 'body', 'body_erased_at'])
      .where('webhook_id', '=', t.webhookId)
      .execute();
    expect(hooks.map((d) => [d.event_type, d.state, d.body]).sort()).toEqual([
      ['conversation.started', 'succeeded', '{"erased":true}'],
      ['escalation.created', 'succeeded', '{"erased":true}'],
    ]);
    const sendings = await h.ctx.db.selectFrom('link_deliveries').select(['recipient', 'state', 'payload']).where('tenant_id', '=', t.tenantId).execute();
    expect(sendings.map((d) => d.recipient).sort()).toEqual(['[erased]', '[erased]', bob, bob].sort());
    expect(sendings.every((d) => d.state === 'sent' && d.payload === null)).toBe(true);
    const kept = await h.ctx.db.selectFrom('link_schedules').select(['recipients', 'active']).where('id', '=', schedule.body.id).executeTakeFirstOrThrow();
    expect(kept).toEqual({ recipients: [{ email: bob }], active: true });
    const copies = await h.ctx.db.selectFrom('link_schedules').select(['send', 'active']).where('id', '=', copied.body.id).executeTakeFirstOrThrow();
    expect(copies).toEqual({ send: { channels: [{ type: 'email' }] }, active: true });
    // Bob's link and conversation are his: untouched.
    expect(await findAnywhere(h, [bob])).toEqual(expect.arrayContaining(['link_deliveries.recipient', 'link_schedules.recipients', 'public_links.variables']));
    // A schedule left with nobody to send to is paused: erasing Bob empties "Copies".
    await t.admin('DELETE', `/api/visitors/${encodeURIComponent(bob)}`);
    expect(
      await h.ctx.db.selectFrom('link_schedules').select(['recipients', 'active', 'next_run_at']).where('id', '=', copied.body.id).executeTakeFirstOrThrow(),
    ).toEqual({
      recipients: [],
      active: false,
      next_run_at: null,
    });
    // The export is empty now, every part of it.
    const after = await exportOf(t.tenantId, `/api/visitors/${encodeURIComponent(email)}/export`);
    expect(after).toMatchObject({
      memories: [],
      verifications: [],
      links: [],
      link_deliveries: [],
      schedules: [],
      conversations: [],
      webhook_deliveries: [],
      inbox_events: [],
    });

    // The audit log never held her address: not the link creation, the schedule, the export or the erasure.
    const audit = await waitFor(async () => {
      const entries = (await t.admin('GET', '/api/audit?limit=200')).body.entries ?? [];
      return entries.some((e: { action: string }) => e.action === 'visitor.erase') ? entries : false;
    });
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(email);
    expect(JSON.stringify(audit)).not.toContain(name);
  }, 90_000);

  it('the addresses a visitor left – for answers to a message left offline, for the transcript – exported, then gone from every table and Redis', async () => {
    const t = await tenantWithWebhook('desk');
    const link = await t.admin('POST', `/api/agents/${t.name}/public-links`, { title: 'Desk' });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const token = link.body.token as string;
    const email = `carla.${randomUUID().slice(0, 8)}@example.com`;
    const copyTo = `carla.copies.${randomUUID().slice(0, 8)}@example.com`;
    const said = mark('callme');
    const started = await visitor('POST', `/api/public/chat/${token}`, { content: 'hello' });
    expect(started.status, started.text).toBe(200);
    const session = started.body.session as string;
    const left = await visitor('POST', `/api/public/chat/${token}/offline-message`, { session, email, content: `please call me, ${said}` });
    expect(left.status, left.text).toBe(201);
    const asked = await visitor('POST', `/api/public/chat/${token}/transcript`, { session, email: copyTo });
    expect(asked.status, asked.text).toBe(202);
    const needles = [email, copyTo, said];
    expect(await findAnywhere(h, needles)).toEqual(
      expect.arrayContaining(['escalations.offline_email', 'text_conversations.transcript_email', 'text_conversation_messages.content']),
    );

    // Either address finds the conversation, with both addresses in it.
    for (const address of [email, copyTo]) {
      const exported = await exportOf(t.tenantId, `/api/visitors/${encodeURIComponent(address)}/export`);
      expect(exported.conversations).toHaveLength(1);
      expect(exported.conversations[0]).toMatchObject({
        transcript_email: copyTo,
        escalations: [expect.objectContaining({ reason: 'offline message', offline_email: email })],
      });
    }

    const erased = await t.admin('DELETE', `/api/visitors/${encodeURIComponent(email)}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased.conversations).toBe(1);
    expect(await findAnywhere(h, needles)).toEqual([]);
    expect(await findInRedis(redis, prefix, needles)).toEqual([]);
  });

  it('a signed user id: Text Chat API sessions and a widget session, every store of the tenant – exported, then erased; another tenant keeps theirs', async () => {
    const t = await tenantWithWebhook('signed');
    const other = await tenantWithWebhook('signed-elsewhere');
    const userId = `user-${randomUUID().slice(0, 8)}`;
    const [apiWords, widgetWords, reason] = [mark('apiwords'), mark('widgetwords'), mark('because')];

    // A backend's session for the user, with an escalation; another tenant's session of the same user id.
    const api = await h.chat.createSession({ tenant_id: t.tenantId, agent_id: t.agentId, metadata: { user_id: userId } });
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    expect((await h.chat.send(api.body.session_id, `note ${apiWords}`)).status).toBe(200);
    const escalated = await h.chat.request('POST', `/api/chat/sessions/${api.body.session_id}/escalate`, { reason: `user asks: ${reason}` });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(201);
    const theirs = await h.chat.createSession({ tenant_id: other.tenantId, agent_id: other.agentId, metadata: { user_id: userId } });
    expect((await h.chat.send(theirs.body.session_id, `theirs ${apiWords}`)).status).toBe(200);

    // The same user id signed in on the tenant's widget.
    const link = await t.admin('POST', `/api/agents/${t.name}/public-links`, { title: 'Site' });
    const secret = (await t.admin('POST', `/api/agents/${t.name}/public-links/${link.body.id}/identity-secret`)).body.secret as string;
    const user = { user_id: userId, user_hash: createHmac('sha256', secret).update(userId).digest('hex') };
    const widget = await visitor('POST', `/api/public/chat/${link.body.token}`, { content: `hi ${widgetWords}`, user });
    expect(widget.status, widget.text).toBe(200);

    const ours = await h.ctx.db.selectFrom('text_conversations').select('id').where('tenant_id', '=', t.tenantId).where('user_id', '=', userId).execute();
    expect(ours).toHaveLength(2);
    await waitFor(async () => (await h.ctx.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', t.webhookId).execute()).length === 3, {
      timeoutMs: 15_000,
    });
    expect(await findInRedis(redis, prefix, [reason])).toContain(`live:inbox:${t.tenantId}`);

    // The export by user id: both conversations, the webhook deliveries and inbox events about them.
    const exported = await exportOf(t.tenantId, `/api/visitors/users/${encodeURIComponent(userId)}/export`);
    expect(exported).toMatchObject({ user_id: userId, tenant_id: t.tenantId, verifications: [], links: [], link_deliveries: [], schedules: [] });
    expect(exported.conversations.map((c: { id: string }) => c.id).sort()).toEqual(ours.map((r) => r.id).sort());
    expect(JSON.stringify(exported.conversations)).toContain(apiWords);
    expect(JSON.stringify(exported.conversations)).toContain(widgetWords);
    expect(JSON.stringify(exported.conversations)).not.toContain('theirs');
    expect(exported.webhook_deliveries.map((d: { event_type: string }) => d.event_type).sort()).toEqual([
      'conversation.started',
      'conversation.started',
      'escalation.created',
    ]);
    expect(JSON.stringify(exported.inbox_events)).toContain(reason);

    // A tenant key of another tenant neither sees nor erases them.
    const key = (await h.admin('POST', `/api/tenants/${other.tenantId}/keys`, {})).body.key as string;
    const foreign = await fetch(`${h.platform.url}/api/visitors/users/${encodeURIComponent(userId)}/export`, { headers: { authorization: `Bearer ${key}` } });
    const foreignExport = (await foreign.json()) as any;
    expect(foreignExport.tenant_id).toBe(other.tenantId);
    expect(JSON.stringify(foreignExport.conversations)).not.toContain(widgetWords);
    expect(foreignExport.conversations).toHaveLength(1);
    const foreignErase = await fetch(`${h.platform.url}/api/visitors/users/${encodeURIComponent(userId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await foreignErase.json()).toEqual({ erased: { conversations: 1, messages: 3, memories: 0 } });
    // Only the tenant's own widget conversation still holds its words (the messages table and its partition).
    const still = await findAnywhere(h, [widgetWords]);
    expect(still.length).toBeGreaterThan(0);
    expect(still.every((column) => column.startsWith('text_conversation_messages'))).toBe(true);

    const erased = await t.admin('DELETE', `/api/visitors/users/${encodeURIComponent(userId)}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.erased.conversations).toBe(2);
    expect(await findAnywhere(h, [apiWords, widgetWords, reason])).toEqual([]);
    expect(await findInRedis(redis, prefix, [apiWords, widgetWords, reason])).toEqual([]);
    const left = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['user_id', 'erased_at'])
      .where(
        'id',
        'in',
        ours.map((r) => r.id),
      )
      .execute();
    expect(left.every((r) => r.user_id === null && r.erased_at !== null)).toBe(true);
    expect((await exportOf(t.tenantId, `/api/visitors/users/${encodeURIComponent(userId)}/export`)).conversations).toEqual([]);

    // Audited like the email routes: a keyed id, found by `user:<id>`, never the id itself.
    const entries = await waitFor(async () => {
      const listed = (await t.admin('GET', `/api/audit?target=${encodeURIComponent(`user:${userId}`)}`)).body.entries ?? [];
      return listed.length >= 3 ? listed : false;
    });
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['visitor.export', 'visitor.erase', 'visitor.export']);
    expect(entries[0].target.id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entries)).not.toContain(userId);
  }, 90_000);

  it('refuses a bad user id (400) and no key (401); an unknown one is an empty export and zero counts', async () => {
    const t = await tenantWithWebhook('refusals');
    expect((await t.admin('GET', `/api/visitors/users/${'x'.repeat(256)}/export`)).status).toBe(400);
    expect((await t.admin('DELETE', `/api/visitors/users/${'x'.repeat(256)}`)).status).toBe(400);
    expect((await fetch(`${h.platform.url}/api/visitors/users/someone/export`)).status).toBe(401);
    expect((await fetch(`${h.platform.url}/api/visitors/users/someone`, { method: 'DELETE' })).status).toBe(401);
    expect((await t.admin('DELETE', '/api/visitors/users/nobody')).body).toEqual({ erased: { conversations: 0, messages: 0, memories: 0 } });
    expect(await exportOf(t.tenantId, '/api/visitors/users/nobody/export')).toMatchObject({ user_id: 'nobody', conversations: [], memories: [] });
  });

  it('audit entries of link changes name no email and no variable value: addresses become a keyed id, variables their names', async () => {
    const t = await tenantWithWebhook('audited');
    const email = `carol.${randomUUID().slice(0, 8)}@example.com`;
    const value = mark('value');
    const created = await t.admin('POST', `/api/agents/${t.name}/public-links`, {
      title: 'For Carol',
      variables: { email, plan: value },
      send: { channels: [{ type: 'email', to: email }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await t.admin('PUT', `/api/agents/${t.name}/public-links/${created.body.id}`, { variables: { email, plan: value } })).status).toBe(200);
    const tenant = await h.admin('POST', '/api/tenants', { name: 'Ops', operator_email: email });
    expect(tenant.status).toBe(201);
    const entries = await waitFor(async () => {
      const listed = (await h.admin('GET', '/api/audit?limit=200')).body.entries ?? [];
      const wanted = listed.filter((e: { target: { id: string } }) => e.target.id === created.body.id || e.target.id === tenant.body.id);
      return wanted.length === 3 ? wanted : false;
    });
    const text = JSON.stringify(entries);
    expect(text.toLowerCase()).not.toContain(email);
    expect(text).not.toContain(value);
    const create = entries.find((e: { action: string }) => e.action === 'link.create');
    expect(create.details.variables).toEqual({ names: ['email', 'plan'] });
    // The same address is the same id everywhere (the link's `to`, the tenant's operator): an owner can tell, not read.
    expect(new Set(text.match(/\[email [0-9a-f]{64}\]/g))).toHaveProperty('size', 1);
    expect(text.match(/\[email [0-9a-f]{64}\]/g)).toHaveLength(2);
    expect((await h.admin('GET', '/api/audit/verify')).body.ok).toBe(true);
  });

  it('retention: finished webhook deliveries older than RETENTION_DAYS lose their body, the attempt record stays', async () => {
    const t = await tenantWithWebhook('retained');
    const words = mark('oldreason');
    const api = await h.chat.createSession({ tenant_id: t.tenantId, agent_id: t.agentId });
    expect((await h.chat.request('POST', `/api/chat/sessions/${api.body.session_id}/escalate`, { reason: words })).status).toBe(201);
    await waitFor(
      async () =>
        (await h.ctx.db.selectFrom('webhook_deliveries').select('state').where('body', 'like', `%${words}%`).executeTakeFirst())?.state === 'succeeded',
      {
        timeoutMs: 15_000,
      },
    );
    const fresh = mark('freshreason');
    expect(
      (
        await h.chat.request(
          'POST',
          `/api/chat/sessions/${(await h.chat.createSession({ tenant_id: t.tenantId, agent_id: t.agentId })).body.session_id}/escalate`,
          { reason: fresh },
        )
      ).status,
    ).toBe(201);
    await waitFor(
      async () =>
        (await h.ctx.db.selectFrom('webhook_deliveries').select('state').where('body', 'like', `%${fresh}%`).executeTakeFirst())?.state === 'succeeded',
      {
        timeoutMs: 15_000,
      },
    );
    await sql`UPDATE webhook_deliveries SET finished_at = now() - interval '91 days' WHERE body LIKE ${`%${words}%`}`.execute(h.ctx.db);

    const cleanup = createCleanupService({
      bus: h.platform.bus,
      db: h.ctx.db,
      logger: h.ctx.logger,
      options: { sessionTimeoutSeconds: 60, cleanupIntervalMs: 100_000 * 60_000, partitionMonthsAhead: 3, retentionDays: 90 },
    });
    await cleanup.started;
    const job = cleanup.jobs.find((j) => j.name === 'purge-webhook-bodies');
    expect(job).toBeDefined();
    await job!.run();
    await cleanup.drain();
    // The escalation itself is the conversation's, kept until the conversation's own retention.
    expect(await findAnywhere(h, [words])).not.toContain('webhook_deliveries.body');
    expect(await findAnywhere(h, [fresh])).toContain('webhook_deliveries.body');
    const attempts = await h.ctx.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_delivery_attempts as a', 'a.delivery_id', 'd.id')
      .select(['d.body', 'd.state', 'a.status'])
      .where('d.webhook_id', '=', t.webhookId)
      .where('d.body_erased_at', 'is not', null)
      .execute();
    expect(attempts).toEqual([{ body: '{"erased":true}', state: 'succeeded', status: 'succeeded' }]);
  });
});
