import { waitFor } from '@parley/testing';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';

export { demoAgentConfig } from '../../../../../../platform/src/demo-agent.js';

/** The demo agent's suite: contact details, the pricing branch, a goodbye that ends the chat. */
export const demoSuite = {
  name: 'Pricing, then goodbye',
  turns: [
    { user: "I'm Ada, ada@example.com", expect: { node: 'menu', says: 'Thanks, Ada', variables: { first_name: 'Ada', email: 'ada@example.com' } } },
    { user: 'What does it cost?', expect: { node: 'pricing', says: { regex: 'plans start free' }, says_not: 'ticket' } },
    { user: "no, that's all", expect: { node: 'goodbye', says: 'Goodbye, Ada', ended: true, handoff: false } },
  ],
};

/** Starts a run of the agent's tests on a version and waits until it has finished. */
export async function finishedRun(h: GatewayHarness, key: string, agent: string, version: number) {
  const started = await h.withKey(key, 'POST', `/api/agents/${agent}/versions/${version}/test-runs`);
  if (started.status !== 202) throw new Error(`run: ${started.status} ${started.text}`);
  return waitFor(
    async () => {
      const run = await h.withKey(key, 'GET', `/api/agents/${agent}/test-runs/${started.body.id}`);
      return run.body.status !== 'running' && run;
    },
    { timeoutMs: 20_000 },
  );
}
