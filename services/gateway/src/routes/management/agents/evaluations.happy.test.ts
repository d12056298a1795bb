import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { demoAgentConfig, demoSuite, finishedRun } from './evaluations.test-kit.js';

/** The demo agent with the pricing intent sent to support instead: a broken transition. */
const brokenPricing = () => {
  const config = structuredClone(demoAgentConfig);
  const menu = config.workflow.nodes.find((node) => node.id === 'menu') as { transitions: Array<{ to: string; condition: string }> };
  menu.transitions = menu.transitions.map((t) => (t.condition === 'intent:pricing' ? { ...t, to: 'support' } : t));
  return config;
};

describe('agent tests and their runs', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { testRuns: { pollIntervalMs: 100, leaseMs: 1_500 } });
  });
  afterAll(async () => h?.stop());

  it('a suite of the demo agent passes on version 1, fails on a draft that breaks a transition, and gates publishing', async () => {
    const tenant = await h.seedTenant('Evaluations');
    const created = await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    expect(created.status, created.text).toBe(201);
    const test = await h.withKey(tenant.key, 'POST', '/api/agents/demo/tests', demoSuite);
    expect(test.status, test.text).toBe(201);
    expect(test.body).toEqual({ id: expect.any(String) });
    const listed = await h.withKey(tenant.key, 'GET', '/api/agents/demo/tests');
    expect(listed.body.tests).toEqual([{ id: test.body.id, ...demoSuite, created_at: expect.any(String), updated_at: expect.any(String) }]);

    const passed = await finishedRun(h, tenant.key, 'demo', 1);
    expect(passed.body, passed.text).toMatchObject({ version: 1, status: 'passed', passed: 1, failed: 0, duration_ms: expect.any(Number) });
    expect(passed.body.results[0]).toMatchObject({ test_id: test.body.id, name: demoSuite.name, passed: true });
    expect(passed.body.results[0].turns[1]).toMatchObject({ user: 'What does it cost?', node: 'pricing', failures: [] });
    expect(passed.body.results[0].turns[1].response).toContain('Plans start free');

    const draft = await h.withKey(tenant.key, 'POST', '/api/agents/demo/versions', { config: brokenPricing() });
    expect(draft.body.version).toBe(2);
    const failed = await finishedRun(h, tenant.key, 'demo', 2);
    expect(failed.body).toMatchObject({ version: 2, status: 'failed', passed: 0, failed: 1 });
    const failures = failed.body.results[0].turns.flatMap((turn: { failures: string[] }) => turn.failures);
    expect(failures).toContain("turn 2: expected node 'pricing', was 'support'");
    expect(failures.some((f: string) => f.startsWith('turn 2: expected the reply to say /plans start free/'))).toBe(true);

    // Runs made no conversation, no analytics and no budget count.
    expect(await h.ctx.db.selectFrom('text_conversations').select('id').where('agent_id', '=', created.body.id).execute()).toEqual([]);
    expect(await h.ctx.db.selectFrom('analytics_hourly').select('hour').where('agent_id', '=', created.body.id).execute()).toEqual([]);
    expect(await h.ctx.db.selectFrom('token_usage_daily').select('tokens').where('tenant_id', '=', tenant.tenantId).execute()).toEqual([]);

    const required = await h.withKey(tenant.key, 'PUT', '/api/agents/demo', { require_tests: true });
    expect(required.status, required.text).toBe(200);
    expect(required.body).toEqual({ id: created.body.id, name: 'demo', active_version: 1, require_tests: true });
    const refused = await h.withKey(tenant.key, 'PUT', '/api/agents/demo/active-version', { version: 2 });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { reason: 'tests_failed' } });
    const third = await h.withKey(tenant.key, 'POST', '/api/agents/demo/versions', { config: demoAgentConfig });
    const notRun = await h.withKey(tenant.key, 'PUT', '/api/agents/demo/active-version', { version: third.body.version });
    expect(notRun.body.error).toMatchObject({ code: 'conflict', details: { reason: 'tests_not_run' } });
    await finishedRun(h, tenant.key, 'demo', 3);
    const published = await h.withKey(tenant.key, 'PUT', '/api/agents/demo/active-version', { version: 3 });
    expect(published.status, published.text).toBe(200);

    // A test changed since the run: that run no longer covers it.
    const changed = await h.withKey(tenant.key, 'PUT', `/api/agents/demo/tests/${test.body.id}`, { ...demoSuite, name: 'Renamed' });
    expect(changed.status, changed.text).toBe(200);
    const stale = await h.withKey(tenant.key, 'PUT', '/api/agents/demo/active-version', { version: 1 });
    expect(stale.body.error).toMatchObject({ code: 'conflict', details: { reason: 'tests_not_run' } });

    const recorded = ['agent.test.create', 'agent.test_run.start', 'agent.update', 'agent.test.update'];
    await waitFor(async () => {
      const entries: Array<{ action: string }> = (await h.withKey(tenant.key, 'GET', '/api/audit?limit=200')).body.entries;
      return recorded.every((action) => entries.some((entry) => entry.action === action));
    });
  });

  it('from a conversation: a test that passes on the version that had it', async () => {
    const tenant = await h.seedTenant('From conversation');
    await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    const session = await h.withKey(tenant.key, 'POST', '/api/agents/demo/playground/sessions', {});
    expect(session.status, session.text).toBe(201);
    for (const content of ["I'm Grace, grace@example.com", 'I need help, it is broken']) {
      const sent = await h.withKey(tenant.key, 'POST', `/api/agents/demo/playground/sessions/${session.body.session_id}/messages`, { content });
      expect(sent.status, sent.text).toBe(200);
    }
    const made = await h.withKey(tenant.key, 'POST', '/api/agents/demo/tests/from-conversation', { conversation_id: session.body.conversation_id });
    expect(made.status, made.text).toBe(201);
    const test = await h.withKey(tenant.key, 'GET', `/api/agents/demo/tests/${made.body.id}`);
    expect(test.body.turns).toEqual([
      { user: "I'm Grace, grace@example.com", expect: { node: 'menu' } },
      { user: 'I need help, it is broken', expect: { node: 'support', handoff: false, ended: false } },
    ]);
    const run = await finishedRun(h, tenant.key, 'demo', 1);
    expect(run.body, run.text).toMatchObject({ status: 'passed', passed: 1 });

    const deleted = await h.withKey(tenant.key, 'DELETE', `/api/agents/demo/tests/${made.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await h.withKey(tenant.key, 'GET', `/api/agents/demo/tests/${made.body.id}`)).status).toBe(404);
  });

  it('a run whose worker died is picked up again once its lease runs out; one that keeps dying is given up', async () => {
    const tenant = await h.seedTenant('Leases');
    const created = await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    const test = await h.withKey(tenant.key, 'POST', '/api/agents/demo/tests', demoSuite);
    const snapshot = { id: test.body.id, ...demoSuite, updated_at: new Date().toISOString() };
    // As a worker leaves them when it dies mid-run: claimed, the lease still running.
    const insert = (attempts: number) =>
      h.ctx.db
        .insertInto('agent_test_runs')
        .values({
          tenant_id: tenant.tenantId,
          agent_id: created.body.id,
          version: 1,
          tests: JSON.stringify([snapshot]),
          attempts,
          lease_until: new Date(Date.now() + 500),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const orphan = await insert(1);
    const hopeless = await insert(3);
    const read = (id: string) => h.withKey(tenant.key, 'GET', `/api/agents/demo/test-runs/${id}`);
    expect((await read(orphan.id)).body.status).toBe('running');
    const resumed = await waitForStatus(() => read(orphan.id));
    expect(resumed).toMatchObject({ status: 'passed', passed: 1 });
    const given = await waitForStatus(() => read(hopeless.id));
    expect(given).toMatchObject({ status: 'failed', failed: 1 });
    expect(given.results[0].turns[0].failures[0]).toMatch(/interrupted 3 times/);
  });
});

async function waitForStatus(read: () => Promise<{ body: { status: string } & Record<string, any> }>) {
  return waitFor(
    async () => {
      const run = await read();
      return run.body.status !== 'running' && run.body;
    },
    { timeoutMs: 20_000 },
  );
}
