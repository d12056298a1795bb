import { AppError } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_TRANSITIONS_PER_TURN, runTurn, startSession, WORKFLOW_LOOPED_MESSAGE } from './engine.js';
import { buildAgent, deepFreeze } from './fixtures/build-agent.js';
import { noLlm } from './llm.js';
import type { EngineDeps, SessionState } from './engine-types.js';

/** No LLM: these tests are about the walk itself. */
const deps = (): EngineDeps => ({ llm: noLlm(), history: async () => [] });

const at = (nodeId: string, collectedData: Record<string, string> = {}, visitTurns = 0): SessionState => deepFreeze({ nodeId, collectedData, visitTurns });

const path = (outcome: { transitions: Array<{ from_node: string; to_node: string }> }) => outcome.transitions.map((t) => `${t.from_node}>${t.to_node}`);

describe('conditions at the waiting node', () => {
  const agent = (condition: string, extra: Record<string, unknown> = {}) =>
    buildAgent([
      { id: 'ask', name: 'Ask', static_text: 'Question?', transitions: [{ to: 'next', condition }], ...extra },
      { id: 'next', name: 'Next', static_text: 'Moved on.' },
    ]);

  it.each([
    ['always', 'anything', {}],
    ['user_responded', 'anything', {}],
    ['contains:monday', 'MONDAY please', {}],
    ['contains:day w', 'Monday works', {}],
    // The message as a reader sees it (docs/workflow.md "Extraction"): no zero-width space, no fullwidth letters.
    ['contains:monday', 'Mon\u200bday please', {}],
    ['contains:monday', 'ＭＯＮＤＡＹ please', {}],
    ['contains:ＭＯＮＤＡＹ', 'monday please', {}],
    ['intent:yes', 'yes, sure', { intents: [{ name: 'yes', keywords: ['yes'] }] }],
    ['intent:yes', 'ｙｅ\u00ads, sure', { intents: [{ name: 'yes', keywords: ['yes'] }] }],
    ['variables_extracted:code', 'code 1234', { extract: [{ name: 'code', pattern: '(\\d{4})' }] }],
    ['variables_extracted:code', 'code ١٢٣٤', { extract: [{ name: 'code', pattern: '(\\d{4})' }] }],
    ['max_turns:1', 'anything', {}],
  ])('%s holds for "%s"', async (condition, message, extra) => {
    const outcome = await runTurn(agent(condition, extra), at('ask'), message, deps());
    expect(path(outcome)).toEqual(['ask>next']);
    expect(outcome.transitions[0]?.condition).toBe(condition);
    expect(outcome.response).toBe('Moved on.');
  });

  it.each([
    ['contains:monday', 'Tuesday', {}],
    ['intent:yes', 'yesterday was fine', { intents: [{ name: 'yes', keywords: ['yes'] }] }],
    ['variables_extracted:code', 'no digits here', { extract: [{ name: 'code', pattern: '(\\d{4})' }] }],
    ['variables_extracted:code,other', 'code 1234', { extract: [{ name: 'code', pattern: '(\\d{4})' }] }],
    ['max_turns:2', 'anything', {}],
  ])('%s does not hold for "%s": the node repeats itself and keeps waiting', async (condition, message, extra) => {
    const outcome = await runTurn(agent(condition, extra), at('ask'), message, deps());
    expect(outcome.transitions).toEqual([]);
    expect(outcome.said).toEqual([{ nodeId: 'ask', text: 'Question?' }]);
    expect(outcome.state.nodeId).toBe('ask');
    expect(outcome.state.visitTurns).toBe(1);
    expect(outcome.status).toBe('active');
  });

  it('variables_extracted counts variables collected in earlier turns', async () => {
    const outcome = await runTurn(agent('variables_extracted:code'), at('ask', { code: '9' }), 'hello', deps());
    expect(path(outcome)).toEqual(['ask>next']);
  });

  it('follows the first transition that holds, in order', async () => {
    const config = buildAgent([
      {
        id: 'ask',
        name: 'Ask',
        transitions: [
          { to: 'a', condition: 'contains:alpha' },
          { to: 'b', condition: 'user_responded' },
          { to: 'a', condition: 'always' },
        ],
      },
      { id: 'a', name: 'A', static_text: 'A.' },
      { id: 'b', name: 'B', static_text: 'B.' },
    ]);
    expect(path(await runTurn(config, at('ask'), 'beta', deps()))).toEqual(['ask>b']);
    expect(path(await runTurn(config, at('ask'), 'alpha', deps()))).toEqual(['ask>a']);
  });
});

