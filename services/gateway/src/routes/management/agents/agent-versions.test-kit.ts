import type { GatewayHarness, InjectResult } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';

/** An agent that says `text` at the start and after every message: which version answered is what it says. */
export const sayingAgent = (text: string) => ({
  workflow: { initial_node: 'say', nodes: [{ id: 'say', name: 'Say', static_text: text, transitions: [{ to: 'say', condition: 'user_responded' }] }] },
});

/** A tenant (its own key) with agent `name`: version 1 says "one" (published), versions 2.. say "two", "three" … as drafts. */
export async function versionedAgent(h: GatewayHarness, tenantName: string, drafts = 1, name = 'desk') {
  const tenant = await h.seedTenant(tenantName);
  const created = await h.withKey(tenant.key, 'POST', '/api/agents', { name, config: sayingAgent('one') });
  if (created.status !== 201) throw new Error(`agent: ${created.status} ${created.text}`);
  const words = ['two', 'three', 'four'];
  for (let i = 0; i < drafts; i++) {
    const draft = await h.withKey(tenant.key, 'POST', `/api/agents/${name}/versions`, { config: sayingAgent(words[i] ?? `v${i + 2}`) });
    if (draft.status !== 201) throw new Error(`version: ${draft.status} ${draft.text}`);
  }
  return { ...tenant, agentId: created.body.id as string, name };
}

/** A link of the agent with the given settings, generous limits so a test may start many sessions. */
export async function linkOf(h: GatewayHarness, agent: { key: string; name: string }, settings: Record<string, unknown> = {}) {
  const created = await h.withKey(agent.key, 'POST', `/api/agents/${agent.name}/public-links`, { title: 'Help', rate_limit_per_minute: 100_000, ...settings });
  if (created.status !== 201) throw new Error(`link: ${created.status} ${created.text}`);
  return created.body as { id: string; token: string; version: number | null; split: Array<{ version: number; weight: number }> | null };
}

/** A visitor's first message on a link: what the agent said back tells which version runs. */
export async function firstReply(h: GatewayHarness, token: string, remoteAddress = '127.0.0.1'): Promise<InjectResult> {
  const sent = await h.inject(visitorPost(`/api/public/chat/${token}`, { content: 'hello' }, { remoteAddress }));
  if (sent.status !== 200) throw new Error(`chat: ${sent.status} ${sent.text}`);
  return sent;
}

/** The version each of the link's sessions runs, as its owner lists them. */
export async function sessionVersions(h: GatewayHarness, agent: { key: string; name: string }, linkId: string): Promise<Map<string, number>> {
  const listed = await h.withKey(agent.key, 'GET', `/api/agents/${agent.name}/public-links/${linkId}/sessions?limit=500`);
  if (listed.status !== 200) throw new Error(`sessions: ${listed.status} ${listed.text}`);
  return new Map(listed.body.sessions.map((s: { conversation_id: string; version: number }) => [s.conversation_id, s.version]));
}
