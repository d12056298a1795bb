import { type StreamResponse, type Task, TaskState } from '@a2a-js/sdk';
import { Client, ClientFactory, DefaultAgentCardResolver } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport, parseLegacyAgentCard } from '@a2a-js/sdk/compat/v0_3/client';
import { sessionCredentialPattern } from '@parley/contracts';
import { byPurpose, type FakeLlm, lastUserMessage, requestPurpose } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { a2aMessage, partsText, protocolLink, startProtocolsHarness, streamingAgent } from './protocols.test-kit.js';

const answer = (question: string) => `About "${question}": a repair takes about three working days, often less when the part is in stock.`;

/** The task a send answered (a link's agent always answers with one). */
function taskOf(result: unknown): Task {
  expect(result).toHaveProperty('status');
  return result as Task;
}

/** A streamed turn as a client assembles it: its task's id, the reply from the appended pieces, and how the stream ended. */
function assembled(events: StreamResponse[]) {
  const cases = events.map((event) => event.payload?.$case);
  const pieces = events.flatMap((event) => (event.payload?.$case === 'artifactUpdate' && !event.payload.value.lastChunk ? [event.payload.value] : []));
  const last = events.at(-1)?.payload;
  const first = events[0]?.payload;
  return {
    taskId: first?.$case === 'task' ? first.value.id : undefined,
    contextId: first?.$case === 'task' ? first.value.contextId : undefined,
    cases,
    pieces: pieces.length,
    streamed: pieces.map((piece) => partsText(piece.artifact?.parts)).join(''),
    final: last?.$case === 'statusUpdate' ? last.value : undefined,
  };
}

describe('A2A on a link', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ h, llm, baseUrl, stop } = await startProtocolsHarness());
    llm.setHandler(byPurpose({ reply: (req) => ({ content: answer(lastUserMessage(req)), chunkDelayMs: 60 }) }));
  });
  afterAll(async () => stop?.());

  it('serves the link’s card at the well-known address: to 1.0 clients, and in 0.3’s shape to clients that do not say', async () => {
    const { token } = await protocolLink(h, streamingAgent);
    const endpoint = `${baseUrl}/a2a/${token}`;
    const card = await new DefaultAgentCardResolver().resolve(`${endpoint}/`);
    expect(card).toMatchObject({ name: 'Repair desk', description: 'Answers questions about your repair', capabilities: { streaming: true } });
    expect(card.supportedInterfaces).toEqual([
      expect.objectContaining({ url: endpoint, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }),
      expect.objectContaining({ url: endpoint, protocolBinding: 'JSONRPC', protocolVersion: '0.3' }),
    ]);
    expect(card.skills.map((skill) => [skill.name, skill.description])).toEqual([
      ['Repair desk', 'Answers questions about your repair'],
      ['booking', 'wants to book a repair slot'],
    ]);

    const legacy = await (await fetch(`${endpoint}/.well-known/agent-card.json`)).json();
    expect(legacy).toMatchObject({
      name: 'Repair desk',
      url: endpoint,
      preferredTransport: 'JSONRPC',
      protocolVersion: '0.3',
      capabilities: { streaming: true },
    });
    expect(parseLegacyAgentCard(legacy)).toMatchObject({ name: 'Repair desk', capabilities: { streaming: true } });
  });

  it('a message, then a streamed one in its context: one session, the reply streamed as it is written; tasks/get answers the finished task', async () => {
    const { token, linkId } = await protocolLink(h, streamingAgent);
    const client = await new ClientFactory().createFromUrl(`${baseUrl}/a2a/${token}/`);
    expect(client.protocolVersion).toBe('1.0');
    const questions = ['How long does a repair take?', 'Is it cheaper on weekdays?'];

    const first = taskOf(await client.sendMessage(a2aMessage(questions[0] as string)));
    expect(first.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(first.contextId).toMatch(sessionCredentialPattern);
    expect(partsText(first.status?.message?.parts)).toBe(answer(questions[0] as string));
    expect(first.artifacts.map((artifact) => partsText(artifact.parts))).toEqual([answer(questions[0] as string)]);

    const events: StreamResponse[] = [];
    let writingAtFirstPiece: number | undefined;
    for await (const event of client.sendMessageStream(a2aMessage(questions[1] as string, { contextId: first.contextId }))) {
      if (event.payload?.$case === 'artifactUpdate') writingAtFirstPiece ??= llm.inFlight;
      events.push(event);
    }
    const second = assembled(events);
    expect(second.cases[0]).toBe('task');
    expect(second.contextId).toBe(first.contextId);
    expect(second.pieces).toBeGreaterThan(1);
    expect(second.streamed).toBe(answer(questions[1] as string));
    // The first piece reached the client while the model was still writing.
    expect(writingAtFirstPiece).toBe(1);
    expect(second.final?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(second.final?.metadata).toMatchObject({ session_ended: false });

    const fetched = await client.getTask({ tenant: '', id: second.taskId as string });
    expect(fetched).toMatchObject({ id: second.taskId, contextId: first.contextId, status: { state: TaskState.TASK_STATE_COMPLETED } });
    expect(fetched.history.map((message) => partsText(message.parts))).toEqual([questions[1], answer(questions[1] as string)]);
    expect(fetched.artifacts.map((artifact) => partsText(artifact.parts))).toEqual([answer(questions[1] as string)]);

    // The second answer was asked with the first turn: the context is one conversation.
    const asked = (llm.requests.filter((request) => requestPurpose(request) === 'reply').at(-1)?.body.messages ?? []).map((message) => message.content);
    expect(asked).toEqual(expect.arrayContaining([questions[0], answer(questions[0] as string), questions[1]]));
    expect(await h.db.selectFrom('text_conversations').select('id').where('link_id', '=', linkId).execute()).toHaveLength(1);
  });

  it('a 0.3 client – the SDK’s compatibility transport – sends, streams and reads tasks in one context', async () => {
    const { token } = await protocolLink(h, streamingAgent);
    const endpoint = `${baseUrl}/a2a/${token}`;
    const card = parseLegacyAgentCard(await (await fetch(`${endpoint}/.well-known/agent-card.json`)).json());
    const client = new Client(new LegacyJsonRpcTransport({ endpoint }), card);
    expect(client.protocolVersion).toBe('0.3');

    const first = taskOf(await client.sendMessage(a2aMessage('How long does a repair take?')));
    expect(first.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(first.contextId).toMatch(sessionCredentialPattern);
    expect(partsText(first.status?.message?.parts)).toBe(answer('How long does a repair take?'));

    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream(a2aMessage('And the warranty?', { contextId: first.contextId }))) events.push(event);
    const second = assembled(events);
    expect(second.contextId).toBe(first.contextId);
    expect(second.pieces).toBeGreaterThan(1);
    expect(second.streamed).toBe(answer('And the warranty?'));
    expect(second.final?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

    const fetched = await client.getTask({ tenant: '', id: second.taskId as string });
    expect(fetched).toMatchObject({ contextId: first.contextId, status: { state: TaskState.TASK_STATE_COMPLETED } });
  });
});
