import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

/** One whole second, as a backend that signs with whole-second timestamps does: identical requests sign alike. */
const wholeSecond = () => Math.floor(Date.now() / 1000) * 1000;

describe('Text Chat API: identical requests that repeat no effect are accepted', () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; agentId: string; name: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent();
  });
  afterAll(async () => h?.stop());

  it('two session creations for the same agent in one second (same body) both start a session', async () => {
    const now = wholeSecond();
    const body = { tenant_id: agent.tenantId, agent_id: agent.agentId };
    const [a, b] = await Promise.all([h.signed('POST', '/api/chat/sessions', body, { now }), h.signed('POST', '/api/chat/sessions', body, { now })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.session_id).not.toBe(b.body.session_id);
  });

  it('two status reads and two identical deletes in one second are answered', async () => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const path = `/api/chat/sessions/${created.body.session_id}`;
    const now = wholeSecond();
    const [first, second] = [await h.signed('GET', path, undefined, { now }), await h.signed('GET', path, undefined, { now })];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect((await h.signed('DELETE', path, undefined, { now })).status).toBe(200);
    // The same DELETE again is no replay of an effect: the session has simply ended.
    expect((await h.signed('DELETE', path, undefined, { now })).status).toBe(410);
  });

  it('a message answered with an error had no effect: re-sent exactly as it was, it is accepted', async () => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const now = wholeSecond();
    // 400: the first send carries an invalid Idempotency-Key; the resend carries none – the
    // signature covers neither, so both are the same signed request.
    const invalid = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'hello' }, { now, headers: { 'idempotency-key': 'x'.repeat(300) } });
    expect(invalid.status).toBe(400);
    const resent = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'hello' }, { now });
    expect(resent.status).toBe(200);
    expect(resent.body.turn_number).toBe(1);
  });

  it('a message to an unknown session (404) may be sent again as it was', async () => {
    const path = '/api/chat/sessions/text_AAAAAAAAAAAAAAAAAAAAAA/messages';
    const now = wholeSecond();
    expect((await h.signed('POST', path, { content: 'anyone?' }, { now })).status).toBe(404);
    expect((await h.signed('POST', path, { content: 'anyone?' }, { now })).status).toBe(404);
  });

  it('a message that failed with 503 (no runner answered) may be sent again as it was and then runs once', async () => {
    // A prompt node's turn is a runner's (without an LLM it says its fallback); a static one never waits for a runner.
    const asking = await h.seedAgent(
      { workflow: { initial_node: 'ask', nodes: [{ id: 'ask', name: 'Ask', prompt: 'Answer briefly.', fallback_text: 'I am here.' }] } },
      'asking',
    );
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: asking.tenantId, agent_id: asking.agentId });
    const id = created.body.session_id;
    const runner = await h.pauseRunner();
    const now = wholeSecond();
    try {
      const failed = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'are you there' }, { now });
      expect(failed.status).toBe(503);
      expect(failed.headers['retry-after']).toBeDefined();
      // Nothing was stored (the runner never answered): the answer says so.
      expect(failed.body.error.details).toMatchObject({ outcome: 'not_applied' });
    } finally {
      runner.resume();
    }
    const resent = await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'are you there' }, { now });
    expect(resent.status, resent.text).toBe(200);
    const status = await h.signed('GET', `/api/chat/sessions/${id}`);
    expect(status.body.turns).toBe(1);
  });

  it('Idempotency-Key: a retry with the same key (signed anew) returns the first result and runs no second turn', async () => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const path = `/api/chat/sessions/${id}/messages`;
    const first = await h.signed('POST', path, { content: 'hello' }, { headers: { 'idempotency-key': 'retry-1' }, now: Date.now() });
    const retry = await h.signed('POST', path, { content: 'hello' }, { headers: { 'idempotency-key': 'retry-1' }, now: Date.now() + 1_000 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    expect((await h.signed('GET', `/api/chat/sessions/${id}`)).body.turns).toBe(1);
  });

  it('Idempotency-Key: five concurrent sends with one key (each signed anew) run one turn and answer alike', async () => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const base = Date.now();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'together' }, { headers: { 'idempotency-key': 'same' }, now: base - i * 1_000 }),
      ),
    );
    for (const r of results) expect(r.status, r.text).toBe(200);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect((await h.signed('GET', `/api/chat/sessions/${id}`)).body.turns).toBe(1);
  });

  it('concurrent messages without a key each run once, none lost', async () => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: `message ${i}` })));
    for (const r of results) expect(r.status, r.text).toBe(200);
    expect(results.map((r) => r.body.turn_number).sort()).toEqual([1, 2, 3, 4]);
  });
  it("takes the agent by its name within the tenant as well as by its id; another tenant's agent of that name is not found", async () => {
    const byName = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.name });
    expect(byName.status, byName.text).toBe(201);
    const detail = await h.admin('GET', `/api/conversations/${byName.body.conversation_id}`, undefined, agent.tenantId);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.agent).toBe(agent.name);
    const other = await h.seedAgent(undefined, 'only-elsewhere');
    const missing = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: other.name });
    expect(missing.status, missing.text).toBe(404);
    const badName = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: 'not a name!' });
    expect(badName.status, badName.text).toBe(400);
  });
});
