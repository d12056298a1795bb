import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { demoAgentConfig, demoSuite, finishedRun } from './evaluations.test-kit.js';

describe('agent tests: tenants and roles', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { testRuns: { pollIntervalMs: 100 } });
  });
  afterAll(async () => h?.stop());

  it("another tenant's agent, test and run are 404, as ones that do not exist; a viewer reads but changes nothing", async () => {
    const owner = await h.seedTenant('Owner of tests');
    const other = await h.seedTenant('Other tenant');
    await h.withKey(owner.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    await h.withKey(other.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    const test = await h.withKey(owner.key, 'POST', '/api/agents/demo/tests', demoSuite);
    const run = await finishedRun(h, owner.key, 'demo', 1);

    // The other tenant has an agent of the same name: the ids still reach nothing of the owner's.
    for (const [method, path, body] of [
      ['GET', `/api/agents/demo/tests/${test.body.id}`],
      ['PUT', `/api/agents/demo/tests/${test.body.id}`, demoSuite],
      ['DELETE', `/api/agents/demo/tests/${test.body.id}`],
      ['GET', `/api/agents/demo/test-runs/${run.body.id}`],
    ] as const) {
      const answer = await h.withKey(other.key, method, path, body);
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(404);
    }
    expect((await h.withKey(other.key, 'GET', '/api/agents/demo/tests')).body.tests).toEqual([]);
    // Its list of runs has none of the owner's, whichever page a cursor of the owner's names.
    const owners = await h.withKey(owner.key, 'GET', '/api/agents/demo/test-runs?limit=1');
    expect(owners.body.runs.map((listed: { id: string }) => listed.id)).toEqual([run.body.id]);
    const ownerCursor = Buffer.from(JSON.stringify(['2999-01-01T00:00:00.000000Z', run.body.id])).toString('base64url');
    for (const query of ['', `?cursor=${ownerCursor}`, '?version=1']) {
      const listed = await h.withKey(other.key, 'GET', `/api/agents/demo/test-runs${query}`);
      expect(listed.status, listed.text).toBe(200);
      expect(listed.body).toEqual({ runs: [], next_cursor: null });
    }
    const onlyOwners = await h.seedTenant('Tenant without the agent');
    expect((await h.withKey(onlyOwners.key, 'GET', '/api/agents/demo/test-runs')).status).toBe(404);
    const foreign = await h.withKey(other.key, 'POST', '/api/agents/demo/tests/from-conversation', { conversation_id: crypto.randomUUID() });
    expect(foreign.status).toBe(404);

    const viewer = await h.admin('POST', `/api/tenants/${owner.tenantId}/keys`, { name: 'Viewer', role: 'viewer' });
    expect((await h.withKey(viewer.body.key, 'GET', '/api/agents/demo/tests')).body.tests).toHaveLength(1);
    expect((await h.withKey(viewer.body.key, 'GET', `/api/agents/demo/test-runs/${run.body.id}`)).body.status).toBe('passed');
    expect((await h.withKey(viewer.body.key, 'GET', '/api/agents/demo/test-runs')).body.runs).toEqual([
      expect.objectContaining({ id: run.body.id, status: 'passed' }),
    ]);
    for (const [method, path, body] of [
      ['POST', '/api/agents/demo/tests', demoSuite],
      ['PUT', '/api/agents/demo', { require_tests: true }],
      ['POST', '/api/agents/demo/versions/1/test-runs'],
    ] as const) {
      const answer = await h.withKey(viewer.body.key, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.details.required_role).toBe('editor');
    }
  });

  it('refuses a regex RE2 cannot run, naming where it is', async () => {
    const owner = await h.seedTenant('Regexes');
    await h.withKey(owner.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    const refused = await h.withKey(owner.key, 'POST', '/api/agents/demo/tests', {
      name: 'Backreference',
      turns: [{ user: 'hi' }, { user: 'again', expect: { says: { regex: '(a)\\1' } } }],
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.message).toMatch(/^turns\.1\.expect: /);
  });
});
