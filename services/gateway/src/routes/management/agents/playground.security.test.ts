import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe("the playground: nobody reaches another tenant's or agent's sessions", () => {
  let h: GatewayHarness;
  let a: { tenantId: string; key: string };
  let b: { tenantId: string; key: string };
  let sessionId: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    a = await h.seedTenant('A');
    b = await h.seedTenant('B');
    for (const [key, name] of [
      [a.key, 'echo'],
      [a.key, 'other'],
      [b.key, 'echo'],
    ] as const) {
      expect((await h.withKey(key, 'POST', '/api/agents', { name, config: echoAgent })).status).toBe(201);
    }
    sessionId = (await h.withKey(a.key, 'POST', '/api/agents/echo/playground/sessions', {})).body.session_id;
  });
  afterAll(async () => h?.stop());

  const turns = () => h.ctx.db.selectFrom('text_conversations').select('total_turns').where('session_id', '=', sessionId).executeTakeFirstOrThrow();

  it('without a key or with an unknown one: 401', async () => {
    expectError(
      await h.inject({ method: 'POST', url: '/api/agents/echo/playground/sessions', headers: { 'content-type': 'application/json' }, payload: '{}' }),
      401,
      'unauthorized',
    );
    expectError(
      await h.withKey('prl_unknown-unknown-unknown-unknown', 'POST', `/api/agents/echo/playground/sessions/${sessionId}/messages`, { content: 'hi' }),
      401,
      'unauthorized',
    );
  });

  it("another tenant's key, and the same tenant's other agent, find no such session (404) and run no turn", async () => {
    // Tenant B has an agent of the same name: the session is still not its.
    expectError(await h.withKey(b.key, 'POST', `/api/agents/echo/playground/sessions/${sessionId}/messages`, { content: 'hi' }), 404, 'not_found');
    expectError(await h.admin('POST', `/api/agents/echo/playground/sessions/${sessionId}/messages`, { content: 'hi' }, b.tenantId), 404, 'not_found');
    expectError(await h.withKey(a.key, 'POST', `/api/agents/other/playground/sessions/${sessionId}/messages`, { content: 'hi' }), 404, 'not_found');
    expect(await turns()).toEqual({ total_turns: 0 });
    const own = await h.withKey(a.key, 'POST', `/api/agents/echo/playground/sessions/${sessionId}/messages`, { content: 'hi' });
    expect(own.status, own.text).toBe(200);
    expect(await turns()).toEqual({ total_turns: 1 });
  });
});
