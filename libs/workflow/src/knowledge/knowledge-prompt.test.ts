import { describe, expect, it } from 'vitest';
import { runTurn } from '../engine.js';
import { buildAgent } from '../fixtures/build-agent.js';
import type { WorkflowLlm } from '../llm.js';
import type { KnowledgeSource, Passage } from './knowledge-prompt.js';

const passages: Passage[] = [
  {
    document_id: 'doc_ferries0001',
    title: 'Timetable',
    url: 'https://ferry.example/timetable',
    chunk_id: 'c1',
    heading: 'Winter',
    text: 'In winter the first ferry leaves at 7:10.',
    score: 0.9,
  },
  { document_id: 'doc_bikes000001', title: 'Bikes', chunk_id: 'c2', text: 'Bikes ride free.', score: 0.5 },
];

/** A model that answers with what it is told to, and keeps the system prompts it saw. */
function model(answer: string): WorkflowLlm & { systems: string[] } {
  const systems: string[] = [];
  return {
    available: true,
    systems,
    reply: async ({ system }) => {
      systems.push(system);
      return { value: answer, latencyMs: 1 };
    },
    extract: async () => ({ value: {}, latencyMs: 0 }),
    classify: async () => ({ value: null, latencyMs: 0 }),
  };
}

const source = (found: Passage[]): KnowledgeSource & { asked: unknown[] } => {
  const asked: unknown[] = [];
  return {
    asked,
    retrieve: async (request) => {
      asked.push(request);
      return found;
    },
  };
};

describe("a prompt node's knowledge", () => {
  const agent = buildAgent([{ id: 'qa', name: 'Q&A', prompt: 'You answer about ferries.', knowledge: { bases: ['ferries'], top_k: 2 } }]);
  const at = { nodeId: 'qa', collectedData: {}, visitTurns: 0 };

  it('puts the passages, numbered with their sources, into the prompt; the reply cites those whose markers it carries', async () => {
    const llm = model('The first ferry leaves at 7:10 [1]. Bikes are free [2][1].');
    const knowledge = source(passages);
    const outcome = await runTurn(agent, at, 'When is the first boat in winter?', { llm, history: async () => [], knowledge });
    expect(knowledge.asked).toEqual([{ bases: ['ferries'], query: 'When is the first boat in winter?', limit: 2 }]);
    expect(llm.systems[0]).toContain('[1] (Timetable – Winter)\nIn winter the first ferry leaves at 7:10.');
    expect(llm.systems[0]).toContain('[2] (Bikes)\nBikes ride free.');
    expect(outcome.response).toBe('The first ferry leaves at 7:10 [1]. Bikes are free [2][1].');
    expect(outcome.knowledge).toEqual({
      citations: [
        { n: 1, document_id: 'doc_ferries0001', title: 'Timetable', url: 'https://ferry.example/timetable', chunk_id: 'c1' },
        { n: 2, document_id: 'doc_bikes000001', title: 'Bikes', chunk_id: 'c2' },
      ],
    });
  });

  it('a marker with no passage behind it cites nothing', async () => {
    const outcome = await runTurn(agent, at, 'When?', { llm: model('At 7:10 [7].'), history: async () => [], knowledge: source(passages) });
    expect(outcome.knowledge?.citations).toEqual([]);
  });

  it('no passage: the model is told to say it does not know, nothing is cited, and the question is a gap', async () => {
    const llm = model('I do not know that.');
    const outcome = await runTurn(agent, at, 'Can I bring a horse?', { llm, history: async () => [], knowledge: source([]) });
    expect(llm.systems[0]).toContain('No passage of the knowledge base matches this question');
    expect(outcome.knowledge).toEqual({ citations: [], gap: { question: 'Can I bring a horse?', bases: ['ferries'] } });
  });

  it('a search that fails is no match for the turn, not a failed turn', async () => {
    const failing: KnowledgeSource = { retrieve: async () => Promise.reject(new Error('memory is down')) };
    const warned: string[] = [];
    const outcome = await runTurn(agent, at, 'When?', { llm: model('Not sure.'), history: async () => [], knowledge: failing, warn: (m) => warned.push(m) });
    expect(outcome.response).toBe('Not sure.');
    expect(outcome.knowledge?.gap).toBeDefined();
    expect(warned[0]).toContain('memory is down');
  });

  it('knowledge only on a prompt node', () => {
    expect(() => buildAgent([{ id: 'a', name: 'A', static_text: 'Hi', knowledge: { bases: ['x'] } }])).toThrow(/knowledge is for a prompt node/);
  });
});
