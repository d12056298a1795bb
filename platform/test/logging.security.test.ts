import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { signRequest } from '@parley/auth';
import { createLogger } from '@parley/logger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestPlatform, TEST_ADMIN_KEY, TEST_CHAT_SECRET, type TestPlatform } from './platform-harness.js';

const agentConfig = {
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'Your email?',
        extract: [{ name: 'email', pattern: '([\\w.+-]+@[\\w-]+\\.[\\w.]+)' }],
        transitions: [{ to: 'ask', condition: 'user_responded' }],
      },
    ],
  },
};

const MESSAGE_EMAIL = 'jack.smith@example.com';
const TENANT_EMAIL = 'owner.ann@example.org';

/** Sends raw bytes over a plain socket and returns whatever the server answers before closing. */
function sendRaw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), hostname);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    const done = () => resolve(answer);
    socket.on('close', done);
    socket.on('error', done);
    socket.setTimeout(3_000, () => socket.destroy());
    socket.write(bytes);
  });
}

/** Statements on the server as an administrator, from the `postgres` database. */
async function asAdmin(statements: string[], values: unknown[][] = []): Promise<void> {
  const url = new URL(inject('databaseAdminUrl'));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const [index, statement] of statements.entries()) await client.query(statement, values[index] ?? []);
  } finally {
    await client.end();
  }
}

const levels = ['trace', 'debug', 'info', 'warn', 'error'] as const;

