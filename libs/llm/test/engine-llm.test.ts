import { AppError } from '@parley/contracts';
import { byPurpose, type FakeHandler, type LlmPurpose, replyWith, requestPurpose } from '@parley/testing';
import { type ChatTurn, type EngineDeps, LlmUnavailableError, noLlm, runTurn, type SessionState, startSession, type WorkflowLlm } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import { buildAgent, deepFreeze } from '../../workflow/src/fixtures/build-agent.js';
import { llmFor, useFakeLlm } from './llm-harness.js';

// The workflow engine with the client the agent-runner gives it, against an OpenAI-compatible
// server on loopback: what the engine asks the model, and what it does with each answer – or
// with no answer – is what a conversation shows (docs/workflow.md, "The language model").

const server = useFakeLlm();

const at = (nodeId: string, collectedData: Record<string, string> = {}): SessionState => deepFreeze({ nodeId, collectedData, visitTurns: 0 });

/** The engine's inputs for a turn: the client (or none), the conversation so far, and where the streamed pieces go. */
function engineWith(llm: WorkflowLlm, history: ChatTurn[] = []) {
  let historyLoads = 0;
  const deltas: Array<[string, string]> = [];
  const deps: EngineDeps = {
    llm,
    history: async () => {
      historyLoads += 1;
      return history;
    },
    onDelta: (nodeId, text) => deltas.push([nodeId, text]),
  };
  return { deps, deltas, historyLoads: () => historyLoads };
}

/** The engine with the real client against the fake server. */
const withModel = (history: ChatTurn[] = []) => engineWith(llmFor(server.fake), history);

/** The requests the model received for one purpose. */
const asked = (purpose: LlmPurpose) => server.fake.requests.filter((request) => requestPurpose(request) === purpose);

const json = (value: unknown, delayMs = 0): FakeHandler => replyWith({ content: JSON.stringify(value), delayMs });
const failing: FakeHandler = replyWith({ status: 500 });

/** A request's messages as role and text. */
const messagesOf = (purpose: LlmPurpose, index = 0) => asked(purpose)[index]?.body.messages;
const systemOf = (purpose: LlmPurpose, index = 0) => String(messagesOf(purpose, index)?.find((message) => message.role === 'system')?.content ?? '');

describe('extraction by the LLM', () => {
  const config = buildAgent([
    {
      id: 'intake',
      name: 'Intake',
      extract: [{ name: 'city', description: 'the city they live in' }, { name: 'zip', pattern: '\\b(\\d{5})\\b' }, { name: 'pet' }],
      transitions: [{ to: 'done', condition: 'variables_extracted:city,zip,pet' }],
    },
    { id: 'done', name: 'Done', static_text: '{{pet}} in {{city}} ({{zip}}).' },
  ]);

  it('asks once for all variables without a pattern and keeps only those asked for', async () => {
    server.fake.setHandler(byPurpose({ extraction: json({ city: ' Atlanta ', pet: 'dog', zip: '99999', other: 'x' }, 40) }));
    const outcome = await runTurn(config, at('intake'), 'I live in Atlanta 30301 with my dog', withModel().deps);

    expect(asked('extraction')).toHaveLength(1);
    expect(asked('extraction')[0]?.body.model).toBe('gpt-4o-mini');
    const system = systemOf('extraction');
    expect(system).toContain('- city: the city they live in');
    expect(system).toContain('- pet');
    expect(system).not.toContain('zip');
    expect(messagesOf('extraction')?.at(-1)).toEqual({ role: 'user', content: 'I live in Atlanta 30301 with my dog' });

    expect(outcome.extractedVariables).toEqual({ zip: '30301', city: 'Atlanta', pet: 'dog' });
    expect(outcome.response).toBe('dog in Atlanta (30301).');
    expect(outcome.llmLatencyMs).toBeGreaterThanOrEqual(40);
  });

  it('ignores empty values', async () => {
    server.fake.setHandler(byPurpose({ extraction: json({ city: '  ', pet: 'cat' }) }));
    const outcome = await runTurn(config, at('intake'), 'a cat', withModel().deps);
    expect(outcome.extractedVariables).toEqual({ pet: 'cat' });
  });

  it('treats a failed call as nothing extracted, and extracts by pattern alone without an LLM', async () => {
    server.fake.setHandler(failing);
    const outcome = await runTurn(config, at('intake'), 'zip 30301', withModel().deps);
    expect(asked('extraction').length).toBeGreaterThan(0);
    expect(outcome.extractedVariables).toEqual({ zip: '30301' });
    expect(outcome.status).toBe('active');

    const none = await runTurn(config, at('intake'), 'zip 30301', engineWith(noLlm()).deps);
    expect(none.extractedVariables).toEqual({ zip: '30301' });
    expect(none.llmLatencyMs).toBe(0);
  });
});

