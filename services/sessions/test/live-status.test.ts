import type { TurnOutcome } from '@parley/contracts';
import { type LiveEventLog, type LoggedEvent, memoryLiveEventLog } from '@parley/stores';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptAgent } from './fixtures.js';
import { seedLink } from './public-links-fixtures.js';
import { type RunnerTurnRequest, type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

/** How long this test's live log takes to append a `thinking` status: long beside a turn's own work before its runner is asked. */
const SLOW_THINKING_MS = 300;

const isThinking = (event: { event: string; data: unknown }) => event.event === 'status' && (event.data as { state?: string }).state === 'thinking';

/** A conversation's live log as a line each: `status thinking`, `message user`, … */
const told = (events: LoggedEvent[]) =>
  events.map((e) => `${e.event} ${e.event === 'status' ? (e.data as { state: string }).state : (e.data as { role?: string }).role}`);

describe("a visitor's live status around a turn a runner answers", () => {
  const log = memoryLiveEventLog();
  /** The log as sessions writes it: its `thinking` appends are slow, as a busy Redis's may be. */
  const slowThinking: LiveEventLog = {
    ...log,
    append: async (key, event) => {
      if (isThinking(event)) await new Promise((resolve) => setTimeout(resolve, SLOW_THINKING_MS));
      return log.append(key, event);
    },
    appendAll: async (key, events) => {
      if (events.some(isThinking)) await new Promise((resolve) => setTimeout(resolve, SLOW_THINKING_MS));
      return log.appendAll(key, events);
    },
  };
  /** What the conversation's log held when the runner was asked for each message's turn. */
  const heldWhenAsked: string[][] = [];
  let h: SessionsHarness;

  async function runner(request: RunnerTurnRequest): Promise<TurnOutcome> {
    if (request.state !== null) heldWhenAsked.push(told((await log.readAfter(request.conversationId, undefined)).events));
    const common = { extractedVariables: null, status: 'active' as const, llmLatencyMs: 3, transitions: [], previousNodeId: 'answer' };
    const said = request.state === null ? 'Ask me anything.' : 'About thirty minutes.';
    return {
      ...common,
      state: { nodeId: 'answer', collectedData: {}, visitTurns: 0 },
      said: [{ nodeId: 'answer', text: said }],
      response: said,
      nodeName: 'Answer',
      previousNodeName: 'Answer',
    };
  }

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 1, runner, live: async () => slowThinking });
  });
  afterAll(async () => h?.stop());

  it('is thinking before the runner is asked, however slowly it is appended (a runner streams its words over a connection of its own), and idle after the words', async () => {
    const link = await seedLink(h, promptAgent);
    const reply = await h.client.request('sessions.public-send', { link: await link.access(), content: 'How long does an MRI take?' });
    expect(heldWhenAsked).toEqual([['message assistant', 'status thinking']]);
    expect(told((await log.readAfter(reply.conversation_id, undefined)).events)).toEqual([
      'message assistant',
      'status thinking',
      'message user',
      'message assistant',
      'status idle',
    ]);
  });
});