for (const level of levels) {
  describe(`secrets and emails never reach the logs at ${level} level`, () => {
    let h: TestPlatform;
    const lines: string[] = [];
    const sentSignatures: string[] = [];
    let database = '';

    beforeAll(async () => {
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      });
      h = await startTestPlatform({}, { logger: createLogger({ service: 'platform', level, destination }) });
      database = decodeURIComponent(new URL(h.ctx.databaseUrl).pathname.slice(1));
    });
    afterAll(async () => {
      if (database) await asAdmin([`ALTER DATABASE ${pg.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS true`]).catch(() => undefined);
      await h?.stop();
    });

    /** A Text Chat API call signed now, its signature remembered for the final check. */
    async function signed(method: string, path: string, body?: unknown, sign = true) {
      const raw = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest(TEST_CHAT_SECRET, method, path, raw, Date.now(), { fractional: true });
      sentSignatures.push(headers['X-Signature']);
      const init = { method, headers: { ...(sign ? headers : {}), ...(raw ? { 'content-type': 'application/json' } : {}) }, ...(raw ? { body: raw } : {}) };
      const response = await fetch(`${h.platform.url}${path}`, init);
      return { status: response.status, body: (await response.json()) as any, replay: () => fetch(`${h.platform.url}${path}`, init) };
    }

    it(`at ${level}: a whole run – management, signed calls, malformed raw requests, a database outage – logs no key, secret, signature or email`, async () => {
      // Management with the admin key: a tenant whose name holds an email, its agent, a tenant key.
      const tenant = await h.admin('POST', '/api/tenants', { name: `Acme (owner ${TENANT_EMAIL})` });
      expect(tenant.status).toBe(201);
      const tenantId: string = tenant.body.id;
      expect((await h.admin('POST', '/api/agents', { name: 'logged', config: agentConfig }, tenantId)).status).toBe(201);
      const key = await h.admin('POST', `/api/tenants/${tenantId}/keys`);
      expect(key.status).toBe(201);
      const tenantKey: string = key.body.key;
      const withTenantKey = (path: string) => fetch(`${h.platform.url}${path}`, { headers: { authorization: `Bearer ${tenantKey}` } });
      expect((await withTenantKey('/api/agents')).status).toBe(200);
      expect((await withTenantKey('/api/agents/logged')).status).toBe(200);
      expect((await fetch(`${h.platform.url}/api/agents`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}x` } })).status).toBe(401);

      // Signed Text Chat API calls: a session, a message holding an email, a replay, a forgery.
      const created = await signed('POST', '/api/chat/sessions', {
        tenant_id: tenantId,
        agent_id: (await h.admin('GET', '/api/agents/logged', undefined, tenantId)).body.id,
      });
      expect(created.status).toBe(201);
      const sessionId: string = created.body.session_id;
      const messagesPath = `/api/chat/sessions/${sessionId}/messages`;
      const sent = await signed('POST', messagesPath, { content: `it is ${MESSAGE_EMAIL}` });
      expect(sent.status).toBe(200);
      expect(sent.body.extracted_variables).toMatchObject({ email: MESSAGE_EMAIL });
      expect((await sent.replay()).status).toBe(401);
      const forged = 'f'.repeat(64);
      sentSignatures.push(forged);
      const forgedBody = JSON.stringify({ content: `again ${MESSAGE_EMAIL}` });
      const forgedAnswer = await fetch(`${h.platform.url}${messagesPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-timestamp': String(Date.now() / 1000), 'x-signature': forged },
        body: forgedBody,
      });
      expect(forgedAnswer.status).toBe(401);
      expect((await signed('GET', `/api/chat/sessions/${sessionId}`)).status).toBe(200);

      // A public link: its token is in every visitor's path, the session credential in a query.
      const link = await h.admin('POST', '/api/agents/logged/public-links', { title: 'Logged link', passcode: 'open sesame' }, tenantId);
      expect(link.status).toBe(201);
      const linkToken: string = link.body.token;
      const visit = (path: string, body?: unknown) =>
        fetch(`${h.platform.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        });
      expect((await visit(`/api/public/links/${linkToken}`)).status).toBe(200);
      expect((await visit(`/api/public/chat/${linkToken}`, { content: `I am ${MESSAGE_EMAIL}`, passcode: 'wrong one' })).status).toBe(401);
      const visitor = await visit(`/api/public/chat/${linkToken}`, { content: `I am ${MESSAGE_EMAIL}`, passcode: 'open sesame' });
      expect(visitor.status).toBe(200);
      const credential: string = ((await visitor.json()) as { session: string }).session;
      expect((await visit(`/api/public/history/${linkToken}?session=${credential}`)).status).toBe(200);

      // Requests Node's HTTP parser refuses, each carrying the admin key and a real signature.
      const rawSignature = signRequest(TEST_CHAT_SECRET, 'POST', messagesPath, '{}', Date.now(), { fractional: true })['X-Signature'];
      sentSignatures.push(rawSignature);
      const credentials = `Authorization: Bearer ${TEST_ADMIN_KEY}\r\nX-Signature: ${rawSignature}\r\nX-Timestamp: ${Date.now() / 1000}\r\n`;
      const malformed = [
        `GET /api/agents HTTP/1.1\r\nHost: parley\r\n${credentials}X-Note: a\u0001b\r\n\r\n`,
        `G@RBAGE\u007f ${messagesPath} HTTP/1.1\r\nHost: parley\r\n${credentials}\r\n`,
        `POST ${messagesPath} HTTP/1.1\r\nHost: parley\r\n${credentials}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        `GET /api/agents HTTP/1.1\r\nHost: parley\r\n${credentials}X-Padding: ${'p'.repeat(20_000)}\r\n\r\n`,
      ];
      for (const bytes of malformed) expect(await sendRaw(h.platform.url, bytes)).toMatch(/^HTTP\/1\.1 4\d\d /);

      // The database refuses connections for a moment: driver errors reach the warn and error logs.
      await asAdmin(
        [
          `ALTER DATABASE ${pg.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS false`,
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        ],
        [[], [database]],
      );
      try {
        expect((await signed('POST', messagesPath, { content: `still ${MESSAGE_EMAIL}` })).status).toBe(503);
        expect((await h.admin('GET', '/api/agents', undefined, tenantId)).status).toBe(503);
        expect((await withTenantKey('/api/agents/logged')).status).toBe(503);
      } finally {
        await asAdmin([`ALTER DATABASE ${pg.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS true`]);
      }
      expect((await signed('POST', messagesPath, { content: `back, ${MESSAGE_EMAIL}` })).status).toBe(200);

      const log = lines.join('\n');
      for (const secret of [TEST_ADMIN_KEY, TEST_CHAT_SECRET, tenantKey, ...sentSignatures, linkToken, credential, 'open sesame'])
        expect(log).not.toContain(secret);
      for (const email of [MESSAGE_EMAIL, TENANT_EMAIL]) expect(log).not.toContain(email);
      expect(log).not.toContain('rawPacket');

      // What each level does write, so the checks above cover real lines.
      const entries = lines.map((line) => JSON.parse(line) as Record<string, any>);
      const levelsWritten = new Set(entries.map((entry) => entry.level));
      expect([...levelsWritten].filter((written) => levels.indexOf(written) < levels.indexOf(level))).toEqual([]);
      if (level !== 'error') {
        // The outage is logged with the driver's error code, not the error object whole.
        const outage = entries.filter((entry) => entry.level === 'warn' && typeof entry.err?.code === 'string');
        expect(outage.length).toBeGreaterThan(0);
        for (const entry of outage)
          expect(Object.keys(entry.err).every((field) => ['type', 'code', 'message', 'stack', 'severity', 'routine', 'cause', 'errors'].includes(field))).toBe(
            true,
          );
      }
      if (level === 'trace' || level === 'debug') {
        expect(log).toMatch(/"reqId":"req_/);
        // Lines written by the services while handling a turn carry the gateway's request id and the session.
        const turnLines = entries.filter((entry) => entry.sessionId === sessionId);
        expect(turnLines.length).toBeGreaterThan(0);
        expect(turnLines.every((entry) => typeof entry.requestId === 'string' && entry.requestId.startsWith('req_'))).toBe(true);
      }
    });
  });
}
