import type { Citation } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import type { TurnMessage } from '../store/turn-commit.js';
import { citationsOf, gapOf, withCitations } from './knowledge-messages.js';

const cite = (n: number): Citation => ({ n, document_id: `doc_${n}0000000`, title: `Document ${n}`, chunk_id: `chk_${n}` });
const user: TurnMessage = { id: 'u', role: 'user', content: 'What about [1]?', nodeId: 'ask' };
const said = (id: string, content: string): TurnMessage => ({ id, role: 'assistant', content, nodeId: id });
/** Which message got which citations. */
const cited = (messages: TurnMessage[]) => messages.flatMap((m) => (m.citations === undefined ? [] : [[m.id, m.citations.map((c) => c.n)]]));

describe('a turn’s answer from knowledge among what it said', () => {
  it('is the last reply that carries a cited marker: a closing line after it, or the visitor quoting one, takes none', () => {
    const messages = [user, said('intro', 'Let me look.'), said('answer', 'Free within 30 days [2].'), said('more', 'Anything else?')];
    expect(cited(withCitations(messages, { citations: [cite(2)] }))).toEqual([['answer', [2]]]);
  });

  it('is the turn’s last reply when nothing was cited, and nothing without knowledge or without a reply', () => {
    const messages = [user, said('answer', 'I do not know.'), said('more', 'Ask me another.')];
    expect(cited(withCitations(messages, { citations: [] }))).toEqual([['more', []]]);
    // A marker the reply did not cite is no sign of the answer either.
    expect(cited(withCitations([user, said('a', 'See [3].'), said('b', 'Done.')], { citations: [cite(1)] }))).toEqual([['b', [1]]]);
    expect(withCitations(messages, undefined)).toBe(messages);
    expect(cited(withCitations([user], { citations: [] }))).toEqual([]);
  });

  it('reports the citations only when knowledge answered, and the gap as a question with its bases', () => {
    expect(citationsOf({})).toEqual({});
    expect(citationsOf({ knowledge: { citations: [] } })).toEqual({ citations: [] });
    expect(gapOf({ knowledge: { citations: [] } })).toBeUndefined();
    expect(gapOf({ knowledge: { citations: [], gap: { question: 'Mars?', bases: ['kb_1'] } } })).toEqual({ question: 'Mars?', bases: ['kb_1'] });
  });
});
