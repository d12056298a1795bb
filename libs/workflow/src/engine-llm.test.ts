import { AppError } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { runTurn, startSession } from './engine.js';
import { buildAgent, deepFreeze } from './fixtures/build-agent.js';
import { ScriptedLlm, type ScriptedLlmScript } from './fixtures/scripted-llm.js';
import { type ChatTurn, LlmUnavailableError } from './llm.js';
import type { EngineDeps, SessionState } from './engine-types.js';

const at = (nodeId: string, collectedData: Record<string, string> = {}): SessionState => deepFreeze({ nodeId, collectedData, visitTurns: 0 });

function withLlm(script: ScriptedLlmScript, history: ChatTurn[] = []) {
  const llm = new ScriptedLlm(script);
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
  return { llm, deps, deltas, historyLoads: () => historyLoads };
}

const fail = (): never => {
  throw new LlmUnavailableError('upstream 500 after retries');
};

describe('extraction by the LLM', () => {
  const config = buildAgent([
    {
      id: 'intake',
      name: 'Intake',
      extract: [
        { name: 'city', description: 'the city they live in' },
        { name: 'zip', pattern: '\\b(\\d{5})\\b' },
        { name: 'pet' },
      ],
      transitions: [{ to: 'done', condition: 'variables_extracted:city,zip,pet' }],
    },
    { id: 'done', name: 'Done', static_text: '{{pet}} in {{city}} ({{zip}}).' },
  ]);

  it('asks once for all variables without a pattern and keeps only those asked for', async () => {
    const { llm, deps } = withLlm({ extract: () => ({ city: ' Atlanta ', pet: 'dog', zip: '99999', other: 'x' }) });
    const outcome = await runTurn(config, at('intake'), 'I live in Atlanta 30301 with my dog', deps);
    expect(llm.extractions).toEqual([
      {
        settings: { model: 'gpt-4o-mini' },
        variables: [{ name: 'city', description: 'the city they live in' }, { name: 'pet' }],
        message: 'I live in Atlanta 30301 with my dog',
      },
    ]);
    expect(outcome.extractedVariables).toEqual({ zip: '30301', city: 'Atlanta', pet: 'dog' });
    expect(outcome.response).toBe('dog in Atlanta (30301).');
    expect(outcome.llmLatencyMs).toBe(10);
  });

  it('ignores empty values', async () => {
    const { deps } = withLlm({ extract: () => ({ city: '  ', pet: 'cat' }) });
    const outcome = await runTurn(config, at('intake'), 'a cat', deps);
    expect(outcome.extractedVariables).toEqual({ pet: 'cat' });
  });

  it('treats a failed call as nothing extracted, and skips the call without an LLM', async () => {
    const failing = withLlm({ extract: fail });
    const outcome = await runTurn(config, at('intake'), 'zip 30301', failing.deps);
    expect(outcome.extractedVariables).toEqual({ zip: '30301' });
    expect(outcome.status).toBe('active');

    const none = withLlm({ available: false });
    await runTurn(config, at('intake'), 'zip 30301', none.deps);
    expect(none.llm.extractions).toEqual([]);
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
    const { llm, deps } = withLlm({ classify: () => 'human' });
    const outcome = await runTurn(config, at('menu'), message, deps);
    expect(outcome.transitions.map((t) => t.to_node)).toEqual([target]);
    expect(llm.classifications).toEqual([]);
  });

  it('asks the LLM once per node and turn when no keyword matches', async () => {
    const { llm, deps } = withLlm({ classify: () => 'human' });
    const outcome = await runTurn(config, at('menu'), 'byebye, put me through to a person', deps);
    expect(outcome.transitions.map((t) => t.to_node)).toEqual(['agent']);
    expect(llm.classifications).toEqual([
      {
        settings: { model: 'gpt-4o-mini' },
        intents: [{ name: 'billing', description: 'questions about invoices' }, { name: 'goodbye' }, { name: 'human' }],
        message: 'byebye, put me through to a person',
      },
    ]);
    expect(outcome.llmLatencyMs).toBe(10);
  });

  it.each([
    ['no intent', () => null],
    ['an intent the node does not have', () => 'weather'],
    ['a failure', fail],
  ])('treats %s from the LLM as no intent', async (_name, classify) => {
    const { llm, deps } = withLlm({ classify });
    const outcome = await runTurn(config, at('menu'), 'hmm', deps);
    expect(outcome.transitions).toEqual([]);
    expect(outcome.response).toBe('How can I help?');
    expect(llm.classifications).toHaveLength(1);
  });

  it('does not classify without an LLM', async () => {
    const { llm, deps } = withLlm({ available: false });
    const outcome = await runTurn(config, at('menu'), 'hmm', deps);
    expect(outcome.transitions).toEqual([]);
    expect(llm.classifications).toEqual([]);
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
    const history: ChatTurn[] = [{ role: 'assistant', content: 'Earlier.' }];
    const { llm, deps, deltas } = withLlm({ reply: () => 'How can I help you today?', latencyMs: 120 }, history);
    const started = await startSession(config, deps);
    expect(llm.replies).toEqual([
      {
        settings: { model: 'gpt-test', temperature: 0, max_tokens: 50 },
        system: 'Help  with .',
        history: [...history, { role: 'assistant', content: 'Welcome, .' }],
      },
    ]);
    expect(started.said).toEqual([
      { nodeId: 'intro', text: 'Welcome, .' },
      { nodeId: 'chat', text: 'How can I help you today?' },
    ]);
    expect(deltas.every(([nodeId]) => nodeId === 'chat')).toBe(true);
    expect(deltas.map(([, text]) => text)).toEqual(['How ', 'can ', 'I ', 'help ', 'you ', 'today?']);
    expect(started.llmLatencyMs).toBe(120);
  });

  it('answer the message while waiting, with the user message last', async () => {
    const { llm, deps } = withLlm({ reply: () => 'It is easy.' }, [{ role: 'assistant', content: 'Ask me.' }]);
    const outcome = await runTurn(config, at('chat', { name: 'Ann', topic: 'MRI' }), 'How does it work?', deps);
    expect(outcome.said).toEqual([{ nodeId: 'chat', text: 'It is easy.' }]);
    expect(outcome.state.visitTurns).toBe(1);
    expect(llm.replies[0]?.system).toBe('Help Ann with MRI.');
    expect(llm.replies[0]?.history).toEqual([
      { role: 'assistant', content: 'Ask me.' },
      { role: 'user', content: 'How does it work?' },
    ]);
  });

  it('send at most the last 100 messages', async () => {
    const history: ChatTurn[] = Array.from({ length: 150 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: `m${index}` }));
    const { llm, deps } = withLlm({}, history);
    await runTurn(config, at('chat'), 'latest', deps);
    const sent = llm.replies[0]?.history ?? [];
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
    const quiet = withLlm({});
    await runTurn(twice, at('wait'), 'stay', quiet.deps);
    expect(quiet.historyLoads()).toBe(0);

    const talking = withLlm({ reply: ({ system }) => `Reply to ${system}` });
    const outcome = await runTurn(twice, at('wait'), 'go', talking.deps);
    expect(talking.historyLoads()).toBe(1);
    expect(outcome.response).toBe('Reply to First. Reply to Second.');
    expect(talking.llm.replies[1]?.history).toEqual([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'Reply to First.' },
    ]);
  });

  it('say fallback_text without an LLM, without loading the history', async () => {
    const { llm, deps, historyLoads } = withLlm({ available: false });
    const outcome = await runTurn(config, at('chat', { name: 'Ann' }), 'hello', deps);
    expect(outcome.response).toBe('Sorry Ann, try later.');
    expect(outcome.status).toBe('active');
    expect(llm.replies).toEqual([]);
    expect(historyLoads()).toBe(0);
  });

  it.each([
    ['LlmUnavailableError', fail],
    ['any other error', (): never => {
      throw new TypeError('socket hang up');
    }],
  ])('say fallback_text when the call throws %s', async (_name, reply) => {
    const { deps } = withLlm({ reply });
    const outcome = await runTurn(config, at('chat', { name: 'Ann' }), 'hello', deps);
    expect(outcome.said).toEqual([{ nodeId: 'chat', text: 'Sorry Ann, try later.' }]);
    expect(outcome.llmLatencyMs).toBe(0);
  });

  it('fail the turn as unavailable when there is no fallback_text', async () => {
    const bare = buildAgent([{ id: 'chat', name: 'Chat', prompt: 'Help.' }]);
    const cause = new LlmUnavailableError('down');
    const failing = withLlm({
      reply: () => {
        throw cause;
      },
    });
    const error = await runTurn(bare, at('chat'), 'hello', failing.deps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', cause });

    const none = withLlm({ available: false });
    await expect(startSession(bare, none.deps)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('leave a history that cannot be loaded to the caller', async () => {
    const { llm } = withLlm({});
    const broken = new Error('database down');
    const deps: EngineDeps = {
      llm,
      history: async () => {
        throw broken;
      },
    };
    await expect(runTurn(config, at('chat'), 'hello', deps)).rejects.toBe(broken);
  });
});
