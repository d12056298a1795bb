import { sha256Hex } from '@parley/auth';
import type { LinkAccess } from '@parley/contracts';
import { EventSource } from 'eventsource';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import type { App } from '../../../app.js';

export interface Received {
  id: string;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the payloads field by field
  data: any;
}

/** A visitor's EventSource on a listening gateway, recording every event it gets. */
export function openStream(baseUrl: string, token: string, session: string, lastEventId?: string) {
  const received: Received[] = [];
  const source = new EventSource(`${baseUrl}/api/public/events/${token}?session=${session}`, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }),
  });
  for (const name of ['delta', 'message', 'status', 'session_ended', 'reset']) {
    source.addEventListener(name, (event) => {
      received.push({ id: event.lastEventId, event: name, data: JSON.parse(event.data) });
    });
  }
  const opened = new Promise<void>((resolve, reject) => {
    source.addEventListener('open', () => resolve());
    source.addEventListener('error', (error) => reject(error));
  });
  return { source, received, opened };
}

export async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** A link of a fresh agent, made through the links service, and its access snapshot. */
export async function seedLink(h: GatewayHarness, agentConfig?: unknown, settings: Record<string, unknown> = {}) {
  const agent = await h.seedAgent(agentConfig);
  const created = await h.bus.request('links.links.create', {
    tenantId: agent.tenantId,
    agentName: agent.name,
    settings: { title: 'Help', ...settings } as never,
    publicBaseUrl: 'http://127.0.0.1',
  });
  const link: LinkAccess = await h.bus.request('links.links.resolve', { tokenHash: sha256Hex(created.token) });
  return { agent, token: created.token, linkId: created.id, link };
}

/** A visitor's first message: starts a session and answers its credential. */
export async function startSession(h: GatewayHarness, link: LinkAccess, content = 'hello') {
  const started = await h.bus.request('sessions.public-send', { link, content });
  if (started.session === null) throw new Error('a first message answers the session credential');
  return { ...started, session: started.session };
}