describe('conditions on entry', () => {
  it('never counts user_responded, even with a message in hand', async () => {
    const config = buildAgent([
      { id: 'ask', name: 'Ask', transitions: [{ to: 'second', condition: 'user_responded' }] },
      { id: 'second', name: 'Second', static_text: 'Second question?', transitions: [{ to: 'third', condition: 'user_responded' }] },
      { id: 'third', name: 'Third', static_text: 'Third.' },
    ]);
    const outcome = await runTurn(config, at('ask'), 'hello', deps());
    expect(path(outcome)).toEqual(['ask>second']);
    expect(outcome.state).toEqual({ nodeId: 'second', collectedData: {}, visitTurns: 0 });
    expect(outcome.response).toBe('Second question?');
  });

  it('checks contains against the message in hand', async () => {
    const config = buildAgent([
      { id: 'ask', name: 'Ask', transitions: [{ to: 'route', condition: 'user_responded' }] },
      { id: 'route', name: 'Route', transitions: [{ to: 'urgent', condition: 'contains:urgent' }] },
      { id: 'urgent', name: 'Urgent', static_text: 'Right away.' },
    ]);
    const urgent = await runTurn(config, at('ask'), 'This is URGENT', deps());
    expect(path(urgent)).toEqual(['ask>route', 'route>urgent']);
    const calm = await runTurn(config, at('ask'), 'No rush', deps());
    expect(path(calm)).toEqual(['ask>route']);
    expect(calm.response).toBeNull();
  });

  it('has no message in hand at session start: contains and intent do not hold, always does', async () => {
    const config = buildAgent([
      {
        id: 'start',
        name: 'Start',
        static_text: 'Hello.',
        intents: [{ name: 'any', keywords: ['hello'] }],
        transitions: [
          { to: 'contains', condition: 'contains:hello' },
          { to: 'intent', condition: 'intent:any' },
          { to: 'always', condition: 'always' },
        ],
      },
      { id: 'contains', name: 'Contains' },
      { id: 'intent', name: 'Intent' },
      { id: 'always', name: 'Always', static_text: 'Chained.' },
    ]);
    const outcome = await startSession(config, deps());
    expect(path(outcome)).toEqual(['start>always']);
    expect(outcome.response).toBe('Hello. Chained.');
  });

  it('runs extraction on entry only with a message in hand', async () => {
    const config = buildAgent([
      { id: 'grab', name: 'Grab', extract: [{ name: 'n', pattern: '\\d+' }], transitions: [{ to: 'done', condition: 'variables_extracted:n' }] },
      { id: 'done', name: 'Done', static_text: 'Got {{n}}.' },
    ]);
    const started = await startSession(config, deps());
    expect(started.extractedVariables).toBeNull();
    expect(started.state.nodeId).toBe('grab');
    const turn = await runTurn(config, started.state, 'it is 42', deps());
    expect(turn.extractedVariables).toEqual({ n: '42' });
    expect(turn.response).toBe('Got 42.');
  });
});

describe('max_turns', () => {
  const config = buildAgent([
    {
      id: 'qa',
      name: 'Q&A',
      static_text: 'Anything else?',
      transitions: [
        { to: 'detour', condition: 'contains:detour' },
        { to: 'end', condition: 'max_turns:2' },
      ],
    },
    { id: 'detour', name: 'Detour', static_text: 'A detour.', transitions: [{ to: 'qa', condition: 'user_responded' }] },
    { id: 'end', name: 'End', type: 'end', static_text: 'That is enough.' },
  ]);

  it('counts the user messages of one visit and resets when the node is entered again', async () => {
    const first = await runTurn(config, at('qa'), 'one', deps());
    expect(first.state).toMatchObject({ nodeId: 'qa', visitTurns: 1 });

    const detour = await runTurn(config, first.state, 'take the detour', deps());
    expect(detour.state).toMatchObject({ nodeId: 'detour', visitTurns: 0 });
    const back = await runTurn(config, detour.state, 'ok', deps());
    expect(path(back)).toEqual(['detour>qa']);
    expect(back.state).toMatchObject({ nodeId: 'qa', visitTurns: 0 });

    const again = await runTurn(config, back.state, 'two', deps());
    expect(again.state).toMatchObject({ nodeId: 'qa', visitTurns: 1 });
    expect(again.transitions).toEqual([]);

    const last = await runTurn(config, again.state, 'three', deps());
    expect(path(last)).toEqual(['qa>end']);
    expect(last.transitions[0]?.condition).toBe('max_turns:2');
    expect(last.status).toBe('completed');
  });
});

