import { errorBodySchema } from '@parley/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';
import type { RawResponse } from './signed-client.js';

const agentConfig = {
  workflow: {
    initial_node: 'ask',
    nodes: [{ id: 'ask', name: 'Ask', static_text: 'Tell me more.', transitions: [{ to: 'ask', condition: 'user_responded' }] }],
  },
};

/** How long the outage lasts while requests keep coming. */
const OUTAGE_MS = 3_000;

/** Runs statements on the server as an administrator, connected to the `postgres` database. */
async function asAdmin(run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const url = new URL(inject('databaseAdminUrl'));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), application_name: 'postgres-down-test' });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/** What an operator does to a database, or what a failover does to it: new connections refused, open ones cut. */
async function refuseConnections(database: string): Promise<void> {
  await asAdmin(async (client) => {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS false`);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
  });
}

async function allowConnections(database: string): Promise<void> {
  await asAdmin((client) => client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS true`));
}

describe('PostgreSQL refusing connections', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string };
  let sessionId: string;
  let database: string;

  beforeAll(async () => {
    h = await startTestPlatform();
    database = decodeURIComponent(new URL(h.ctx.databaseUrl).pathname.slice(1));
    agent = await h.seedAgent(agentConfig, 'outage');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status).toBe(201);
    sessionId = created.body.session_id;
  });
  afterAll(async () => {
    // The database must take connections again for the platform to stop and the harness to drop it.
    if (database) await allowConnections(database).catch(() => undefined);
    await h?.stop();
  });

  /** One of each: create a session, send a message, read its status, list agents. */
  const mix = (): Array<Promise<RawResponse & { request: string }>> => {
    const label = (request: string) => (response: RawResponse) => ({ ...response, request });
    return [
      h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId }).then(label('create session')),
      h.chat.send(sessionId, 'are you there?').then(label('send message')),
      h.chat.status(sessionId).then(label('session status')),
      h.admin('GET', '/api/agents', undefined, agent.tenantId).then(label('list agents')),
    ];
  };

  it('answers every request 503 unavailable with Retry-After while refused, never 500, and serves again once allowed', async () => {
    const answers: Array<RawResponse & { request: string }> = [];
    await refuseConnections(database);
    try {
      const until = Date.now() + OUTAGE_MS;
      while (Date.now() < until) answers.push(...(await Promise.all(mix())));
    } finally {
      await allowConnections(database);
    }

    expect(answers.length).toBeGreaterThan(40);
    const statuses = new Map<string, number>();
    for (const answer of answers) statuses.set(`${answer.request} ${answer.status}`, (statuses.get(`${answer.request} ${answer.status}`) ?? 0) + 1);
    // Every kind of request, every time: 503 and nothing else.
    expect([...statuses.keys()].sort()).toEqual(['create session 503', 'list agents 503', 'send message 503', 'session status 503']);
    for (const answer of answers) {
      expect(answer.headers.get('retry-after'), answer.request).toMatch(/^\d+$/);
      const body = errorBodySchema.parse(answer.body);
      expect(Object.keys(answer.body)).toEqual(['error']);
      expect(Object.keys(body.error).every((field) => ['code', 'message', 'details', 'request_id'].includes(field))).toBe(true);
      expect(body.error.code, answer.request).toBe('unavailable');
      expect(body.error.request_id).toBe(answer.headers.get('x-request-id'));
    }

    // Connections are taken again: the same requests succeed, on the session created before.
    const [created, sent, status, agents] = await Promise.all(mix());
    expect(created?.status).toBe(201);
    expect(sent?.status).toBe(200);
    expect(sent?.body.response).toBe('Tell me more.');
    expect(status?.status).toBe(200);
    expect(status?.body.session_id).toBe(sessionId);
    expect(agents?.status).toBe(200);
  });
});