describe('intents', () => {
  const config = buildAgent([
    {
      id: 'menu',
      name: 'Menu',
      static_text: 'How can I help?',
      intents: [
        { name: 'billing', description: 'questions about invoices', keywords: ['invoice', 'refund'] },
        { name: 'goodbye', keywords: ['bye', "that's all"] },
        { name: 'human' },
      ],
      transitions: [
        { to: 'billing', condition: 'intent:billing' },
        { to: 'end', condition: 'intent:goodbye' },
        { to: 'agent', condition: 'intent:human' },
      ],
    },
    { id: 'billing', name: 'Billing', static_text: 'Billing here.' },
    { id: 'agent', name: 'Agent', static_text: 'Connecting you.' },
    { id: 'end', name: 'End', type: 'end', static_text: 'Bye!' },
  ]);

  it.each([
    ["That's all, thanks!", 'end'],
    ['That’s ALL for today', 'end'],
    ['ok bye.', 'end'],
    ['I need a refund', 'billing'],
    ['(invoice) missing', 'billing'],
  ])('matches keywords as whole words: "%s" goes to %s without the LLM', async (message, target) => {
    server.fake.setHandler(byPurpose({ classification: json({ intent: 'human' }) }));
    const outcome = await runTurn(config, at('menu'), message, withModel().deps);
    expect(outcome.transitions.map((t) => t.to_node)).toEqual([target]);
    expect(server.fake.requests).toEqual([]);
  });

  it('asks the LLM once per node and turn when no keyword matches', async () => {
    server.fake.setHandler(byPurpose({ classification: json({ intent: 'human' }, 40) }));
    const outcome = await runTurn(config, at('menu'), 'byebye, put me through to a person', withModel().deps);
    expect(outcome.transitions.map((t) => t.to_node)).toEqual(['agent']);
    expect(outcome.response).toBe('Connecting you.');

    expect(asked('classification')).toHaveLength(1);
    expect(asked('classification')[0]?.body.model).toBe('gpt-4o-mini');
    const system = systemOf('classification');
    expect(system).toContain('- billing: questions about invoices');
    expect(system).toContain('- goodbye');
    expect(system).toContain('- human');
    expect(messagesOf('classification')?.at(-1)).toEqual({ role: 'user', content: 'byebye, put me through to a person' });
    expect(outcome.llmLatencyMs).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ['no intent', json({ intent: 'none' })],
    ['an intent the node does not have', json({ intent: 'weather' })],
    ['a failure', failing],
  ])('treats %s from the LLM as no intent', async (_name, handler) => {
    server.fake.setHandler(byPurpose({ classification: handler }));
    const outcome = await runTurn(config, at('menu'), 'hmm', withModel().deps);
    expect(outcome.transitions).toEqual([]);
    expect(outcome.response).toBe('How can I help?');
    expect(asked('classification').length).toBeGreaterThan(0);
  });

  it('stays at the node without an LLM when no keyword matches', async () => {
    const outcome = await runTurn(config, at('menu'), 'hmm', engineWith(noLlm()).deps);
    expect(outcome.transitions).toEqual([]);
    expect(outcome.response).toBe('How can I help?');
  });
});

