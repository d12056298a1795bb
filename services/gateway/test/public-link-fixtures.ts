import type { CreateLinkBody } from '@parley/contracts';
import type { GatewayHarness } from './gateway-harness.js';

/** A link on a fresh agent, created through the real links service; the token is its only copy. */
export async function createLink(h: GatewayHarness, settings: Partial<CreateLinkBody> = {}) {
  const agent = await h.seedAgent();
  const link = await h.bus.request('links.create', {
    tenantId: agent.tenantId,
    agentName: agent.name,
    settings: { title: 'Help desk', ...settings } as CreateLinkBody,
    publicBaseUrl: 'http://127.0.0.1:8080',
  });
  return { ...link, tenantId: agent.tenantId };
}

/** A JSON POST from a visitor. */
export function visitorPost(url: string, body: unknown, options: { origin?: string; remoteAddress?: string; headers?: Record<string, string> } = {}) {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(options.origin ? { origin: options.origin } : {}), ...options.headers },
    payload: JSON.stringify(body),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  };
}
