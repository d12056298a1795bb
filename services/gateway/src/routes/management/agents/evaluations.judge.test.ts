import { byPurpose, type FakeLlm, lastUserMessage, startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { demoAgentConfig, finishedRun } from './evaluations.test-kit.js';

describe('agent tests: the judge', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;

  beforeAll(async () => {
    llm = await startFakeLlm();
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url, testRuns: { pollIntervalMs: 100 } });
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  it("asks the agent's LLM whether the reply satisfies the statement, and fails the turn on a no", async () => {
    // The fake model says yes to a statement about the first name when the reply asks for it, no to anything else.
    llm.setHandler(
      byPurpose({
        classification: (req) => ({
          content: JSON.stringify({ intent: /Statement: [^\n]*first name[\s\S]*Reply:[\s\S]*first name/.test(lastUserMessage(req)) ? 'yes' : 'no' }),
        }),
      }),
    );
    const tenant = await h.seedTenant('Judged');
    await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    await h.withKey(tenant.key, 'POST', '/api/agents/demo/tests', {
      name: 'Asks again',
      turns: [
        { user: 'hello', expect: { node: 'ask_again', judge: 'The reply asks for the first name' } },
        { user: 'what?', expect: { judge: 'The reply offers a discount' } },
      ],
    });
    const run = await finishedRun(h, tenant.key, 'demo', 1);
    expect(run.body).toMatchObject({ status: 'failed', failed: 1 });
    expect(run.body.results[0].turns.map((turn: { failures: string[] }) => turn.failures)).toEqual([
      [],
      ['turn 2: the judge found the reply does not satisfy "The reply offers a discount"'],
    ]);
    const asked = llm.requests.filter((req) => lastUserMessage(req).includes('Statement:'));
    expect(asked).toHaveLength(2);
    expect(asked[0]?.body.model).toBe('gpt-4o-mini');
  });
});