describe('prompt nodes', () => {
  const config = buildAgent(
    [
      { id: 'intro', name: 'Intro', static_text: 'Welcome, {{name}}.', transitions: [{ to: 'chat', condition: 'always' }] },
      { id: 'chat', name: 'Chat', prompt: 'Help {{ name }} with {{topic}}.', fallback_text: 'Sorry {{name}}, try later.' },
    ],
    { llm: { model: 'gpt-test', temperature: 0, max_tokens: 50 } },
  );

  it('speak an LLM reply to the substituted prompt, the history and this turn so far, streamed', async () => {
    server.fake.setHandler(replyWith({ content: 'How can I help you today?', delayMs: 60 }));
    const { deps, deltas } = withModel([{ role: 'assistant', content: 'Earlier.' }]);
    const started = await startSession(config, deps);

    expect(asked('reply')).toHaveLength(1);
    expect(asked('reply')[0]?.body).toMatchObject({ model: 'gpt-test', temperature: 0, max_tokens: 50, stream: true });
    expect(messagesOf('reply')).toEqual([
      { role: 'system', content: 'Help  with .' },
      { role: 'assistant', content: 'Earlier.' },
      { role: 'assistant', content: 'Welcome, .' },
    ]);
    expect(started.said).toEqual([
      { nodeId: 'intro', text: 'Welcome, .' },
      { nodeId: 'chat', text: 'How can I help you today?' },
    ]);
    expect(deltas.every(([nodeId]) => nodeId === 'chat')).toBe(true);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map(([, text]) => text).join('')).toBe('How can I help you today?');
    expect(started.llmLatencyMs).toBeGreaterThanOrEqual(60);
  });

  it('answer the message while waiting, with the user message last', async () => {
    server.fake.setHandler(replyWith('It is easy.'));
    const outcome = await runTurn(
      config,
      at('chat', { name: 'Ann', topic: 'MRI' }),
      'How does it work?',
      withModel([{ role: 'assistant', content: 'Ask me.' }]).deps,
    );
    expect(outcome.said).toEqual([{ nodeId: 'chat', text: 'It is easy.' }]);
    expect(outcome.state.visitTurns).toBe(1);
    expect(messagesOf('reply')).toEqual([
      { role: 'system', content: 'Help Ann with MRI.' },
      { role: 'assistant', content: 'Ask me.' },
      { role: 'user', content: 'How does it work?' },
    ]);
  });

  it('send at most the last 100 messages', async () => {
    const history: ChatTurn[] = Array.from({ length: 150 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: `m${index}` }));
    await runTurn(config, at('chat'), 'latest', withModel(history).deps);
    const sent = (messagesOf('reply') ?? []).filter((message) => message.role !== 'system');
    expect(sent).toHaveLength(100);
    expect(sent[0]).toEqual({ role: 'assistant', content: 'm51' });
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'latest' });
  });

  it('load the history only when a prompt node speaks, once per turn', async () => {
    const twice = buildAgent([
      { id: 'wait', name: 'Wait', static_text: 'Go on.', transitions: [{ to: 'one', condition: 'contains:go' }] },
      { id: 'one', name: 'One', prompt: 'First.', transitions: [{ to: 'two', condition: 'always' }] },
      { id: 'two', name: 'Two', prompt: 'Second.' },
    ]);
    const quiet = withModel();
    await runTurn(twice, at('wait'), 'stay', quiet.deps);
    expect(quiet.historyLoads()).toBe(0);
    expect(server.fake.requests).toEqual([]);

    server.fake.setHandler((request) => ({ content: `Reply to ${request.body.messages?.[0]?.content}` }));
    const talking = withModel();
    const outcome = await runTurn(twice, at('wait'), 'go', talking.deps);
    expect(talking.historyLoads()).toBe(1);
    expect(outcome.response).toBe('Reply to First. Reply to Second.');
    expect(messagesOf('reply', 1)).toEqual([
      { role: 'system', content: 'Second.' },
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'Reply to First.' },
    ]);
  });

  it('say fallback_text without an LLM, without loading the history', async () => {
    const { deps, historyLoads } = engineWith(noLlm());
    const outcome = await runTurn(config, at('chat', { name: 'Ann' }), 'hello', deps);
    expect(outcome.response).toBe('Sorry Ann, try later.');
    expect(outcome.status).toBe('active');
    expect(historyLoads()).toBe(0);
  });

  it.each([
    ['fails with a server error, every retry too', { status: 500 }],
    ['refuses the request', { status: 400 }],
    ['does not answer in time', { delayMs: 3_000 }],
  ])('say fallback_text when the model %s', async (_name, reply) => {
    server.fake.setHandler(replyWith({ content: 'Too late.', ...reply }));
    const llm = llmFor(server.fake, { timeoutMs: 300, maxRetries: 1 });
    const outcome = await runTurn(config, at('chat', { name: 'Ann' }), 'hello', engineWith(llm).deps);
    expect(outcome.said).toEqual([{ nodeId: 'chat', text: 'Sorry Ann, try later.' }]);
    expect(outcome.llmLatencyMs).toBe(0);
  });

  it('fail the turn as unavailable when there is no fallback_text', async () => {
    const bare = buildAgent([{ id: 'chat', name: 'Chat', prompt: 'Help.' }]);
    server.fake.setHandler(failing);
    const error = await runTurn(bare, at('chat'), 'hello', withModel().deps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable' });
    expect((error as AppError).cause).toBeInstanceOf(LlmUnavailableError);

    await expect(startSession(bare, engineWith(noLlm()).deps)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('leave a history that cannot be loaded to the caller', async () => {
    const broken = new Error('database down');
    const deps: EngineDeps = {
      llm: llmFor(server.fake),
      history: async () => {
        throw broken;
      },
    };
    await expect(runTurn(config, at('chat'), 'hello', deps)).rejects.toBe(broken);
    expect(server.fake.requests).toEqual([]);
  });
});

describe('a visitor memory in the prompt', () => {
  const config = buildAgent([{ id: 'chat', name: 'Chat', prompt: 'Help {{name}}.', fallback_text: 'Later.' }]);
  const state = at('chat', { name: 'Ann' });

  it('follows the rendered prompt, its own braces left as written', async () => {
    await runTurn(config, state, 'Hi', { ...withModel().deps, memory: ' Likes {{name}} tags. ' });
    expect(systemOf('reply')).toBe('Help Ann.\n\nWhat you remember about this visitor from earlier conversations:\nLikes {{name}} tags.');
  });

  it('leaves the prompt alone when there is none or it is blank', async () => {
    await runTurn(config, state, 'Hi', withModel().deps);
    await runTurn(config, state, 'Hi', { ...withModel().deps, memory: '  ' });
    expect([systemOf('reply', 0), systemOf('reply', 1)]).toEqual(['Help Ann.', 'Help Ann.']);
  });
});

describe('a turn\'s tokens (docs/management-api.md "Cost guards")', () => {
  const config = buildAgent(
    [
      {
        id: 'ask',
        name: 'Ask',
        extract: [{ name: 'city' }],
        transitions: [
          { to: 'human', condition: 'intent:wants_person' },
          { to: 'chat', condition: 'user_responded' },
        ],
        intents: [{ name: 'wants_person' }],
      },
      { id: 'human', name: 'Human', static_text: 'One moment.' },
      { id: 'chat', name: 'Chat', prompt: 'Help.', fallback_text: 'Sorry, not now.' },
    ],
    { llm: { model: 'gpt-4o-mini' } },
  );
  const usage = { extraction: { prompt: 11, completion: 2 }, classification: { prompt: 13, completion: 1 }, reply: { prompt: 40, completion: 9 } };
  const scripted = () =>
    byPurpose({
      extraction: replyWith({ content: '{"city":"Oslo"}', usage: usage.extraction }),
      classification: replyWith({ content: '{"intent":null}', usage: usage.classification }),
      reply: replyWith({ content: 'Happy to help.', usage: usage.reply }),
    });
  const sum = { prompt: 11 + 13 + 40, completion: 2 + 1 + 9 };

  it('sums what every call of the turn reported: extraction, intents and a streamed reply', async () => {
    server.fake.setHandler(scripted());
    const outcome = await runTurn(config, at('ask'), 'I am in Oslo', withModel().deps);
    expect(asked('reply')[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(outcome.usage).toEqual(sum);
    // The trace keeps each call, in order, with what it reported (docs/workflow.md "Traces").
    const call = (u: { prompt: number; completion: number }) => ({
      model: 'gpt-4o-mini',
      prompt_tokens: u.prompt,
      completion_tokens: u.completion,
      latency_ms: expect.any(Number),
    });
    expect(outcome.trace).toEqual({ llm_calls: [call(usage.extraction), call(usage.classification), call(usage.reply)] });
  });

  it('counts a whole reply the same, and an attempt that failed before a retry adds nothing', async () => {
    let replies = 0;
    const handler = scripted();
    server.fake.setHandler((req) => (requestPurpose(req) === 'reply' && replies++ === 0 ? { status: 503 } : handler(req)));
    const { deps } = withModel();
    const outcome = await runTurn(config, at('ask'), 'I am in Oslo', { ...deps, onDelta: undefined });
    expect(asked('reply')).toHaveLength(2);
    expect(asked('reply')[1]?.body.stream).toBeUndefined();
    expect(outcome.usage).toEqual(sum);
    // The failed attempt is no call the model answered: the trace has the one that was.
    expect(outcome.trace?.llm_calls.map((c) => [c.prompt_tokens, c.completion_tokens])).toEqual([
      [11, 2],
      [13, 1],
      [40, 9],
    ]);
  });

  it('has no usage when no LLM was asked', async () => {
    const none = await runTurn(config, at('ask'), 'I am in Oslo', engineWith(noLlm()).deps);
    expect(none.response).toBe('Sorry, not now.');
    expect(none.usage).toBeUndefined();
    expect(none.trace).toBeUndefined();
  });
});
