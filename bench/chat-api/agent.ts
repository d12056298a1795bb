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

async function manage(url: string, adminKey: string, path: string, body: unknown, tenantId?: string): Promise<any> {
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

/** A tenant with the bench agent, through the management API. */
export async function seedBenchAgent(url: string, adminKey: string): Promise<SeededAgent> {
  const tenant = await manage(url, adminKey, '/api/tenants', { name: 'chat-api bench' });
  const agent = await manage(url, adminKey, '/api/agents', { name: 'bench-static', config: benchAgentConfig }, tenant.id);
  return { tenantId: tenant.id, agentId: agent.id };
}
