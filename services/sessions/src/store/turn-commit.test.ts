import { randomUUID } from 'node:crypto';
import type { DB } from '@parley/db';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type TurnWrite, turnCommitStatement } from './turn-commit.js';

/** Compiles PostgreSQL's SQL with no database behind it. */
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** A turn of the counter agent (no LLM), as the turn path hands it to the store. */
function turn(n: number, extra: Partial<TurnWrite> = {}): TurnWrite {
  const userMessageId = randomUUID();
  return {
    conversationId: randomUUID(),
    expectedStateVersion: n,
    keptUpdatedAt: null,
    turnNumber: n,
    nodeId: 'listen',
    nodeName: 'Listen',
    visitTurns: n,
    collectedData: { last: String(n) },
    status: 'active',
    messages: [
      { id: userMessageId, role: 'user', content: `number ${n}`, nodeId: 'listen' },
      { id: randomUUID(), role: 'assistant', content: 'Go on.', nodeId: 'listen' },
    ],
    transitions: [{ from_node: 'listen', from_node_name: 'Listen', to_node: 'listen', to_node_name: 'Listen', condition: 'user_responded' }],
    extracted: { last: String(n) },
    idempotencyKey: null,
    userMessageId,
    response: { turn_number: n },
    escalation: null,
    unanswered: false,
    tokens: [],
    events: [],
    trace: { nodePath: ['listen', 'listen'], llmCalls: [], retrieval: null, costUsd: null },
    ...extra,
  };
}

const compiled = (turns: TurnWrite[]) => {
  const { name, query } = turnCommitStatement(turns);
  const { sql, parameters } = query.compile(db);
  return { name, sql, parameters };
};

