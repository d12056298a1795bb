import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAppError } from '@parley/contracts';
import { type LoggedEvent, memoryLiveEventLog } from '@parley/stores';
import { startHandWrittenStream, streamedChunk } from '@parley/testing';
import { type A2aAgent, startA2aAgent } from '@parley/testing/a2a-agent';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

const LITELLM_KEY = 'sk-litellm-5e4d3c2b1a';
const SIGNING = `whsec_${Buffer.from('a webhook backend signing key of 32b').toString('base64')}`;

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** The team's own service behind a webhook backend: answers each turn with what `answer` returns (or a status). */
async function startTurnService(): Promise<{
  url: string;
  received: Received[];
  answer: (body: Record<string, unknown>) => { status: number; json?: unknown };
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const service = {
    url: '',
    received,
    answer: (_body: Record<string, unknown>): { status: number; json?: unknown } => ({ status: 200, json: { reply: 'ok' } }),
    close: async () => {},
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      const { status, json } = service.answer(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(status, { 'content-type': 'application/json' }).end(json === undefined ? '' : JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/turn`;
  service.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return service;
}

/** The first words of a reply, streamed live before the stream breaks. */
const FIRST_WORDS = ['It takes ', 'about '];
const streamedFirstWords = (res: ServerResponse) => {
  res.write(streamedChunk({ role: 'assistant', content: '' }));
  for (const words of FIRST_WORDS) res.write(streamedChunk({ content: words }));
};
/** The rest of a reply and the stream's proper end. */
const streamedRest = (res: ServerResponse) => res.end(`${streamedChunk({ content: 'thirty minutes.' })}${streamedChunk({}, 'stop')}data: [DONE]\n\n`);

/** Standard Webhooks: the signature the receiver computes from the id, the timestamp and the body. */
function expectedSignature(secret: string, headers: Record<string, string>, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64')}`;
}

describe('runner.turn with an agent built elsewhere (docs/workflow.md "Backends")', () => {
  const live = memoryLiveEventLog();
  let h: RunnerHarness;
  let service: Awaited<ReturnType<typeof startTurnService>>;
  let a2a: A2aAgent;
  let handWritten: Awaited<ReturnType<typeof startHandWrittenStream>>;

  beforeAll(async () => {
    [service, a2a, handWritten] = await Promise.all([startTurnService(), startA2aAgent({ streaming: true }), startHandWrittenStream()]);
    // The test's backends are on loopback: the guard lets them through only with BACKENDS_ALLOW_PRIVATE.
    h = await startRunnerHarness({ live, backends: { allowPrivate: true } });
  });
  afterAll(async () => {
    await h?.stop();
    await Promise.all([service?.close(), a2a?.close(), handWritten?.close()]);
  });
  beforeEach(() => h.llm.reset());

  const turn = (agent: { agentId: string; tenantId: string }, message: string | null, more: Partial<TurnRequest> = {}): TurnRequest => ({
    agentId: agent.agentId,
    version: 1,
    conversationId: randomUUID(),
    sessionId: 'text_backend-test',
    state: message === null ? null : { nodeId: 'backend', collectedData: { name: 'Ana' }, visitTurns: 0 },
    message,
    history: [],
    turnKey: randomUUID(),
    tenantId: agent.tenantId,
    ...more,
  });

  it('openai: the endpoint gets the history and the message with the secret header, and its reply, tokens and call are the turn’s', async () => {
    const agent = await h.seedAgent(
      { backend: { kind: 'openai', url: h.llm.url, model: 'fake-model', headers: { Authorization: 'Bearer {{secrets.LITELLM_KEY}}' } } },
      { secrets: { LITELLM_KEY } },
    );
    h.llm.setHandler(() => ({ content: 'Thirty minutes, and it does not hurt.', usage: { prompt: 31, completion: 9 } }));
    const history = [
      { role: 'user' as const, content: 'Hi' },
      { role: 'assistant' as const, content: 'Hello! How can I help?' },
    ];
    const outcome = await h.client.request('runner.turn', turn(agent, 'How long does an MRI take?', { history }));

    expect(outcome).toMatchObject({
      response: 'Thirty minutes, and it does not hurt.',
      said: [{ nodeId: 'backend', text: 'Thirty minutes, and it does not hurt.' }],
      status: 'active',
      state: { nodeId: 'backend', collectedData: { name: 'Ana' }, visitTurns: 1 },
      nodeName: 'OpenAI-compatible agent',
      usage: { prompt: 31, completion: 9 },
      trace: { llm_calls: [expect.objectContaining({ model: 'fake-model', prompt_tokens: 31, completion_tokens: 9 })] },
    });
    const sent = h.llm.requests.at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${LITELLM_KEY}`);
    expect(sent?.body.model).toBe('fake-model');
    // No system prompt of the platform's: the endpoint's assistant has its own.
    expect(sent?.body.messages).toEqual([...history, { role: 'user', content: 'How long does an MRI take?' }]);
  });

  it('openai: the reply streams to live clients under the id the caller stores it under', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'openai', url: h.llm.url, model: 'fake-model' } });
    h.llm.setHandler(() => ({ content: 'It takes about thirty minutes.', chunkDelayMs: 20 }));
    const ids = [randomUUID()];
    const request = turn(agent, 'How long?', { replyMessageIds: ids });
    const outcome = await h.client.request('runner.turn', request);

    const { events } = await live.readAfter(request.conversationId, undefined);
    const deltas = events.filter((e: LoggedEvent) => e.event === 'delta').map((e) => e.data as { message_id: string; text: string });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join('')).toBe('It takes about thirty minutes.');
    expect(new Set(deltas.map((d) => d.message_id))).toEqual(new Set(ids));
    expect(outcome.said).toEqual([{ nodeId: 'backend', text: 'It takes about thirty minutes.', messageId: ids[0] }]);
  });

  it('a start says nothing and keeps the starting variables: the backend speaks when spoken to', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'openai', url: h.llm.url, model: 'fake-model' } });
    const outcome = await h.client.request('runner.turn', turn(agent, null, { initialData: { first_name: 'Ana' } }));
    expect(outcome).toMatchObject({ said: [], response: null, status: 'active', state: { nodeId: 'backend', collectedData: { first_name: 'Ana' } } });
    expect(h.llm.requests).toHaveLength(0);
  });

  it('openai: an endpoint that fails is a 503 `unavailable` naming the backend, never a reply', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'openai', url: h.llm.url, model: 'fake-model' } });
    h.llm.setHandler(() => ({ status: 500 }));
    const error = await h.client.request('runner.turn', turn(agent, 'Hello?')).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('unavailable');
    expect(isAppError(error) && error.details).toMatchObject({ reason: 'backend' });
  });

  /**
   * A watched turn of an openai backend on the hand-written stream: the error its caller gets, the
   * requests the endpoint got, and the text live clients were sent.
   */
  async function brokenStreamTurn(stream: (res: ServerResponse) => void) {
    const agent = await h.seedAgent({ backend: { kind: 'openai', url: handWritten.url, model: 'fake-model' } });
    handWritten.stream = stream;
    const before = handWritten.requests;
    const request = turn(agent, 'How long does an MRI take?', { replyMessageIds: [randomUUID()] });
    const error = await h.client.request('runner.turn', request).catch((e: unknown) => e);
    const { events } = await live.readAfter(request.conversationId, undefined);
    const liveText = events
      .filter((e: LoggedEvent) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    return { error, requests: handWritten.requests - before, liveText };
  }

  it('openai: a stream that turns to a line that is not JSON midway fails the turn with `unavailable`, its first words streamed once', async () => {
    const { error, liveText } = await brokenStreamTurn((res) => {
      streamedFirstWords(res);
      res.write('data: <html><body>502 Bad Gateway</body></html>\n\n');
      streamedRest(res);
    });
    expect(isAppError(error) && [error.code, error.details]).toEqual(['unavailable', { reason: 'backend' }]);
    // Live clients keep the words they were shown, once: the retry's same words are not sent again, and a failed turn gets no `message`.
    expect(liveText).toBe(FIRST_WORDS.join(''));
  });

  it.each([
    ['without choices', { id: 'chatcmpl-hand', object: 'chat.completion.chunk', created: 0, model: 'fake-model' }],
    ['whose content is not text', { id: 'chatcmpl-hand', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: { text: 'thirty' } } }] }],
    ['that is not an object', null],
  ])('openai: a stream with a chunk %s midway fails the turn with `unavailable`', async (_name, chunk) => {
    const { error, liveText } = await brokenStreamTurn((res) => {
      streamedFirstWords(res);
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      streamedRest(res);
    });
    expect(isAppError(error) && [error.code, error.details]).toEqual(['unavailable', { reason: 'backend' }]);
    expect(liveText).toBe(FIRST_WORDS.join(''));
  });

  it.each([
    ['inside a chunk', (res: ServerResponse) => res.write(streamedChunk({ content: 'thirty minutes.' }).slice(0, 40), () => res.destroy())],
    ['between chunks, the response ended without a finish_reason or [DONE]', (res: ServerResponse) => res.end()],
  ])('openai: a stream cut %s is tried once more, then fails the turn with `unavailable`', async (_name, cut) => {
    const { error, requests, liveText } = await brokenStreamTurn((res) => {
      streamedFirstWords(res);
      cut(res);
    });
    expect(isAppError(error) && [error.code, error.details]).toEqual(['unavailable', { reason: 'backend' }]);
    expect(requests).toBe(2);
    expect(liveText).toBe(FIRST_WORDS.join(''));
  });

  it('webhook: each turn is POSTed signed as Standard Webhooks, and the answer’s variables, handoff and end are the turn’s', async () => {
    const agent = await h.seedAgent(
      { backend: { kind: 'webhook', url: service.url, secret: '{{secrets.BOT_SIGNING}}' } },
      { secrets: { BOT_SIGNING: SIGNING } },
    );
    service.answer = () => ({
      status: 200,
      json: { reply: 'Let me get a colleague.', variables: { topic: 'billing' }, handoff: { reason: 'billing dispute' } },
    });
    const request = turn(agent, 'I was charged twice', { history: [{ role: 'assistant', content: 'Hi!' }], metadata: { plan: 'pro' } });
    const outcome = await h.client.request('runner.turn', request);

    expect(outcome).toMatchObject({
      response: 'Let me get a colleague.',
      handoff: { reason: 'billing dispute' },
      extractedVariables: { topic: 'billing' },
      state: { collectedData: { name: 'Ana', topic: 'billing' } },
      status: 'active',
      nodeName: 'Webhook agent',
    });
    const got = service.received.at(-1) as Received;
    expect(JSON.parse(got.body)).toEqual({
      conversation_id: request.conversationId,
      message: 'I was charged twice',
      history: [{ role: 'assistant', content: 'Hi!' }],
      variables: { name: 'Ana' },
      metadata: { plan: 'pro' },
    });
    expect(got.headers['webhook-signature']).toBe(expectedSignature(SIGNING, got.headers, got.body));
    expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);

    service.answer = () => ({ status: 200, json: { reply: 'Goodbye!', end: true } });
    const ended = await h.client.request('runner.turn', turn(agent, 'bye'));
    expect(ended).toMatchObject({ status: 'completed', response: 'Goodbye!' });
    expect(ended.handoff).toBeUndefined();
  });

  it('webhook: the same turn offered again carries the same webhook-id, another turn a new one', async () => {
    const agent = await h.seedAgent(
      { backend: { kind: 'webhook', url: service.url, secret: '{{secrets.BOT_SIGNING}}' } },
      { secrets: { BOT_SIGNING: SIGNING } },
    );
    service.answer = () => ({ status: 200, json: { reply: 'ok' } });
    const first = turn(agent, 'one');
    await h.client.request('runner.turn', first);
    await h.client.request('runner.turn', first);
    await h.client.request('runner.turn', turn(agent, 'two'));
    const ids = service.received.slice(-3).map((r) => r.headers['webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it.each([
    ['answers 500', () => ({ status: 500 })],
    ['answers something that is not JSON', () => ({ status: 200, json: undefined })],
    ['answers without a reply', () => ({ status: 200, json: { text: 'hi' } })],
  ])('webhook: a service that %s fails the turn with `unavailable`', async (_name, answer) => {
    const agent = await h.seedAgent(
      { backend: { kind: 'webhook', url: service.url, secret: '{{secrets.BOT_SIGNING}}' } },
      { secrets: { BOT_SIGNING: SIGNING } },
    );
    service.answer = answer;
    const error = await h.client.request('runner.turn', turn(agent, 'hello')).catch((e: unknown) => e);
    expect(isAppError(error) && [error.code, error.details]).toEqual(['unavailable', { reason: 'backend' }]);
  });

  it('a2a: the conversation is the agent’s context over turns, the reply streams, and a repeated turn keeps its message id', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'a2a', url: a2a.url } });
    const conversationId = randomUUID();
    const ids = [randomUUID()];
    const first = turn(agent, 'first', { conversationId, replyMessageIds: ids });
    const one = await h.client.request('runner.turn', first);
    const two = await h.client.request('runner.turn', turn(agent, 'second', { conversationId }));
    const three = await h.client.request('runner.turn', turn(agent, 'third', { conversationId }));

    expect([one.response, two.response, three.response]).toEqual(['1: you said first', '2: you said second', '3: you said third']);
    const mine = a2a.received.filter((message) => message.contextId === conversationId);
    expect(mine.map((message) => message.text)).toEqual(['first', 'second', 'third']);
    const { events } = await live.readAfter(conversationId, undefined);
    const deltas = events.filter((e: LoggedEvent) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(deltas.join('')).toBe('1: you said first');
    expect(one.said[0]?.messageId).toBe(ids[0]);

    await h.client.request('runner.turn', first);
    const again = a2a.received.filter((message) => message.contextId === conversationId);
    expect(again.at(-1)?.messageId).toBe(mine[0]?.messageId);
  });

  it('a2a: an agent that stops answering mid-turn fails it with `unavailable`', async () => {
    const agent = await h.seedAgent({ backend: { kind: 'a2a', url: a2a.url } });
    a2a.hold();
    const before = a2a.received.length;
    const pending = h.client.request('runner.turn', turn(agent, 'are you there?')).catch((e: unknown) => e);
    await a2a.receivedCount(before + 1);
    await a2a.kill();
    const error = await pending;
    expect(isAppError(error) && [error.code, error.details]).toEqual(['unavailable', { reason: 'backend' }]);
    await a2a.restart();
    const outcome = await h.client.request('runner.turn', turn(agent, 'back?'));
    expect(outcome.response).toBe('1: you said back?');
  });

  it('refuses a backend on a private address unless BACKENDS_ALLOW_PRIVATE', async () => {
    const strict = await startRunnerHarness({});
    try {
      const agent = await strict.seedAgent(
        { backend: { kind: 'webhook', url: service.url, secret: '{{secrets.BOT_SIGNING}}' } },
        { secrets: { BOT_SIGNING: SIGNING } },
      );
      const before = service.received.length;
      const error = await strict.client.request('runner.turn', turn(agent, 'hello')).catch((e: unknown) => e);
      expect(isAppError(error) && error.message).toMatch(/backends may not reach/);
      expect(service.received.length).toBe(before);
    } finally {
      await strict.stop();
    }
  });
});
