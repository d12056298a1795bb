import { byPurpose, replyWith, requestPurpose } from '@parley/testing';
import { type ChatTurn, type EngineDeps, exampleAgentConfig, runTurn, type SessionState, startSession, type TurnOutcome } from '@parley/workflow';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deepFreeze } from '../../workflow/src/fixtures/build-agent.js';
import { llmFor, useFakeLlm } from './llm-harness.js';

const server = useFakeLlm();

const transition = (from: string, fromName: string, to: string, toName: string, condition: string) => ({
  from_node: from,
  from_node_name: fromName,
  to_node: to,
  to_node_name: toName,
  condition,
});

/** The MRI example agent, one turn after another, as a caller would drive it. */
describe('the example agent', () => {
  const config = deepFreeze(structuredClone(exampleAgentConfig));
  const conversation: ChatTurn[] = [];
  const deltas: Array<[string, string]> = [];
  let deps: EngineDeps;
  let state: SessionState;
  const asked = (purpose: 'reply' | 'classification') => server.fake.requests.filter((request) => requestPurpose(request) === purpose);

  beforeAll(() => {
    deps = {
      llm: llmFor(server.fake),
      history: async () => [...conversation],
      onDelta: (nodeId, text) => deltas.push([nodeId, text]),
    };
  });
  // The model replies after 30 ms and finds no intent after 20 ms.
  beforeEach(() =>
    server.fake.setHandler(
      byPurpose({
        reply: replyWith({ content: 'Most people can have an MRI.', delayMs: 30 }),
        classification: replyWith({ content: '{"intent": "none"}', delayMs: 20 }),
      }),
    ),
  );

  /** Keeps the conversation the way the caller would, so the next turn's history is right. */
  function remember(message: string | null, outcome: TurnOutcome): void {
    if (message !== null) conversation.push({ role: 'user', content: message });
    for (const said of outcome.said) conversation.push({ role: 'assistant', content: said.text });
    state = outcome.state;
  }

  it('starts with the disclaimer and the greeting, waiting for an answer', async () => {
    const outcome = await startSession(config, deps);
    expect(outcome).toEqual({
      state: { nodeId: 'greeting', collectedData: {}, visitTurns: 0 },
      said: [
        { nodeId: 'fast_disclaimer', text: 'This chat may be recorded.' },
        { nodeId: 'greeting', text: "Hi, I'm Ivan. What is your first name and zip code?" },
      ],
      response: "This chat may be recorded. Hi, I'm Ivan. What is your first name and zip code?",
      transitions: [transition('fast_disclaimer', 'Fast Disclaimer', 'greeting', 'Welcome Greeting', 'always')],
      extractedVariables: null,
      status: 'active',
      llmLatencyMs: 0,
    });
    remember(null, outcome);
  });

  it('extracts name and zip code, thanks Jack and answers in Q&A', async () => {
    const message = 'My name is Jack and my zip code is 30301';
    const outcome = await runTurn(config, state, message, deps);

    expect(outcome.transitions).toEqual([
      transition('greeting', 'Welcome Greeting', 'extract_info', 'Extract User Info', 'user_responded'),
      transition('extract_info', 'Extract User Info', 'personal_greeting', 'Personalized Greeting', 'variables_extracted:first_name,zip_code'),
      transition('personal_greeting', 'Personalized Greeting', 'qa', 'Q&A', 'always'),
    ]);
    expect(outcome.extractedVariables).toEqual({ first_name: 'Jack', zip_code: '30301' });
    expect(outcome.response).toBe('Thank you, Jack! Most people can have an MRI.');
    expect(outcome.said).toEqual([
      { nodeId: 'personal_greeting', text: 'Thank you, Jack!' },
      { nodeId: 'qa', text: 'Most people can have an MRI.' },
    ]);
    expect(outcome.state).toEqual({ nodeId: 'qa', collectedData: { first_name: 'Jack', zip_code: '30301' }, visitTurns: 0 });
    expect(outcome.status).toBe('active');

    expect(asked('reply')).toHaveLength(1);
    expect(asked('reply')[0]?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3, max_tokens: 400 });
    expect(asked('reply')[0]?.body.messages).toEqual([
      { role: 'system', content: 'You answer questions about MRI eligibility for Jack (30301).' },
      { role: 'assistant', content: 'This chat may be recorded.' },
      { role: 'assistant', content: "Hi, I'm Ivan. What is your first name and zip code?" },
      { role: 'user', content: message },
      { role: 'assistant', content: 'Thank you, Jack!' },
    ]);
    expect(deltas.map(([, text]) => text).join('')).toBe('Most people can have an MRI.');
    expect(new Set(deltas.map(([nodeId]) => nodeId))).toEqual(new Set(['qa']));
    // Entering qa checks its intents against the message in hand; no keyword matches, so the LLM is asked once.
    expect(asked('classification').map((request) => request.body.messages?.at(-1)?.content)).toEqual([message]);
    expect(outcome.llmLatencyMs).toBeGreaterThanOrEqual(30 + 20);
    remember(message, outcome);
  });

  it('moves to scheduling on the schedule keyword, without asking the LLM', async () => {
    const outcome = await runTurn(config, state, 'I want to book an appointment', deps);
    expect(outcome.transitions).toEqual([transition('qa', 'Q&A', 'scheduling', 'Schedule Appointment', 'intent:schedule')]);
    expect(outcome.response).toBe('What day works best for you?');
    expect(outcome.state).toEqual({ nodeId: 'scheduling', collectedData: { first_name: 'Jack', zip_code: '30301' }, visitTurns: 0 });
    expect(outcome.extractedVariables).toBeNull();
    expect(outcome.llmLatencyMs).toBe(0);
    expect(server.fake.requests).toEqual([]);
    remember('I want to book an appointment', outcome);
  });

  it('says goodbye and completes the session on "Monday works"', async () => {
    const outcome = await runTurn(config, state, 'Monday works', deps);
    expect(outcome.transitions).toEqual([transition('scheduling', 'Schedule Appointment', 'end_call', 'Terminate Call', 'contains:monday')]);
    expect(outcome.response).toBe('Goodbye, Jack!');
    expect(outcome.status).toBe('completed');
    expect(outcome.state.nodeId).toBe('end_call');
  });

  it('greets again when only the name was given, then continues once the zip code arrives', async () => {
    server.fake.setHandler(byPurpose({ reply: replyWith('Ask away.') }));
    const fresh: EngineDeps = { llm: llmFor(server.fake), history: async () => [] };
    const start = await startSession(config, fresh);

    const nameOnly = await runTurn(config, start.state, 'My name is Jack', fresh);
    expect(nameOnly.transitions.map((t) => `${t.from_node}>${t.to_node} (${t.condition})`)).toEqual([
      'greeting>extract_info (user_responded)',
      'extract_info>greeting (always)',
    ]);
    // extract_info is silent; back at greeting the question is asked again, and it waits (no user_responded on entry).
    expect(nameOnly.said).toEqual([{ nodeId: 'greeting', text: "Hi, I'm Ivan. What is your first name and zip code?" }]);
    expect(nameOnly.extractedVariables).toEqual({ first_name: 'Jack' });
    expect(nameOnly.state).toEqual({ nodeId: 'greeting', collectedData: { first_name: 'Jack' }, visitTurns: 0 });

    const zip = await runTurn(config, nameOnly.state, 'It is 30301', fresh);
    expect(zip.transitions.map((t) => t.to_node)).toEqual(['extract_info', 'personal_greeting', 'qa']);
    expect(zip.extractedVariables).toEqual({ zip_code: '30301' });
    expect(zip.state.collectedData).toEqual({ first_name: 'Jack', zip_code: '30301' });
    expect(zip.response).toBe('Thank you, Jack! Ask away.');
  });
});
