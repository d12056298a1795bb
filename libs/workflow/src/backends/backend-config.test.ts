import { describe, expect, it } from 'vitest';
import { callsLlm, foreignBackend, parseAgentConfig, readsHistory } from '../agent-config.js';
import { exampleAgentConfig } from '../fixtures/mri-agent.js';
import { secretReferences } from '../tools/tool-references.js';
import { BACKEND_NODE_ID } from './backend-config.js';

function refused(input: unknown): { path: string; message: string } {
  const result = parseAgentConfig(input);
  if (result.ok) throw new Error('expected the config to be refused');
  return { path: result.path, message: result.message };
}

const litellm = { kind: 'openai', url: 'https://llm.example/v1', model: 'support-bot', headers: { Authorization: 'Bearer {{secrets.LITELLM_KEY}}' } };

describe('an agent config with a backend', () => {
  it('needs no workflow: it runs on one node every turn stays on, reads the history and is run by a runner', () => {
    const parsed = parseAgentConfig({ backend: litellm });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.config.workflow.initial_node).toBe(BACKEND_NODE_ID);
    expect(parsed.config.workflow.nodes.map((node) => [node.id, node.name])).toEqual([[BACKEND_NODE_ID, 'OpenAI-compatible agent']]);
    expect(foreignBackend(parsed.config)).toEqual(litellm);
    expect(readsHistory(parsed.config)).toBe(true);
    expect(callsLlm(parsed.config)).toBe(true);
  });

  it('names the secrets its headers and signing secret use, for the save-time check', () => {
    const openai = parseAgentConfig({ backend: litellm });
    const webhook = parseAgentConfig({ backend: { kind: 'webhook', url: 'https://bot.example/turn', secret: '{{secrets.BOT_SIGNING}}' } });
    if (!openai.ok || !webhook.ok) throw new Error('expected both to parse');
    expect(secretReferences(openai.config)).toEqual([{ name: 'LITELLM_KEY', path: ['backend', 'headers', 'Authorization'] }]);
    expect(secretReferences(webhook.config)).toEqual([{ name: 'BOT_SIGNING', path: ['backend', 'secret'] }]);
  });

  it('`workflow` as the backend is the workflow, which is then required', () => {
    const parsed = parseAgentConfig({ ...exampleAgentConfig, backend: { kind: 'workflow' } });
    expect(parsed.ok && foreignBackend(parsed.config)).toBe(undefined);
    expect(refused({ backend: { kind: 'workflow' } }).path).toBe('workflow');
    expect(refused({}).path).toBe('workflow');
  });

  it.each([
    ['a workflow beside it', { backend: litellm, workflow: exampleAgentConfig.workflow }, 'workflow', 'an agent whose backend is openai has no workflow'],
    ['tools beside it', { backend: litellm, tools: [{ name: 't', http: { url: 'https://t.example/' } }] }, 'tools', 'tools are called by workflow nodes'],
    ['an unknown kind', { backend: { kind: 'langflow', url: 'https://x.example/' } }, 'backend.kind', ''],
    ['a URL that is not http', { backend: { ...litellm, url: 'ftp://llm.example/' } }, 'backend.url', 'http:// or https://'],
    ['a host that is a placeholder', { backend: { ...litellm, url: 'https://{{secrets.HOST}}/v1' } }, 'backend.url', 'host is written out'],
    ['no model', { backend: { kind: 'openai', url: 'https://llm.example/v1' } }, 'backend.model', ''],
    ['a variable in a header', { backend: { ...litellm, headers: { 'X-User': '{{email}}' } } }, 'backend.headers.X-User', 'only the tenant’s secrets'],
    ['a header breaking the line', { backend: { ...litellm, headers: { A: 'x\r\nB: y' } } }, 'backend.headers.A', 'one line'],
    [
      'a webhook secret written out',
      { backend: { kind: 'webhook', url: 'https://bot.example/', secret: 'whsec_abc' } },
      'backend.secret',
      'must name one of the tenant’s secrets',
    ],
  ])('refuses %s, naming where', (_name, config, path, message) => {
    const error = refused(config);
    expect(error.path).toBe(path);
    expect(error.message).toContain(message);
  });
});
