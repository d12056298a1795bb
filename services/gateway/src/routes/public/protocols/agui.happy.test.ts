import { type BaseEvent, EventType } from '@ag-ui/core';
import { sessionCredentialPattern } from '@parley/contracts';
import { byPurpose, type FakeLlm, lastUserMessage, requestPurpose } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { helpDeskAgent } from '../../../../test/public-link-fixtures.js';
import { aguiAgent, protocolLink, runWith, startProtocolsHarness, streamedText, streamingAgent } from './protocols.test-kit.js';

const answer = (question: string) => `About "${question}": a repair takes about three working days, often less when the part is in stock.`;

/** What the run's events were, by type, with how many pieces of text came. */
function shape(events: BaseEvent[]) {
  const types = events.map((event) => event.type);
  return { first: types[0], last: types.at(-1), pieces: types.filter((type) => type === EventType.TEXT_MESSAGE_CONTENT).length };
}

describe('AG-UI runs on a link', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ h, llm, baseUrl, stop } = await startProtocolsHarness());
  });
  afterAll(async () => stop?.());

  it('three runs on one thread: the reply streams while the model writes, the agent keeps the history, one conversation', async () => {
    const { token, linkId } = await protocolLink(h, streamingAgent);
    llm.setHandler(byPurpose({ reply: (req) => ({ content: answer(lastUserMessage(req)), chunkDelayMs: 60 }) }));
    const agent = aguiAgent(baseUrl, token);
    /** How many model answers were still being written when each run's first piece of text reached the client. */
    const writingAtFirstPiece: number[] = [];
    let seen = 0;
    agent.subscribe({
      onRunStartedEvent: () => {
        seen = writingAtFirstPiece.length;
      },
      onTextMessageContentEvent: () => {
        if (writingAtFirstPiece.length === seen) writingAtFirstPiece.push(llm.inFlight);
      },
    });

    const questions = ['How long does a repair take?', 'Is it cheaper on weekdays?', 'And the warranty?'];
    const runs: BaseEvent[][] = [];
    for (const question of questions) {
      runs.push(await runWith(agent, question));
      // The thread is the session: the first run's RUN_STARTED names it, the next runs send it back.
      if (runs.length === 1) agent.threadId = runs[0]?.[0]?.threadId as string;
    }
    const threadId = agent.threadId;
    expect(threadId).toMatch(sessionCredentialPattern);

    runs.forEach((events, index) => {
      expect(shape(events)).toMatchObject({ first: EventType.RUN_STARTED, last: EventType.RUN_FINISHED });
      expect(shape(events).pieces).toBeGreaterThan(1);
      expect(events[0]).toMatchObject({ threadId });
      expect(streamedText(events)).toBe(answer(questions[index] as string));
      expect(events.at(-1)).toMatchObject({ threadId, result: { session_ended: false } });
    });
    // Each reply reached the client while the model was still writing it.
    expect(writingAtFirstPiece).toEqual([1, 1, 1]);

    // The third answer was asked with the two turns before it.
    const lastAsked = llm.requests.filter((request) => requestPurpose(request) === 'reply').at(-1);
    const asked = (lastAsked?.body.messages ?? []).map((message) => message.content);
    expect(asked).toEqual(expect.arrayContaining([...questions, answer(questions[0] as string), answer(questions[1] as string)]));

    const conversations = await h.db.selectFrom('text_conversations').select('id').where('link_id', '=', linkId).execute();
    expect(conversations).toHaveLength(1);
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${threadId}` });
    const stored = (history.body.messages as Array<{ role: string; content: string }>).map((message) => `${message.role}: ${message.content}`);
    expect(stored).toEqual([
      'assistant: Ask me anything about your repair.',
      ...questions.flatMap((question) => [`user: ${question}`, `assistant: ${answer(question)}`]),
    ]);
    // The client holds the conversation as the platform stored it.
    expect(agent.messages.map((message) => `${message.role}: ${message.content}`)).toEqual(stored.slice(1));
  });

  it('a handoff and an ending finish their runs with what the agent said; a thread whose session ended is refused', async () => {
    const { token } = await protocolLink(h, helpDeskAgent({ farewell: 'Goodbye, and thanks for writing.' }));
    const handedOver = await runWith(aguiAgent(baseUrl, token), 'I want a human');
    expect(shape(handedOver)).toMatchObject({ first: EventType.RUN_STARTED, last: EventType.RUN_FINISHED });
    expect(streamedText(handedOver)).toBe('Let me get a colleague.');
    expect(handedOver.at(-1)).toMatchObject({ result: { escalation: { state: 'waiting' }, session_ended: false } });

    const leaving = aguiAgent(baseUrl, token);
    const ended = await runWith(leaving, 'bye');
    expect(streamedText(ended)).toBe('Goodbye, and thanks for writing.');
    expect(ended.at(-1)).toMatchObject({ type: EventType.RUN_FINISHED, result: { session_ended: true } });
    leaving.threadId = ended[0]?.threadId as string;
    const after = await runWith(leaving, 'one more thing');
    expect(after.map((event) => event.type)).toEqual([EventType.RUN_STARTED, EventType.RUN_ERROR]);
    expect(after[1]).toMatchObject({ code: 'gone', metadata: { details: { reason: 'completed' } } });
  });
});
