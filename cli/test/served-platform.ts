import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { CHAT_SECRET, type GatewayHarness, startGatewayHarness } from '../../services/gateway/test/gateway-harness.js';

export { CHAT_SECRET };

/**
 * An intake agent that needs no language model: it greets, extracts a first name and a zip code
 * by pattern, thanks the user by name and ends the session on "bye".
 */
export const intakeAgent = {
  workflow: {
    initial_node: 'greeting',
    nodes: [
      {
        id: 'greeting',
        name: 'Greeting',
        static_text: 'Welcome. What is your first name and zip code?',
        transitions: [{ to: 'intake', condition: 'user_responded' }],
      },
      {
        id: 'intake',
        name: 'Intake',
        extract: [
          { name: 'first_name', description: 'first name', pattern: "(?:name is|I am|I'm)\\s+([A-Z][a-z]+)" },
          { name: 'zip_code', description: 'zip code', pattern: '\\b(\\d{5})\\b' },
        ],
        transitions: [
          { to: 'thanks', condition: 'variables_extracted:first_name,zip_code' },
          { to: 'greeting', condition: 'always' },
        ],
      },
      {
        id: 'thanks',
        name: 'Thanks',
        static_text: 'Thank you, {{first_name}}! Anything else?',
        transitions: [{ to: 'goodbye', condition: 'contains:bye' }],
      },
      { id: 'goodbye', name: 'Goodbye', type: 'end', static_text: 'Goodbye, {{first_name}}!' },
    ],
  },
};

export interface ServedPlatform {
  /** The gateway in front of the real links, sessions and agent-runner services (its `signed`, `admin` …). */
  h: GatewayHarness;
  /** Where the CLI reaches it: the gateway listening on a loopback port. */
  url: string;
  /** A tenant with the intake agent. */
  agent: { tenantId: string; agentId: string; name: string };
}

/** One platform per test file, started before its tests and stopped after them. */
export function useServedPlatform(): { readonly current: ServedPlatform } {
  const holder = {} as { current: ServedPlatform };
  beforeAll(async () => {
    const h = await startGatewayHarness();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    holder.current = { h, url: `http://127.0.0.1:${port}`, agent: await h.seedAgent(intakeAgent, 'intake') };
  });
  afterAll(async () => {
    await holder.current?.h.stop();
  });
  return holder;
}
