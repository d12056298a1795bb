import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { linkOf, versionedAgent } from './agent-versions.test-kit.js';

describe('agent versions and link versions: refused input', () => {
  let h: GatewayHarness;
  let agent: Awaited<ReturnType<typeof versionedAgent>>;
  let linkId: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await versionedAgent(h, 'Refusals', 2);
    linkId = (await linkOf(h, agent)).id;
  });
  afterAll(async () => h?.stop());

  const create = (body: object) => h.withKey(agent.key, 'POST', '/api/agents/desk/public-links', { title: 'Bad', ...body });
  const update = (body: object) => h.withKey(agent.key, 'PUT', `/api/agents/desk/public-links/${linkId}`, body);
  const paths = (response: { body: { error: { details?: Array<{ path: string }> } } }) => (response.body.error.details ?? []).map((d) => d.path);

  it('refuses version and split together', async () => {
    const body = {
      version: 2,
      split: [
        { version: 1, weight: 1 },
        { version: 2, weight: 1 },
      ],
    };
    for (const answer of [await create(body), await update(body)]) {
      expectError(answer, 400, 'invalid', /version or split/);
      expect(paths(answer)).toContain('body.split');
    }
  });

  it('refuses a version the agent does not have, naming its path', async () => {
    const pinned = await create({ version: 9 });
    expectError(pinned, 400, 'invalid', /body\.version/);
    expect(paths(pinned)).toEqual(['body.version']);
    const split = await update({
      split: [
        { version: 1, weight: 5 },
        { version: 42, weight: 5 },
      ],
    });
    expectError(split, 400, 'invalid', /body\.split\[1\]\.version/);
    expect(paths(split)).toEqual(['body.split[1].version']);
  });

  it('refuses weights out of 1–1000, whole numbers only, one entry, more than ten, and a version twice', async () => {
    // Schema refusals name array items as the request validator does (`split.0.weight`).
    const cases: Array<[unknown, string]> = [
      [
        [
          { version: 1, weight: 0 },
          { version: 2, weight: 1 },
        ],
        'body.split.0.weight',
      ],
      [
        [
          { version: 1, weight: 1 },
          { version: 2, weight: 1001 },
        ],
        'body.split.1.weight',
      ],
      [
        [
          { version: 1, weight: 1.5 },
          { version: 2, weight: 1 },
        ],
        'body.split.0.weight',
      ],
      [[{ version: 1, weight: 1 }], 'body.split'],
      [Array.from({ length: 11 }, (_, i) => ({ version: i + 1, weight: 1 })), 'body.split'],
      [
        [
          { version: 1, weight: 1 },
          { version: 1, weight: 2 },
        ],
        'body.split.1.version',
      ],
      [
        [
          { version: 0, weight: 1 },
          { version: 2, weight: 1 },
        ],
        'body.split.0.version',
      ],
      [
        [
          { version: 1, weight: 1, share: 0.5 },
          { version: 2, weight: 1 },
        ],
        'body.split.0',
      ],
    ];
    for (const [split, path] of cases) {
      const answer = await update({ split });
      expectError(answer, 400, 'invalid');
      expect(paths(answer), JSON.stringify(split)).toContain(path);
    }
    expectError(await update({ version: 0 }), 400, 'invalid');
    expectError(await update({ version: 'latest' }), 400, 'invalid');
    // Nothing refused was stored.
    const listed = await h.withKey(agent.key, 'GET', '/api/agents/desk/public-links');
    expect(listed.body.links[0]).toMatchObject({ version: null, split: null });
  });

  it("refuses another agent's version; another tenant's agent is not found", async () => {
    const other = await h.withKey(agent.key, 'POST', '/api/agents', {
      name: 'other',
      config: { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'x' }] } },
    });
    expect(other.status).toBe(201);
    // `other` has version 1 only: its version 3 is not the one `desk` has.
    const answer = await h.withKey(agent.key, 'POST', '/api/agents/other/public-links', { title: 'Other', version: 3 });
    expectError(answer, 400, 'invalid', /body\.version/);

    const stranger = await versionedAgent(h, 'Stranger', 3);
    expectError(await h.withKey(stranger.key, 'PUT', `/api/agents/desk/public-links/${linkId}`, { version: 2 }), 404, 'not_found');
    expectError(await h.withKey(stranger.key, 'GET', '/api/agents/other/versions/1'), 404, 'not_found');
  });

  it('GET of a version: unknown version 404, a bad number 400; publishing an unknown version 404', async () => {
    expectError(await h.withKey(agent.key, 'GET', '/api/agents/desk/versions/99'), 404, 'not_found');
    expectError(await h.withKey(agent.key, 'GET', '/api/agents/nobody/versions/1'), 404, 'not_found');
    for (const bad of ['0', 'abc', '-1', '1.5', '99999999999'])
      expectError(await h.withKey(agent.key, 'GET', `/api/agents/desk/versions/${bad}`), 400, 'invalid');
    expectError(await h.withKey(agent.key, 'PUT', '/api/agents/desk/active-version', { version: 99 }), 404, 'not_found');
    // The draft stays a draft.
    expect((await h.withKey(agent.key, 'GET', '/api/agents/desk/versions/2')).body).toMatchObject({ state: 'draft', published_at: null });
  });

  it('a template holds no version: the settings of a template refuse them', async () => {
    const answer = await h.withKey(agent.key, 'PUT', '/api/link-templates/previews', { settings: { title: 'x', version: 2 } });
    expectError(answer, 400, 'invalid');
    const bulk = await h.withKey(agent.key, 'POST', '/api/public-links/bulk-update', { ids: [linkId], changes: { version: 2 } });
    expectError(bulk, 400, 'invalid');
  });
});
