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

export interface SeededAgent {
  tenantId: string;
  agentId: string;
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

/** The bench agent's name, which the management API's agent routes take. */
export const BENCH_AGENT_NAME = 'bench-static';

/** A tenant with the bench agent, through the management API. */
export async function seedBenchAgent(url: string, adminKey: string, tenantName = 'chat-api bench'): Promise<SeededAgent> {
  const tenant = await managementPost(url, adminKey, '/api/tenants', { name: tenantName });
  const agent = await managementPost(url, adminKey, '/api/agents', { name: BENCH_AGENT_NAME, config: benchAgentConfig }, tenant.id);
  return { tenantId: tenant.id, agentId: agent.id };
}