describe('end nodes', () => {
  it('speak and complete the session without following their transitions', async () => {
    const config = buildAgent([
      { id: 'bye', name: 'Bye', type: 'end', static_text: 'Goodbye.', transitions: [{ to: 'other', condition: 'always' }] },
      { id: 'other', name: 'Other', static_text: 'Never said.' },
    ]);
    const outcome = await startSession(config, deps());
    expect(outcome).toMatchObject({ status: 'completed', response: 'Goodbye.', transitions: [], state: { nodeId: 'bye' } });
  });

  it('take no further messages', async () => {
    const config = buildAgent([{ id: 'bye', name: 'Bye', type: 'end' }]);
    const error = await runTurn(config, at('bye'), 'hello?', deps()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'gone' });
  });
});

describe('handoff nodes', () => {
  const config = buildAgent([
    { id: 'ask', name: 'Ask', static_text: 'How can I help?', transitions: [{ to: 'human', condition: 'contains:person' }] },
    {
      id: 'human',
      name: 'Human',
      type: 'handoff',
      handoff_reason: 'asked for a person',
      static_text: 'Let me find a colleague.',
      transitions: [
        { to: 'after', condition: 'user_responded' },
        { to: 'never', condition: 'always' },
      ],
    },
    { id: 'after', name: 'After', static_text: 'Back with me. Anything else?' },
    { id: 'never', name: 'Never', static_text: 'Not on entry.' },
  ]);

  it('speak, then hand over with their reason and wait there without checking their transitions', async () => {
    const outcome = await runTurn(config, at('ask'), 'I want a person', deps());
    expect(outcome).toMatchObject({
      status: 'active',
      response: 'Let me find a colleague.',
      handoff: { reason: 'asked for a person' },
      state: { nodeId: 'human', visitTurns: 0 },
      transitions: [{ from_node: 'ask', to_node: 'human', condition: 'contains:person' }],
    });
  });

  it('continue from their transitions once handed back, without handing over again', async () => {
    const outcome = await runTurn(config, at('human'), 'thanks, what now?', deps());
    expect(outcome).toMatchObject({ response: 'Back with me. Anything else?', state: { nodeId: 'after' } });
    expect(outcome.handoff).toBeUndefined();
  });

  it('give "agent" as the reason when the node names none', async () => {
    const plain = buildAgent([{ id: 'human', name: 'Human', type: 'handoff' }]);
    await expect(startSession(plain, deps())).resolves.toMatchObject({ handoff: { reason: 'agent' }, response: null, status: 'active' });
  });
});

