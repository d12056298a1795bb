import { randomUUID } from 'node:crypto';
import { AppError } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHash, type LinksHarness, sayingAgent, startLinksHarness } from './links-harness.js';

describe('the registry refuses', () => {
  let h: LinksHarness;
  let tenantId: string;

  beforeAll(async () => {
    h = await startLinksHarness();
    tenantId = (await h.client.request('links.tenants.create', { name: 'Refusals' })).id;
  });
  afterAll(async () => h?.stop());

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(AppError);
        return error as AppError;
      },
    );

  it('a config whose tool names a secret the tenant does not have; once it has it, the same config saves', async () => {
    const config = {
      tools: [
        {
          name: 'order_status',
          http: { url: 'https://shop.example/orders/{{args.id}}', headers: { Authorization: 'Bearer {{secrets.SHOP_KEY}}' } },
          parameters: { type: 'object', properties: { id: { type: 'string' } } },
        },
      ],
      workflow: { initial_node: 'qa', nodes: [{ id: 'qa', name: 'Q&A', prompt: 'Help.', tools: ['order_status'] }] },
    };
    const missing = await failure(h.client.request('links.agents.create', { tenantId, name: 'shop', config }));
    expect(missing).toMatchObject({
      code: 'invalid',
      details: [{ path: 'config.tools[0].http.headers.Authorization', message: expect.stringContaining('no secret named SHOP_KEY') }],
    });
    await h.client.request('links.tenant-secrets.create', { tenantId, name: 'SHOP_KEY', value: 'a-value-never-shown' });
    await expect(h.client.request('links.agents.create', { tenantId, name: 'shop', config })).resolves.toMatchObject({ name: 'shop' });
    // Another tenant's secret of that name does not count.
    const other = (await h.client.request('links.tenants.create', { name: 'Other' })).id;
    await expect(failure(h.client.request('links.agents.create', { tenantId: other, name: 'shop', config }))).resolves.toMatchObject({ code: 'invalid' });
  });

  it('a config naming knowledge bases while the memory service (which keeps them) does not answer: 503, not saved unchecked', async () => {
    // Nothing serves memory's subjects in this namespace.
    const config = {
      workflow: {
        initial_node: 'qa',
        nodes: [{ id: 'qa', name: 'Q&A', prompt: 'Help.', knowledge: { bases: ['Help centre'] } }],
      },
    };
    const started = Date.now();
    const down = await failure(h.client.request('links.agents.create', { tenantId, name: 'helpdesk', config }));
    expect(down).toMatchObject({ code: 'unavailable', status: 503, details: { reason: 'knowledge_unavailable' } });
    expect(down.message).toMatch(/knowledge bases .* cannot be checked/);
    expect(down.retryAfterSeconds).toBeGreaterThan(0);
    // Within the save's own time: the caller hears why, not that links did not answer.
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(h.client.request('links.agents.get', { tenantId, name: 'helpdesk' })).rejects.toMatchObject({ code: 'not_found' });
    // A config naming none is not held up.
    await expect(h.client.request('links.agents.create', { tenantId, name: 'helpdesk', config: sayingAgent('Hello.') })).resolves.toMatchObject({
      name: 'helpdesk',
    });
    const version = await failure(h.client.request('links.agents.create-version', { tenantId, name: 'helpdesk', config }));
    expect(version).toMatchObject({ code: 'unavailable', details: { reason: 'knowledge_unavailable' } });
  });

  it('a config that is not a valid workflow, naming the path of the first problem', async () => {
    const noInitial = await failure(
      h.client.request('links.agents.create', { tenantId, name: 'broken', config: { workflow: { initial_node: 'start', nodes: [] } } }),
    );
    expect(noInitial).toMatchObject({
      code: 'invalid',
      message: 'config.workflow.initial_node: no node has id "start"',
      details: [{ path: 'config.workflow.initial_node', message: 'no node has id "start"' }],
    });
    // Nothing was saved under the name.
    await expect(h.client.request('links.agents.get', { tenantId, name: 'broken' })).rejects.toMatchObject({ code: 'not_found' });

    await h.client.request('links.agents.create', { tenantId, name: 'valid', config: sayingAgent('hi') });
    const badCondition = {
      workflow: {
        initial_node: 'a',
        nodes: [
          { id: 'a', name: 'A', transitions: [{ to: 'b', condition: 'sometimes' }] },
          { id: 'b', name: 'B' },
        ],
      },
    };
    const refusedVersion = await failure(h.client.request('links.agents.create-version', { tenantId, name: 'valid', config: badCondition }));
    expect(refusedVersion.code).toBe('invalid');
    expect(refusedVersion.details).toEqual([{ path: 'config.workflow.nodes[0].transitions[0].condition', message: expect.any(String) }]);
    expect((await h.client.request('links.agents.get', { tenantId, name: 'valid' })).versions).toHaveLength(1);
  });

  it('a second agent of the same name in a tenant', async () => {
    await h.client.request('links.agents.create', { tenantId, name: 'twin', config: sayingAgent('one') });
    await expect(h.client.request('links.agents.create', { tenantId, name: 'twin', config: sayingAgent('two') })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('versions that do not exist', async () => {
    const agent = await h.client.request('links.agents.create', { tenantId, name: 'one-version', config: sayingAgent('v1') });
    await expect(h.client.request('links.agents.resolve-version', { tenantId, agentId: agent.id, version: 2 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.agents.set-active-version', { tenantId, name: 'one-version', version: 2 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.client.request('links.agents.config', { agentId: agent.id, version: 2 })).rejects.toMatchObject({ code: 'not_found' });
    expect(await h.client.request('links.agents.get', { tenantId, name: 'one-version' })).toMatchObject({ active_version: 1 });
  });

  it('agents, keys and tenants that do not exist', async () => {
    await expect(h.client.request('links.agents.resolve-version', { tenantId, agentId: randomUUID() })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.agents.get', { tenantId, name: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.tenants.resolve-key', { keyHash: keyHash('prl_not-a-key') })).rejects.toMatchObject({ code: 'not_found' });
    const nowhere = randomUUID();
    await expect(h.client.request('links.tenants.create-key', { tenantId: nowhere })).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.client.request('links.agents.create', { tenantId: nowhere, name: 'x', config: sayingAgent('x') })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.client.request('links.agents.list', { tenantId: nowhere })).rejects.toMatchObject({ code: 'not_found' });
  });
});
