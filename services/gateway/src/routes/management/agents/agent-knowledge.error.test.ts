import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../../test/gateway-harness.js';

/** A config whose third node answers from `bases` (docs/workflow.md "Knowledge"). */
const answeringFrom = (bases: string[]) => ({
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'bye', name: 'Bye', type: 'end', static_text: 'Bye.' },
      { id: 'answer', name: 'Answer', prompt: 'You answer from the help centre.', knowledge: { bases, top_k: 2 } },
    ],
  },
});

const details = (response: InjectResult) => response.body.error?.details as Array<{ path: string; message: string }> | undefined;

/** An agent config naming knowledge bases is checked against the tenant's bases when it is saved, as one naming secrets is. */
describe('agent configs naming knowledge bases', () => {
  let h: GatewayHarness;
  let a: { tenantId: string; key: string };
  let b: { tenantId: string; key: string };
  let baseId: string;

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 10_000 });
    [a, b] = await Promise.all([h.seedTenant('Tenant A'), h.seedTenant('Tenant B')]);
  });
  afterAll(async () => h?.stop());

  it('refuses a base the tenant does not have, by name or by id, with 400 naming its path; nothing is saved', async () => {
    const byName = await h.withKey(a.key, 'POST', '/api/agents', { name: 'help', config: answeringFrom(['Help centre']) });
    expectError(byName, 400, 'invalid', /^config\.workflow\.nodes\[2\]\.knowledge\.bases\[0\]: .*no knowledge base named "Help centre"/);
    expect(details(byName)).toEqual([{ path: 'config.workflow.nodes[2].knowledge.bases[0]', message: expect.stringContaining('"Help centre"') }]);

    const byId = await h.withKey(a.key, 'POST', '/api/agents', { name: 'help', config: answeringFrom(['kb_AAAAAAAAAAAAAAAAAAAAAA']) });
    expectError(byId, 400, 'invalid');
    expect(details(byId)).toEqual([{ path: 'config.workflow.nodes[2].knowledge.bases[0]', message: expect.stringContaining('"kb_AAAAAAAAAAAAAAAAAAAAAA"') }]);
    expectError(await h.withKey(a.key, 'GET', '/api/agents/help'), 404, 'not_found');
  });

  it('saves the config once the base exists, named by name or by id; a new version naming one it does not have is refused at its path', async () => {
    const base = await h.withKey(a.key, 'POST', '/api/knowledge', { name: 'Help centre', language: 'english' });
    expect(base.status, base.text).toBe(201);
    baseId = base.body.id;

    const created = await h.withKey(a.key, 'POST', '/api/agents', { name: 'help', config: answeringFrom(['Help centre']) });
    expect(created.status, created.text).toBe(201);
    // Names are read as the config reads them: surrounding spaces trimmed.
    const byId = await h.withKey(a.key, 'POST', '/api/agents/help/versions', { config: answeringFrom([baseId, ' Help centre ']) });
    expect(byId.status, byId.text).toBe(201);

    const second = await h.withKey(a.key, 'POST', '/api/agents/help/versions', { config: answeringFrom([baseId, 'Shipping']) });
    expectError(second, 400, 'invalid');
    expect(details(second)).toEqual([{ path: 'config.workflow.nodes[2].knowledge.bases[1]', message: expect.stringContaining('"Shipping"') }]);
    expect((await h.withKey(a.key, 'GET', '/api/agents/help')).body.versions).toHaveLength(2);
  });

  it("refuses another tenant's base exactly as one that does not exist", async () => {
    expect(baseId, 'the base of the test before').toBeTruthy();
    const foreignById = await h.withKey(b.key, 'POST', '/api/agents', { name: 'help', config: answeringFrom([baseId]) });
    const missingId = await h.withKey(b.key, 'POST', '/api/agents', { name: 'help', config: answeringFrom(['kb_AAAAAAAAAAAAAAAAAAAAAA']) });
    expectError(foreignById, 400, 'invalid');
    expect(details(foreignById)).toEqual(details(missingId)?.map((d) => ({ ...d, message: d.message.replace('kb_AAAAAAAAAAAAAAAAAAAAAA', baseId) })));

    const foreignByName = await h.withKey(b.key, 'POST', '/api/agents', { name: 'help', config: answeringFrom(['Help centre']) });
    expectError(foreignByName, 400, 'invalid');
    expect(details(foreignByName)).toEqual([{ path: 'config.workflow.nodes[2].knowledge.bases[0]', message: expect.stringContaining('"Help centre"') }]);
    // The admin key acting for tenant B is refused alike.
    expectError(await h.admin('POST', '/api/agents', { name: 'help', config: answeringFrom([baseId]) }, b.tenantId), 400, 'invalid');
    expectError(await h.withKey(b.key, 'GET', '/api/agents/help'), 404, 'not_found');
  });
});