describe('the transition guard', () => {
  const loop = buildAgent([
    { id: 'ping', name: 'Ping', static_text: 'Ping.', transitions: [{ to: 'pong', condition: 'always' }] },
    { id: 'pong', name: 'Pong', static_text: 'Pong.', transitions: [{ to: 'ping', condition: 'always' }] },
  ]);

  it('stops an always cycle after 25 transitions with status error and says why', async () => {
    const outcome = await startSession(loop, deps());
    expect(outcome.status).toBe('error');
    expect(outcome.transitions).toHaveLength(MAX_TRANSITIONS_PER_TURN);
    // 26 nodes were entered (the first plus one per transition), each saying its line.
    expect(outcome.said).toHaveLength(MAX_TRANSITIONS_PER_TURN + 2);
    expect(outcome.said.at(-1)).toEqual({ nodeId: 'pong', text: WORKFLOW_LOOPED_MESSAGE });
    expect(outcome.response?.endsWith(`Pong. ${WORKFLOW_LOOPED_MESSAGE}`)).toBe(true);
    expect(outcome.state.nodeId).toBe('pong');
  });

  it('applies to a user turn too', async () => {
    const config = buildAgent([
      { id: 'wait', name: 'Wait', transitions: [{ to: 'ping', condition: 'user_responded' }] },
      { id: 'ping', name: 'Ping', transitions: [{ to: 'pong', condition: 'always' }] },
      { id: 'pong', name: 'Pong', transitions: [{ to: 'ping', condition: 'always' }] },
    ]);
    const outcome = await runTurn(config, at('wait'), 'go', deps());
    expect(outcome.status).toBe('error');
    expect(outcome.transitions).toHaveLength(MAX_TRANSITIONS_PER_TURN);
    expect(outcome.response).toBe(WORKFLOW_LOOPED_MESSAGE);
  });

  it('lets exactly 25 transitions through', async () => {
    const nodes = Array.from({ length: 26 }, (_, index) => ({
      id: `n${index}`,
      name: `Node ${index}`,
      ...(index === 25 ? { static_text: 'Arrived.' } : { transitions: [{ to: `n${index + 1}`, condition: 'always' }] }),
    }));
    const outcome = await startSession(buildAgent(nodes), deps());
    expect(outcome).toMatchObject({ status: 'active', response: 'Arrived.', state: { nodeId: 'n25' } });
    expect(outcome.transitions).toHaveLength(25);
  });
});

