import { computeSignature } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_CHAT_SECRET, type TestPlatform } from './platform-harness.js';

const echoAgent = {
  workflow: {
    initial_node: 'start',
    nodes: [
      { id: 'start', name: 'Start', static_text: 'Say something.', transitions: [{ to: 'echo', condition: 'user_responded' }] },
      { id: 'echo', name: 'Echo', static_text: 'Noted.', transitions: [{ to: 'done', condition: 'contains:stop' }] },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Bye.' },
    ],
  },
};

describe('Text Chat API: every refusal', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string };
  let sessionId: string;
  const messagesPath = () => `/api/chat/sessions/${sessionId}/messages`;

  beforeAll(async () => {
    h = await startTestPlatform();
    agent = await h.seedAgent(echoAgent, 'echo');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status).toBe(201);
    sessionId = created.body.session_id;
  });
  afterAll(async () => h?.stop());

  // Every 401 has the same code; the message says which check refused, so each test fails if
  // the request was refused for another reason than the one it is about.
  const expectError = (response: { status: number; body: any }, status: number, code: string, message?: RegExp) => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    if (message) expect(response.body.error.message).toMatch(message);
  };
  const BAD_SIGNATURE = /invalid signature/;

  it('refuses an unsigned request', async () => {
    expectError(await h.chat.request('POST', messagesPath(), { content: 'hi' }, { unsigned: true }), 401, 'unauthorized', /X-Timestamp and X-Signature/);
  });

  it('refuses a signature made with another secret', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const body = '{"content":"hi"}';
    const response = await fetch(`${h.platform.url}${messagesPath()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': computeSignature('not-the-secret-at-all', ts, 'POST', messagesPath(), body) },
      body,
    });
    expectError({ status: response.status, body: await response.json() }, 401, 'unauthorized', BAD_SIGNATURE);
  });

  it('refuses a malformed signature and a malformed timestamp', async () => {
    expectError(await h.chat.request('POST', messagesPath(), { content: 'hi' }, { headers: { 'x-signature': 'zz' } }), 401, 'unauthorized', BAD_SIGNATURE);
    expectError(
      await h.chat.request('POST', messagesPath(), { content: 'hi' }, { headers: { 'x-timestamp': 'yesterday' } }),
      401,
      'unauthorized',
      /Unix seconds/,
    );
  });

  it('refuses stale and future timestamps (±300 s) and accepts one just inside', async () => {
    const window = /more than 300 seconds/;
    expectError(await h.chat.request('POST', messagesPath(), { content: 'hi' }, { now: Date.now() - 301_000 }), 401, 'unauthorized', window);
    expectError(await h.chat.request('POST', messagesPath(), { content: 'hi' }, { now: Date.now() + 301_000 }), 401, 'unauthorized', window);
    const inside = await h.chat.request('POST', messagesPath(), { content: 'inside the window' }, { now: Date.now() - 290_000 });
    expect(inside.status).toBe(200);
  });

  it('accepts a signature once: the replay is refused', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({ content: 'only once' });
    const headers = {
      'content-type': 'application/json',
      'x-timestamp': ts,
      'x-signature': computeSignature(TEST_CHAT_SECRET, ts, 'POST', messagesPath(), body),
    };
    const first = await fetch(`${h.platform.url}${messagesPath()}`, { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    const turnsAfterFirst = (await h.chat.status(sessionId)).body.turns;
    const replay = await fetch(`${h.platform.url}${messagesPath()}`, { method: 'POST', headers, body });
    expectError({ status: replay.status, body: await replay.json() }, 401, 'unauthorized', /already used/);
    expect((await h.chat.status(sessionId)).body.turns).toBe(turnsAfterFirst);
  });

  it('refuses a tampered body and a tampered path', async () => {
    expectError(
      await h.chat.request('POST', messagesPath(), { content: 'changed' }, { signBody: JSON.stringify({ content: 'original' }) }),
      401,
      'unauthorized',
      BAD_SIGNATURE,
    );
    expectError(
      await h.chat.request('POST', messagesPath(), { content: 'hi' }, { signPath: '/api/chat/sessions/text_AAAAAAAAAAAAAAAAAAAAAA/messages' }),
      401,
      'unauthorized',
      BAD_SIGNATURE,
    );
    expectError(await h.chat.request('GET', `/api/chat/sessions/${sessionId}`, undefined, { signPath: '/api/chat/sessions' }), 401, 'unauthorized', BAD_SIGNATURE);
  });

  it('refuses malformed JSON with 400 (after authenticating)', async () => {
    expectError(await h.chat.request('POST', messagesPath(), undefined, { rawBody: '{"content": "unterminated' }), 400, 'invalid');
    expectError(await h.chat.request('POST', messagesPath(), undefined, { rawBody: '{"content": "x"', unsigned: true }), 401, 'unauthorized', /X-Timestamp and X-Signature/);
  });

  it('refuses empty and 10,001-character content, accepts 10,000', async () => {
    const empty = await h.chat.send(sessionId, '');
    expectError(empty, 400, 'invalid');
    expect(JSON.stringify(empty.body.error.details)).toContain('content');
    expectError(await h.chat.send(sessionId, 'a'.repeat(10_001)), 400, 'invalid');
    expect((await h.chat.send(sessionId, 'a'.repeat(10_000))).status).toBe(200);
    // Characters are code points: 10,000 emoji are 20,000 UTF-16 units but 10,000 characters.
    expect((await h.chat.send(sessionId, '🙂'.repeat(10_000))).status).toBe(200);
    expectError(await h.chat.request('POST', messagesPath(), {}), 400, 'invalid');
    expectError(await h.chat.request('POST', messagesPath(), { content: 42 }), 400, 'invalid');
    expectError(await h.chat.request('POST', messagesPath(), { content: 'hi', extra: true }), 400, 'invalid');
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await h.chat.request('POST', messagesPath(), { content: 'x'.repeat(300_000) });
    expectError(response, 413, 'payload_too_large');
  });

  it('refuses a bad create body with the fields named', async () => {
    const response = await h.chat.createSession({ tenant_id: 'nope', agent_id: agent.agentId });
    expectError(response, 400, 'invalid');
    expect(JSON.stringify(response.body.error.details)).toContain('tenant_id');
    expectError(await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId, version: 0 }), 400, 'invalid');
  });

  it('answers 404 for an unknown session and for a malformed session id', async () => {
    expectError(await h.chat.send('text_AAAAAAAAAAAAAAAAAAAAAA', 'hello'), 404, 'not_found');
    expectError(await h.chat.status('text_AAAAAAAAAAAAAAAAAAAAAA'), 404, 'not_found');
    expectError(await h.chat.end('text_AAAAAAAAAAAAAAAAAAAAAA'), 404, 'not_found');
    expect((await h.chat.status('not-a-session')).status).toBe(400);
  });

  it('answers 410 for an ended session (ended by DELETE)', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const ended = await h.chat.end(id);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ success: true, final_node_id: 'start', final_node_name: 'Start', total_turns: 0, total_transitions: 0 });
    expectError(await h.chat.send(id, 'hello'), 410, 'gone');
    expectError(await h.chat.end(id), 410, 'gone');
    expect((await h.chat.status(id)).body.status).toBe('completed');
  });

  it('an unknown route answers the error body with 404', async () => {
    const response = await h.chat.request('GET', '/api/chat/nothing-here');
    expectError(response, 404, 'not_found');
  });
});

describe('Text Chat API: Idempotency-Key', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string };

  beforeAll(async () => {
    h = await startTestPlatform();
    agent = await h.seedAgent(echoAgent, 'echo');
  });
  afterAll(async () => h?.stop());

  it('a retry with the same key returns the first result and runs no second turn', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const first = await h.chat.send(id, 'hello', { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(200);
    const retry = await h.chat.send(id, 'hello', { 'idempotency-key': 'retry-1' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const status = await h.chat.status(id);
    expect(status.body.turns).toBe(1);
  });

  it('concurrent sends with one key run one turn', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    // Each retry is signed anew (a signature is accepted once): distinct timestamps, same key.
    const base = Date.now();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.chat.request('POST', `/api/chat/sessions/${id}/messages`, { content: 'together' }, { headers: { 'idempotency-key': 'same' }, now: base - i }),
      ),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await h.chat.status(id)).body.turns).toBe(1);
  });

  it('concurrent messages without a key each run once, in some order, none lost', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => h.chat.send(id, `message ${i}`)));
    for (const r of results) expect(r.status).toBe(200);
    expect(results.map((r) => r.body.turn_number).sort()).toEqual([1, 2, 3, 4]);
    expect((await h.chat.status(id)).body.turns).toBe(4);
  });

  it('refuses a malformed key', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const response = await h.chat.send(created.body.session_id, 'hi', { 'idempotency-key': 'x'.repeat(300) });
    expect(response.status).toBe(400);
  });
});