/** The statement's skeleton: each CTE and what it writes, in order, and the tables the answer reads. */
function skeleton(sql: string): string[] {
  const text = sql.replace(/--.*$/gm, '');
  const ctes = [...text.matchAll(/(\w+) AS \(\s*(UPDATE|INSERT INTO|SELECT \* FROM unnest)\s*(\w+)?/g)].map((m) => `${m[1]}: ${m[2]} ${m[3] ?? ''}`.trim());
  const answer = text.slice(text.lastIndexOf('SELECT true AS committed'));
  return [...ctes, answer.replace(/\$\d+(::\w+)?/g, '?').replace(/\s+/g, ' ')];
}

describe('the turn commit statement', () => {
  it('is one statement for a group of one and of many: the same chain of writes, only where the turns’ values come from differs', () => {
    const one = compiled([turn(1)]);
    const many = compiled([turn(1), turn(2), turn(3)]);
    const writes = ['upd: UPDATE text_conversations', 'esc: INSERT INTO escalations', 'msgs: INSERT INTO text_conversation_messages'];
    expect(skeleton(one.sql).slice(0, 3)).toEqual(writes);
    // Many: a table of the turns first, joined by turn wherever a turn's value is read.
    expect(skeleton(many.sql)).toEqual(['t: SELECT * FROM unnest', ...skeleton(one.sql).slice(0, -1), expect.any(String)]);
    expect(skeleton(one.sql).slice(3, -1)).toEqual([
      'trs: INSERT INTO text_conversation_transitions',
      'vars: INSERT INTO text_conversation_variables',
      'stored: INSERT INTO text_conversation_turns',
      'kept: INSERT INTO event_outbox',
      'traced: INSERT INTO turn_traces',
    ]);
    // The answer: one row per turn, committed or as found, in both shapes.
    expect(skeleton(one.sql).at(-1)).toMatch(
      /^SELECT true AS committed, upd\.\* FROM upd UNION ALL SELECT false, 1, c\.id, .* FROM text_conversations c WHERE c\.id = \? AND NOT EXISTS \(SELECT 1 FROM upd\)$/,
    );
    expect(skeleton(many.sql).at(-1)).toMatch(
      /SELECT false, t\.turn, c\.id, .* FROM t, text_conversations c WHERE c\.id = t\.id::uuid AND t\.turn NOT IN \(SELECT turn FROM upd\)$/,
    );
    // One turn's values are the statement's parameters: no table of turns to unnest and join, and
    // its messages and transitions go with upd's one row.
    expect(one.sql).not.toMatch(/\bt AS \(|JOIN t ON|FROM t\b|JOIN upd/);
    expect(one.sql).toContain('FROM upd, unnest(');
    expect(many.sql).toContain('JOIN upd ON upd.turn = x.turn JOIN t ON t.turn = x.turn');
  });

  it('has one text per prepared statement, whatever the values and the group’s size: four names without tool calls', () => {
    const keyed = turn(7, { idempotencyKey: 'key-7', escalation: { id: 'esc_1', reason: 'asked' }, keptUpdatedAt: new Date(), status: 'completed' });
    expect(compiled([turn(1)]).sql).toBe(compiled([keyed]).sql);
    expect(compiled([turn(1), turn(2)]).sql).toBe(compiled([turn(1), keyed, turn(3), turn(4), turn(5)]).sql);
    const tokens = [{ tenant_id: randomUUID(), day: '2026-11-26', link_id: '', visitor: '', tokens: 40 }];
    const names = [compiled([turn(1)]), compiled([turn(1, { tokens })]), compiled([turn(1), turn(2)]), compiled([turn(1), turn(2, { tokens })])].map(
      (c) => c.name,
    );
    expect(names).toEqual(['conversation_commit_turn', 'conversation_commit_turn_tokens', 'conversation_commit_turns', 'conversation_commit_turns_tokens']);
    // With tokens, the same statement and one more write: the committed turns' tokens.
    const numbered = (text: string) => text.replace(/\$\d+/g, '$');
    for (const group of [[turn(1)], [turn(1), turn(2)]]) {
      const withTokens = compiled(group.map((t) => ({ ...t, tokens }))).sql;
      expect(withTokens).toContain('WHERE u.turn IN (SELECT turn FROM upd)');
      expect(numbered(withTokens.replace(/, usage AS \([\s\S]*?excluded\.tokens\s*\)/, ''))).toBe(numbered(compiled(group).sql));
    }
  });

  it('stores a turn’s tool calls in the unnest of its messages: only a statement with one names the column, under a name of its own', () => {
    const call = { tool: 'order_status', arguments: { order_id: 'BK-20417' }, status: 'ok' as const, duration_ms: 42, result: { status: 'shipped' } };
    const called = turn(2);
    called.messages.splice(1, 0, { id: randomUUID(), role: 'tool', content: 'order_status → ok', nodeId: 'listen', toolCall: call });
    const plain = compiled([turn(1)]);
    expect(plain.sql).not.toContain('tool_call');
    const withCall = compiled([called]);
    expect(withCall.name).toBe('conversation_commit_turn_tools');
    expect(withCall.sql).toContain('node_id, turn_number, tool_call)');
    // The same statement with one more column, read from one more array of the same unnest.
    const numbered = (text: string) => text.replace(/\$\d+/g, '$');
    const withoutColumn = withCall.sql
      .replace(', tool_call)', ')')
      .replace(', x.tool_call', '')
      .replace(/, \$\d+::jsonb\[\]\) WITH ORDINALITY AS x\(id, role, content, node_id, tool_call,/, ') WITH ORDINALITY AS x(id, role, content, node_id,');
    expect(numbered(withoutColumn)).toBe(numbered(plain.sql));
    expect(withCall.parameters).toContainEqual([null, JSON.stringify(call), null]);
    // A group with one such turn: every turn's messages in the one unnest, null where no call is.
    const group = compiled([turn(1), called, turn(3)]);
    expect(group.name).toBe('conversation_commit_turns_tools');
    expect(group.parameters).toContainEqual([null, null, null, JSON.stringify(call), null, null, null]);
    const tokens = [{ tenant_id: randomUUID(), day: '2026-11-26', link_id: '', visitor: '', tokens: 40 }];
    expect(compiled([{ ...called, tokens }]).name).toBe('conversation_commit_turn_tokens_tools');
  });

  it('stores an answer’s citations and a question’s gap only in a statement of its own: a turn without knowledge is today’s statement', () => {
    const cited = [{ n: 1, document_id: 'doc_returns01', title: 'Returns policy', url: 'https://shop.example/returns', chunk_id: 'chk_1' }];
    const answered = (n: number, citations: typeof cited, gap?: TurnWrite['gap']) => {
      const t = turn(n, gap ? { gap } : {});
      const reply = t.messages[1];
      if (reply?.role === 'assistant') reply.citations = citations;
      return t;
    };
    const plain = compiled([turn(1)]);
    expect(plain.sql).not.toMatch(/citations|knowledge_gaps/);
    expect(compiled([turn(1, { gap: undefined })]).sql).toBe(plain.sql);

    const withSources = compiled([answered(2, cited)]);
    expect(withSources.name).toBe('conversation_commit_turn_knowledge');
    expect(withSources.sql).toContain('node_id, turn_number, citations)');
    expect(withSources.parameters).toContainEqual([null, JSON.stringify(cited)]);
    // The same statement with one more column and the gaps' write, which a turn without a gap leaves empty.
    const numbered = (text: string) => text.replace(/\$\d+/g, '$');
    const withoutKnowledge = withSources.sql
      .replace(', citations)', ')')
      .replace(', x.citations', '')
      .replace(/, \$\d+::jsonb\[\]\) WITH ORDINALITY AS x\(id, role, content, node_id, citations,/, ') WITH ORDINALITY AS x(id, role, content, node_id,')
      .replace(/, gaps AS \([\s\S]*?AS x\(question, bases, place\)\s*\)/, '');
    expect(numbered(withoutKnowledge)).toBe(numbered(plain.sql));
    expect(skeleton(withSources.sql)).toContain('gaps: INSERT INTO knowledge_gaps');

    // No passage found: `[]` kept on the answer, the question as a gap with the bases searched.
    const gap = { question: 'Do you ship to Mars?', bases: ['kb_faq0000001', 'Shipping'] };
    const unmatched = compiled([answered(3, [], gap)]);
    expect(unmatched.name).toBe(withSources.name);
    expect(unmatched.sql).toBe(withSources.sql);
    expect(unmatched.parameters).toContainEqual([null, '[]']);
    expect(unmatched.parameters).toContainEqual([gap.question]);
    expect(unmatched.parameters).toContainEqual([JSON.stringify(gap.bases)]);
    expect(compiled([answered(3, cited)]).parameters).toContainEqual([]);

    // A group: each turn's gap with its turn, and every name combines with tokens and tool calls.
    const group = compiled([turn(1), answered(2, [], gap), turn(3)]);
    expect(group.name).toBe('conversation_commit_turns_knowledge');
    expect(group.parameters).toContainEqual([2]);
    expect(group.parameters).toContainEqual([null, null, null, '[]', null, null]);
    const tokens = [{ tenant_id: randomUUID(), day: '2026-11-26', link_id: '', visitor: '', tokens: 40 }];
    const call = { tool: 'order_status', arguments: {}, status: 'ok' as const, duration_ms: 4 };
    const both = answered(4, cited);
    both.messages.splice(1, 0, { id: randomUUID(), role: 'tool', content: 'order_status → ok', nodeId: 'listen', toolCall: call });
    const all = compiled([{ ...both, tokens }]);
    expect(all.name).toBe('conversation_commit_turn_tokens_tools_knowledge');
    expect(all.sql).toContain('node_id, turn_number, tool_call, citations)');
    expect(all.parameters).toContainEqual([null, JSON.stringify(call), null]);
    expect(all.parameters).toContainEqual([null, null, JSON.stringify(cited)]);
  });

  it('stores the code of the platform’s own words only in a statement of its own: a turn without one is today’s statement', () => {
    const refused = (n: number) => {
      const t = turn(n);
      const reply = t.messages[1];
      if (reply?.role === 'assistant') reply.notice = 'budget_exhausted';
      return t;
    };
    const plain = compiled([turn(1)]);
    expect(plain.sql).not.toContain('notice');
    const noticed = compiled([refused(2)]);
    expect(noticed.name).toBe('conversation_commit_turn_notices');
    expect(noticed.sql).toContain('node_id, turn_number, notice)');
    expect(noticed.parameters).toContainEqual([null, 'budget_exhausted']);
    // The same statement with one more column, read from one more array (of text) of the same unnest.
    const numbered = (text: string) => text.replace(/\$\d+/g, '$');
    const withoutColumn = noticed.sql
      .replace(', notice)', ')')
      .replace(', x.notice', '')
      .replace(/, \$\d+::text\[\]\) WITH ORDINALITY AS x\(id, role, content, node_id, notice,/, ') WITH ORDINALITY AS x(id, role, content, node_id,');
    expect(numbered(withoutColumn)).toBe(numbered(plain.sql));
    // A group with one such turn, and the name combined with the others.
    const group = compiled([turn(1), refused(2)]);
    expect(group.name).toBe('conversation_commit_turns_notices');
    expect(group.parameters).toContainEqual([null, null, null, 'budget_exhausted']);
    const call = { tool: 'order_status', arguments: {}, status: 'ok' as const, duration_ms: 4 };
    const both = refused(3);
    both.messages.splice(1, 0, { id: randomUUID(), role: 'tool', content: 'order_status → ok', nodeId: 'listen', toolCall: call });
    const tokens = [{ tenant_id: randomUUID(), day: '2026-11-26', link_id: '', visitor: '', tokens: 40 }];
    const all = compiled([{ ...both, tokens }]);
    expect(all.name).toBe('conversation_commit_turn_tokens_tools_notices');
    expect(all.sql).toContain('node_id, turn_number, tool_call, notice)');
  });

  it('binds a turn alone by its own values, and a group column by column in the order given', () => {
    const alone = turn(4, { idempotencyKey: 'key-4' });
    const one = compiled([alone]);
    for (const value of [alone.conversationId, alone.expectedStateVersion, 'key-4', alone.userMessageId, JSON.stringify(alone.response)]) {
      expect(one.parameters).toContain(value);
    }
    const group = [turn(1), turn(2), turn(3)];
    const many = compiled(group);
    expect(many.parameters).toContainEqual(group.map((t) => t.conversationId));
    expect(many.parameters).toContainEqual(group.map((t) => t.expectedStateVersion));
    // Messages as rows: a group's each with its turn and place in it (both from 1); one turn's numbered by the statement.
    expect(many.parameters).toContainEqual([1, 1, 2, 2, 3, 3]);
    expect(many.parameters).toContainEqual([1, 2, 1, 2, 1, 2]);
    expect(many.parameters).toContainEqual(group.flatMap((t) => t.messages.map((m) => m.id)));
    expect(one.parameters).toContainEqual(alone.messages.map((m) => m.id));
    expect(one.parameters).not.toContainEqual([1, 1]);
  });
});