describe('what a turn reports', () => {
  it('renders unknown template variables as empty text and accepts spaces inside braces', async () => {
    const config = buildAgent([{ id: 'hi', name: 'Hi', static_text: 'Hello {{ first_name }}, from {{city}}.' }]);
    const outcome = await runTurn(config, at('hi', { first_name: 'Ann' }), 'hi', deps());
    expect(outcome.response).toBe('Hello Ann, from .');
  });

  it('reports null when nothing was said or extracted, and no LLM latency', async () => {
    const config = buildAgent([{ id: 'quiet', name: 'Quiet' }]);
    const outcome = await runTurn(config, at('quiet'), 'hello', deps());
    expect(outcome).toEqual({
      state: { nodeId: 'quiet', collectedData: {}, visitTurns: 1 },
      said: [],
      response: null,
      transitions: [],
      extractedVariables: null,
      status: 'active',
      llmLatencyMs: 0,
      // It said nothing back: the message was not understood.
      unanswered: true,
    });
  });

  it('extracts the first capture group, the whole match without one, trimmed and case-insensitive, overriding older values', async () => {
    const config = buildAgent([
      {
        id: 'form',
        name: 'Form',
        extract: [
          { name: 'color', pattern: 'colou?r is\\s+(\\w+)' },
          { name: 'code', pattern: '[A-Z]{3}-\\d+' },
          { name: 'either', pattern: 'size (small)|size (large)' },
          { name: 'spaced', pattern: 'note:(.*)$' },
        ],
      },
    ]);
    const outcome = await runTurn(config, at('form', { color: 'red', kept: 'yes' }), 'My COLOR IS Blue, ref abc-12, size large, note:  hi  ', deps());
    expect(outcome.extractedVariables).toEqual({ color: 'Blue', code: 'abc-12', either: 'large', spaced: 'hi' });
    expect(outcome.state.collectedData).toEqual({ color: 'Blue', kept: 'yes', code: 'abc-12', either: 'large', spaced: 'hi' });
  });

  it('patterns see through invisible characters and compatibility forms; the value is what they read, its case and accents kept', async () => {
    const config = buildAgent([
      {
        id: 'form',
        name: 'Form',
        extract: [
          { name: 'order', pattern: '\\b(BK-\\d{5})\\b' },
          { name: 'name', pattern: 'name is (\\p{L}+)' },
          { name: 'amount', pattern: '(\\d+) EUR' },
        ],
      },
    ]);
    const outcome = await runTurn(config, at('form'), 'order ＢＫ-２０\u200b４１７, my name is Jo\u00adsé, pay ١٢٣ EUR', deps());
    expect(outcome.extractedVariables).toEqual({ order: 'BK-20417', name: 'José', amount: '123' });
  });

  it('never mutates the config or the state it was given', async () => {
    // buildAgent and `at` deep-freeze: any write would throw. The copies prove nothing changed either.
    const config = buildAgent([
      { id: 'a', name: 'A', extract: [{ name: 'x', pattern: '(\\d+)' }], transitions: [{ to: 'b', condition: 'variables_extracted:x' }] },
      { id: 'b', name: 'B', static_text: '{{x}}' },
    ]);
    const state = at('a', { y: '1' }, 3);
    const before = structuredClone({ config, state });
    const outcome = await runTurn(config, state, 'number 7', deps());
    expect({ config, state }).toEqual(before);
    expect(outcome.state).not.toBe(state);
    expect(outcome.state.collectedData).toEqual({ y: '1', x: '7' });
  });

  it('refuses a state whose node the config does not have', async () => {
    const config = buildAgent([{ id: 'a', name: 'A' }]);
    await expect(runTurn(config, at('gone'), 'hi', deps())).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('unanswered messages: what the platform counts before offering a person', () => {
  /** An LLM that answers every prompt (nothing else is asked of it here). */
  const answering = (): EngineDeps => ({
    llm: {
      available: true,
      reply: async () => ({ value: 'An answer.', latencyMs: 1 }),
      extract: async () => ({ value: {}, latencyMs: 1 }),
      classify: async () => ({ value: null, latencyMs: 1 }),
    },
    history: async () => [],
  });
  const menu = buildAgent([
    {
      id: 'menu',
      name: 'Menu',
      static_text: 'Say billing or shipping.',
      extract: [{ name: 'order', pattern: 'order (\\d+)' }],
      transitions: [{ to: 'billing', condition: 'contains:billing' }],
    },
    { id: 'billing', name: 'Billing', static_text: 'Billing it is.' },
  ]);

  it('a static node repeating itself did not understand', async () => {
    const outcome = await runTurn(menu, at('menu'), 'what?', deps());
    expect(outcome.response).toBe('Say billing or shipping.');
    expect(outcome.unanswered).toBe(true);
  });

  it('a transition followed, or a variable extracted, is an answer', async () => {
    expect((await runTurn(menu, at('menu'), 'billing please', deps())).unanswered).toBeUndefined();
    expect((await runTurn(menu, at('menu'), 'about order 42', deps())).unanswered).toBeUndefined();
  });

  it("a prompt node's LLM reply is an answer; its fallback_text is not", async () => {
    const qa = buildAgent([{ id: 'qa', name: 'Q&A', prompt: 'Answer questions.', fallback_text: 'I cannot answer that now.' }]);
    expect((await runTurn(qa, at('qa'), 'how long is shipping?', answering())).unanswered).toBeUndefined();
    const fallback = await runTurn(qa, at('qa'), 'how long is shipping?', deps());
    expect(fallback.response).toBe('I cannot answer that now.');
    expect(fallback.unanswered).toBe(true);
  });

  it('the start of a session is never counted', async () => {
    expect((await startSession(menu, deps())).unanswered).toBeUndefined();
  });
});

describe('nodes that resolve the conversation', () => {
  const agent = buildAgent([
    {
      id: 'ask',
      name: 'Ask',
      static_text: 'Question?',
      transitions: [
        { to: 'solved', condition: 'contains:thanks' },
        { to: 'ask', condition: 'user_responded' },
      ],
    },
    { id: 'solved', name: 'Solved', resolves: true, static_text: 'Glad to help.', transitions: [{ to: 'bye', condition: 'always' }] },
    { id: 'bye', name: 'Bye', type: 'end', static_text: 'Bye.' },
  ]);

  it('a turn entering a node marked resolves says so, even passing through it', async () => {
    const outcome = await runTurn(agent, at('ask'), 'thanks!', deps());
    expect(path(outcome)).toEqual(['ask>solved', 'solved>bye']);
    expect(outcome.resolves).toBe(true);
    expect(outcome.status).toBe('completed');
  });

  it('a turn that does not enter one says nothing of it', async () => {
    expect((await runTurn(agent, at('ask'), 'hello', deps())).resolves).toBeUndefined();
    expect((await startSession(agent, deps())).resolves).toBeUndefined();
  });

  it('the start turn resolves when the initial node does', async () => {
    const greeting = buildAgent([{ id: 'hi', name: 'Hi', resolves: true, static_text: 'Here is the answer.' }]);
    expect((await startSession(greeting, deps())).resolves).toBe(true);
  });
});
