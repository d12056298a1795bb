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

    expect((await h.withKey(tenant.key, 'GET', '/api/agents/demo')).body.require_tests).toBe(false);
    const required = await h.withKey(tenant.key, 'PUT', '/api/agents/demo', { require_tests: true });
    expect(required.status, required.text).toBe(200);
    expect(required.body).toEqual({ id: created.body.id, name: 'demo', active_version: 1, require_tests: true });
    // The agent as read says so too.
    expect((await h.withKey(tenant.key, 'GET', '/api/agents/demo')).body).toMatchObject({ name: 'demo', require_tests: true });
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

  it("lists the agent's runs newest first, a keyset page at a time, one version's when asked", async () => {
    const tenant = await h.seedTenant('Run history');
    await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    expect((await h.withKey(tenant.key, 'GET', '/api/agents/demo/test-runs')).body).toEqual({ runs: [], next_cursor: null });
    await h.withKey(tenant.key, 'POST', '/api/agents/demo/tests', demoSuite);
    await h.withKey(tenant.key, 'POST', '/api/agents/demo/versions', { config: brokenPricing() });
    const first = await finishedRun(h, tenant.key, 'demo', 1);
    const second = await finishedRun(h, tenant.key, 'demo', 2);
    const third = await finishedRun(h, tenant.key, 'demo', 1);

    const listed = await h.withKey(tenant.key, 'GET', '/api/agents/demo/test-runs');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.next_cursor).toBeNull();
    // Each run's outcome as reading it answers, without its turns, and when it was started.
    const summary = (run: { body: Record<string, unknown> }) => {
      const { results: _results, ...outcome } = run.body;
      return { ...outcome, created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/) };
    };
    expect(listed.body.runs).toEqual([summary(third), summary(second), summary(first)]);
    expect(listed.body.runs.map((run: { version: number; status: string }) => [run.version, run.status])).toEqual([
      [1, 'passed'],
      [2, 'failed'],
      [1, 'passed'],
    ]);
    const started = listed.body.runs.map((run: { created_at: string }) => Date.parse(run.created_at));
    expect(started).toEqual([...started].sort((a, b) => b - a));

    // A page at a time: each cursor leads on to the next, none repeated, none missed.
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await h.withKey(tenant.key, 'GET', `/api/agents/demo/test-runs?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.runs).toHaveLength(1);
      paged.push(page.body.runs[0].id);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(paged).toEqual([third.body.id, second.body.id, first.body.id]);

    const versionOne = await h.withKey(tenant.key, 'GET', '/api/agents/demo/test-runs?version=1');
    expect(versionOne.body.runs.map((run: { id: string }) => run.id)).toEqual([third.body.id, first.body.id]);
    expect((await h.withKey(tenant.key, 'GET', '/api/agents/demo/test-runs?version=3')).body).toEqual({ runs: [], next_cursor: null });
    // The filter holds across pages.
    const onePage = await h.withKey(tenant.key, 'GET', '/api/agents/demo/test-runs?version=1&limit=1');
    const nextPage = await h.withKey(tenant.key, 'GET', `/api/agents/demo/test-runs?version=1&limit=1&cursor=${onePage.body.next_cursor}`);
    expect([...onePage.body.runs, ...nextPage.body.runs].map((run: { id: string }) => run.id)).toEqual([third.body.id, first.body.id]);
    expect(nextPage.body.next_cursor).toBeNull();

    for (const query of [
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`,
      'limit=0',
      'limit=101',
      'version=0',
      'page=2',
    ]) {
      const refused = await h.withKey(tenant.key, 'GET', `/api/agents/demo/test-runs?${query}`);
      expect(refused.status, `${query}: ${refused.text}`).toBe(400);
      expect(refused.body.error.code).toBe('invalid');
    }
    const badCursor = await h.withKey(tenant.key, 'GET', '/api/agents/demo/test-runs?cursor=not-a-cursor');
    expect(badCursor.body.error.details).toEqual([{ path: 'querystring.cursor', message: 'not a cursor of this list' }]);
    expect((await h.withKey(tenant.key, 'GET', '/api/agents/nobody/test-runs')).status).toBe(404);
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

  it('a run whose worker died is continued after its last stored test once its lease runs out; one that keeps dying is given up', async () => {
    const tenant = await h.seedTenant('Leases');
    const created = await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    const tests = [];
    for (const name of ['First', 'Second']) tests.push(await h.withKey(tenant.key, 'POST', '/api/agents/demo/tests', { ...demoSuite, name }));
    const snapshots = tests.map((test, i) => ({ id: test.body.id, ...demoSuite, name: i === 0 ? 'First' : 'Second', updated_at: new Date().toISOString() }));
    // The first test's result as the worker stored it before it died in the second.
    const stored = {
      test_id: tests[0]?.body.id,
      name: 'First',
      passed: true,
      turns: [{ user: 'played before the worker died', response: 'kept', node: 'menu', failures: [] }],
    };
    // As a worker leaves them when it dies mid-run: claimed, the lease still running.
    const insert = (attempts: number) =>
      h.ctx.db
        .insertInto('agent_test_runs')
        .values({
          tenant_id: tenant.tenantId,
          agent_id: created.body.id,
          version: 1,
          tests: JSON.stringify(snapshots),
          results: JSON.stringify([stored]),
          passed: 1,
          attempts,
          lease_until: new Date(Date.now() + 500),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const orphan = await insert(1);
    const hopeless = await insert(3);
    const read = (id: string) => h.withKey(tenant.key, 'GET', `/api/agents/demo/test-runs/${id}`);
    // While it runs, the results stored so far.
    expect((await read(orphan.id)).body).toMatchObject({ status: 'running', results: [stored] });
    const resumed = await waitForStatus(() => read(orphan.id));
    // The stored test is not played again; the second is, once.
    expect(resumed).toMatchObject({ status: 'passed', passed: 2 });
    expect(resumed.results).toHaveLength(2);
    expect(resumed.results[0]).toEqual(stored);
    expect(resumed.results[1]).toMatchObject({ test_id: tests[1]?.body.id, name: 'Second', passed: true });
    expect(resumed.results[1].turns[1]).toMatchObject({ user: 'What does it cost?', node: 'pricing', failures: [] });
    const given = await waitForStatus(() => read(hopeless.id));
    // Given up: the stored result kept, the test not played failed as interrupted.
    expect(given).toMatchObject({ status: 'failed', passed: 1, failed: 1 });
    expect(given.results[0]).toEqual(stored);
    expect(given.results[1].turns[0].failures[0]).toMatch(/interrupted 3 times/);
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
