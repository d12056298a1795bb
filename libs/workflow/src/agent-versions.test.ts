import { AppError } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { type AgentConfigSource, type AgentVersionRef, AgentVersions } from './agent-versions.js';

/** A static greeting, then a prompt node: reads history and asks an LLM. */
const promptConfig = {
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Hi.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'answer', name: 'Answer', prompt: 'Be brief.', transitions: [] },
    ],
  },
};
/** No LLM anywhere. */
const staticConfig = { workflow: { initial_node: 'only', nodes: [{ id: 'only', name: 'Only', static_text: 'Go on.', transitions: [] }] } };

/** The links service as the cache sees it: counts what it is asked, answers from `configs`, or fails while `down`. */
function fakeLinks(configs: Record<string, unknown>) {
  const asked: string[] = [];
  let down = false;
  const source: AgentConfigSource = {
    async request(name, ref: AgentVersionRef) {
      asked.push(`${name} ${ref.agentId}:${ref.version}`);
      await Promise.resolve();
      if (down) throw new AppError('unavailable', 'links is down');
      return { config: configs[`${ref.agentId}:${ref.version}`] };
    },
  };
  return { source, asked, setDown: (value: boolean) => (down = value) };
}

describe('the agent-version cache', () => {
  it('fetches a version once, however many ask at once or later, and tells what its turns need', async () => {
    const links = fakeLinks({ 'a:1': promptConfig, 'a:2': staticConfig });
    const versions = new AgentVersions(links.source, { max: 10 });
    const [first, second] = await Promise.all([versions.get({ agentId: 'a', version: 1 }), versions.get({ agentId: 'a', version: 1 })]);
    expect(first).toBe(second);
    expect(first).toMatchObject({ ok: true, readsHistory: true, callsLlm: true });
    expect(await versions.get({ agentId: 'a', version: 2 })).toMatchObject({ ok: true, readsHistory: false, callsLlm: false });
    await versions.get({ agentId: 'a', version: 1 });
    expect(links.asked).toEqual(['links.agents.config a:1', 'links.agents.config a:2']);
  });

  it('keeps a config that does not parse as such (asking again gets the same), and refuses to run it', async () => {
    const links = fakeLinks({ 'a:1': { workflow: { initial_node: 'nowhere', nodes: 'none' } } });
    const versions = new AgentVersions(links.source, { max: 10 });
    expect(await versions.get({ agentId: 'a', version: 1 })).toEqual({ ok: false, path: 'workflow.nodes' });
    await expect(versions.config({ agentId: 'a', version: 1 })).rejects.toMatchObject({
      code: 'invalid',
      message: 'stored config of agent a v1 is invalid at workflow.nodes',
    });
    expect(links.asked).toHaveLength(1);
  });

  it('does not keep a failed fetch: the next ask tries again', async () => {
    const links = fakeLinks({ 'a:1': staticConfig });
    const versions = new AgentVersions(links.source, { max: 10 });
    links.setDown(true);
    await expect(versions.get({ agentId: 'a', version: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    links.setDown(false);
    expect(await versions.config({ agentId: 'a', version: 1 })).toMatchObject({ workflow: { initial_node: 'only' } });
    expect(links.asked).toHaveLength(2);
  });

  it('fetches a version again once its TTL has run out on the injected clock, not before', async () => {
    let now = 1_000_000;
    const links = fakeLinks({ 'a:1': staticConfig });
    const versions = new AgentVersions(links.source, { max: 10, ttlMs: 60_000, now: () => now });
    await versions.get({ agentId: 'a', version: 1 });
    now += 59_999;
    await versions.get({ agentId: 'a', version: 1 });
    expect(links.asked).toHaveLength(1);
    now += 1;
    await versions.get({ agentId: 'a', version: 1 });
    expect(links.asked).toHaveLength(2);
    // The TTL counts from the new fetch.
    now += 59_999;
    await versions.get({ agentId: 'a', version: 1 });
    expect(links.asked).toHaveLength(2);
  });

  it('keeps at most `max` versions, pushing out the least recently used', async () => {
    const links = fakeLinks({ 'a:1': staticConfig, 'a:2': staticConfig, 'a:3': staticConfig });
    const versions = new AgentVersions(links.source, { max: 2 });
    const get = (version: number) => versions.get({ agentId: 'a', version });
    await get(1);
    await get(2);
    // 1 was used last: 3 pushes 2 out.
    await get(1);
    await get(3);
    links.asked.length = 0;
    await get(1);
    await get(3);
    expect(links.asked).toEqual([]);
    await get(2);
    expect(links.asked).toEqual(['links.agents.config a:2']);
  });
});
