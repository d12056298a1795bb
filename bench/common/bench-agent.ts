/** What the bench agent says on every turn. */
export const STATIC_TEXT = 'Noted. Tell me more.';

/**
 * One static_text node whose `user_responded` transition loops back to itself: every message is
 * exactly one turn that follows one transition and says STATIC_TEXT, with no LLM involved, so
 * the figures measure the platform and nothing else.
 */
export const benchAgentConfig = {
  workflow: {
    initial_node: 'listen',
    nodes: [
      {
        id: 'listen',
        name: 'Listen',
        static_text: STATIC_TEXT,
        transitions: [{ to: 'listen', condition: 'user_responded' }],
      },
    ],
  },
};

/** What the fake LLM server answers every reply with (see fake-llm-process.ts). */
export const LLM_REPLY = 'Happy to help with that.';

/**
 * The same loop with an LLM prompt node instead: every message is one turn that follows one
 * transition and asks the LLM once (a streamed reply, with the conversation's history), so the
 * figures measure what the platform spends around an LLM call. The fake LLM server answers at
 * once with LLM_REPLY. No fallback_text: a failed LLM call is a failed turn (HTTP 503), which
 * the load counts as an error.
 */
export const llmBenchAgentConfig = {
  llm: { model: 'bench-model', temperature: 0.2, max_tokens: 60 },
  workflow: {
    initial_node: 'listen',
    nodes: [
      {
        id: 'listen',
        name: 'Listen',
        prompt: 'You are a friendly assistant. Answer in one short sentence.',
        transitions: [{ to: 'listen', condition: 'user_responded' }],
      },
    ],
  },
};

/** Which bench agent: `static` says STATIC_TEXT, `llm` says what the LLM answers (LLM_REPLY from the fake). */
export type BenchAgentKind = 'static' | 'llm';
export const BENCH_AGENT_KINDS: readonly BenchAgentKind[] = ['static', 'llm'];

export interface SeededAgent {
  tenantId: string;
  agentId: string;
  kind: BenchAgentKind;
  /** Its name, which the management API's agent routes take. */
  name: string;
  /** What every turn of the agent answers. */
  reply: string;
}

/** A POST of the management API (admin key, acting on `tenantId` when given); answers the 201 body. */
export async function managementPost(url: string, adminKey: string, path: string, body: unknown, tenantId?: string): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${adminKey}`,
      'content-type': 'application/json',
      ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** The static bench agent's name, which the management API's agent routes take. */
export const BENCH_AGENT_NAME = 'bench-static';

const AGENTS: Record<BenchAgentKind, { name: string; config: unknown; reply: string }> = {
  static: { name: BENCH_AGENT_NAME, config: benchAgentConfig, reply: STATIC_TEXT },
  llm: { name: 'bench-llm', config: llmBenchAgentConfig, reply: LLM_REPLY },
};

/** A tenant with a bench agent (the static one unless told), through the management API. */
export async function seedBenchAgent(url: string, adminKey: string, tenantName = 'chat-api bench', kind: BenchAgentKind = 'static'): Promise<SeededAgent> {
  const { name, config, reply } = AGENTS[kind];
  const tenant = await managementPost(url, adminKey, '/api/tenants', { name: tenantName });
  const agent = await managementPost(url, adminKey, '/api/agents', { name, config }, tenant.id);
  return { tenantId: tenant.id, agentId: agent.id, kind, name, reply };
}
