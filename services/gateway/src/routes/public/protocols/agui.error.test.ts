import { randomUUID } from 'node:crypto';
import { EventType } from '@ag-ui/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { echoAgent } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { aguiAgent, protocolLink, runWith, sseEvents, startProtocolsHarness, streamedText } from './protocols.test-kit.js';

/** A RunAgentInput as an AG-UI client sends it, with one user message. */
const input = (text: string, extra: Record<string, unknown> = {}) => ({
  threadId: randomUUID(),
  runId: randomUUID(),
  state: {},
  tools: [],
  context: [],
  forwardedProps: {},
  messages: [{ id: randomUUID(), role: 'user', content: text }],
  ...extra,
});

describe('AG-UI runs refused', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ h, baseUrl, stop } = await startProtocolsHarness());
  });
  afterAll(async () => stop?.());

  it('a malformed input is 400 `invalid` naming the field, before anything is streamed', async () => {
    const { token } = await protocolLink(h, echoAgent);
    const url = `/api/public/agui/${token}`;
    const cases: Array<[unknown, string]> = [
      [{ ...input('hi'), runId: undefined }, 'body.runId'],
      [{ ...input('hi'), messages: 'hello' }, 'body.messages'],
      [input('hi', { messages: [{ id: 'm1', role: 'assistant', content: 'Hello!' }] }), 'body.messages'],
      [input('hi', { messages: [{ id: 'm1', role: 'user', content: '' }] }), 'body.messages[0].content'],
      [input('hi', { forwardedProps: { passcode: 42 } }), 'body.forwardedProps.passcode'],
    ];
    for (const [body, path] of cases) {
      const answer = await h.inject(visitorPost(url, body));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.error.code).toBe('invalid');
      expect(JSON.stringify(answer.body.error.details)).toContain(path);
    }
    const notJson = await h.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"threadId":' });
    expect(notJson.status).toBe(400);
  });

  it('an unknown link is a stream of one RUN_ERROR `not_found`', async () => {
    const answer = await h.inject(visitorPost(`/api/public/agui/${'A'.repeat(32)}`, input('hello')));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/event-stream');
    expect(sseEvents(answer.text)).toEqual([expect.objectContaining({ type: EventType.RUN_ERROR, code: 'not_found' })]);
  });

  it('a link with a passcode refuses a run without it (RUN_ERROR `unauthorized`) and runs with it in forwardedProps', async () => {
    const { token } = await protocolLink(h, echoAgent, { passcode: 'open sesame' });
    const refused = await runWith(aguiAgent(baseUrl, token), 'hello');
    expect(refused.map((event) => event.type)).toEqual([EventType.RUN_ERROR]);
    expect(refused[0]).toMatchObject({ code: 'unauthorized', metadata: { details: { reason: 'passcode_required' } } });
    const wrong = await runWith(aguiAgent(baseUrl, token), 'hello', { passcode: 'open barley' });
    expect(wrong[0]).toMatchObject({ code: 'unauthorized', metadata: { details: { reason: 'passcode_wrong' } } });

    const agent = aguiAgent(baseUrl, token);
    const admitted = await runWith(agent, 'hello', { passcode: 'open sesame' });
    expect(admitted.map((event) => event.type)).toEqual([
      EventType.RUN_STARTED,
      EventType.TEXT_MESSAGE_START,
      EventType.TEXT_MESSAGE_CONTENT,
      EventType.TEXT_MESSAGE_END,
      EventType.RUN_FINISHED,
    ]);
    expect(streamedText(admitted)).toBe('Noted.');
    // The session is the passcode's proof: the thread goes on without it.
    agent.threadId = admitted[0]?.threadId as string;
    const next = await runWith(agent, 'and again');
    expect(next.at(-1)).toMatchObject({ type: EventType.RUN_FINISHED, threadId: agent.threadId });
  });
});
