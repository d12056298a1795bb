import { randomUUID } from 'node:crypto';
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationStore, type TurnWrite } from '../src/store/conversation.store.js';
import { keptEvent } from '../src/store/event-outbox.js';
import { counterAgent } from './fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

describe('turns committed many to a statement', () => {
  let h: SessionsHarness;

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 2 });
  });
  afterAll(async () => h?.stop());

  /** New conversations of the counter agent, as sessions.create stores them. */
  const conversations = async (count: number) => {
    const agent = await h.seedAgent(counterAgent);
    return Promise.all(
      Array.from({ length: count }, async () => {
        const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
        const row = await h.ctx.db
          .selectFrom('text_conversations')
          .select(['state_version'])
          .where('id', '=', created.conversation_id)
          .executeTakeFirstOrThrow();
        return { id: created.conversation_id, sessionId: created.session_id, stateVersion: row.state_version, tenantId: agent.tenantId };
      }),
    );
  };

  /** The turn the counter agent makes of `number n`, as the turn path hands it to the store. */
  const turnOf = (
    conversation: { id: string; stateVersion: number },
    n: number,
    idempotencyKey: string | null = null,
    tokens: TurnWrite['tokens'] = [],
  ): TurnWrite => {
    const userMessageId = randomUUID();
    return {
      conversationId: conversation.id,
      expectedStateVersion: conversation.stateVersion,
      keptUpdatedAt: null,
      turnNumber: 1,
      nodeId: 'listen',
      nodeName: 'Listen',
      visitTurns: 1,
      collectedData: { last: String(n) },
      status: 'active',
      messages: [
        { id: userMessageId, role: 'user', content: `number ${n}`, nodeId: 'listen' },
        { id: randomUUID(), role: 'assistant', content: 'Go on.', nodeId: 'listen' },
      ],
      transitions: [{ from_node: 'listen', from_node_name: 'Listen', to_node: 'listen', to_node_name: 'Listen', condition: 'user_responded' }],
      extracted: { last: String(n) },
      idempotencyKey,
      userMessageId,
      response: { turn_number: 1, response: 'Go on.' },
      escalation: null,
      unanswered: false,
      tokens,
      events: [
        keptEvent(
          'events.security.refused',
          { id: randomUUID(), kind: 'content_flagged', tenantId: null, linkId: null, at: new Date().toISOString() },
          conversation.id,
        ),
      ],
      trace: { nodePath: ['listen', 'listen'], llmCalls: [], retrieval: null, costUsd: null },
    };
  };

  const day = '2026-11-26';
  /** A turn's token rows as TokenBudgets makes them: the tenant's, and a link's and its visitor's. */
  const tokensOf = (tenantId: string, tokens: number, link?: { linkId: string; visitor: string }): TurnWrite['tokens'] => [
    { tenant_id: tenantId, day, link_id: '', visitor: '', tokens },
    ...(link
      ? [
          { tenant_id: tenantId, day, link_id: link.linkId, visitor: '', tokens },
          { tenant_id: tenantId, day, link_id: link.linkId, visitor: link.visitor, tokens },
        ]
      : []),
  ];
  const usageOf = async (tenantId: string) =>
    Object.fromEntries(
      (await h.ctx.db.selectFrom('token_usage_daily').select(['link_id', 'visitor', 'tokens']).where('tenant_id', '=', tenantId).execute()).map((r) => [
        `${r.link_id}/${r.visitor}`,
        Number(r.tokens),
      ]),
    );

  /**
   * Every connection of the test's database but this one cut, `times` times, each while a statement
   * holding `statement` is under way: a lock held on text_conversations keeps it waiting until the
   * cut, so the fault lands mid-statement however the burst is grouped.
   */
  const cutMidStatement = async (statement: string, times: number) => {
    const locker = new pg.Client({ connectionString: h.ctx.databaseUrl });
    await locker.connect();
    try {
      const { rows } = await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const lockerPid = rows[0]!.pid;
      for (let cut = 0; cut < times; cut++) {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE text_conversations IN SHARE MODE');
        await waitFor(
          async () => {
            const { rows: waiting } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> ${lockerPid}
                AND position(${statement} IN query) > 0`
              .execute(h.ctx.db)
              .catch(() => ({ rows: [] }));
            return (waiting[0]?.n ?? 0) > 0;
          },
          { timeoutMs: 10_000 },
        );
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> ${lockerPid}`
          .execute(h.ctx.db)
          .catch(() => undefined);
        await locker.query('ROLLBACK');
      }
    } finally {
      await locker.end();
    }
  };

  const stored = (conversationId: string) =>
    h.ctx.db
      .selectFrom('text_conversation_messages')
      .select(['role', 'content', 'sequence', 'status'])
      .where('conversation_id', '=', conversationId)
      .orderBy('sequence')
      .execute();

  it('sends the first turn alone and the turns that come meanwhile together, each with its own guard and answer', async () => {
    const [first, a, moved, b] = await conversations(4);
    const groups: number[] = [];
    const replica = h.replicas[0]!;
    const store = new ConversationStore(replica.database.db, replica.database.pool, { onGroup: (turns) => groups.push(turns) });
    // Another request moved this one on: its turn was computed from an older state.
    await sql`UPDATE text_conversations SET state_version = state_version + 1 WHERE id = ${moved!.id}`.execute(h.ctx.db);
    // The first turn spent no tokens; the others 20, 30 and 40 on the same link (two of its visitors).
    const links = [undefined, { linkId: 'lnk_a', visitor: 'v1' }, { linkId: 'lnk_a', visitor: 'v1' }, { linkId: 'lnk_a', visitor: 'v2' }];
    const turns = [first!, a!, moved!, b!].map((c, i) => turnOf(c, i + 1, null, i === 0 ? [] : tokensOf(c.tenantId, (i + 1) * 10, links[i])));
    const lone = store.commitTurn(turns[0]!);
    await nextLoopTurn();
    const commits = await Promise.all([lone, ...turns.slice(1).map((turn) => store.commitTurn(turn))]);
    expect(groups).toEqual([1, 3]);
    // Counted by the same statements, summed per row, and only for the turns that committed (not the 30 of the refused one).
    expect(await usageOf(first!.tenantId)).toEqual({ '/': 60, 'lnk_a/': 60, 'lnk_a/v1': 20, 'lnk_a/v2': 40 });
    expect(commits.map((c) => c.committed)).toEqual([true, true, false, true]);
    // The committed come back as the commit left them; the refused one as it stands, to compute again from.
    expect(commits[1]).toMatchObject({
      committed: true,
      row: { id: a!.id, state_version: a!.stateVersion + 1, total_turns: 1, collected_data: { last: '2' } },
    });
    expect(commits[2]).toEqual({
      committed: false,
      current: expect.objectContaining({ id: moved!.id, state_version: moved!.stateVersion + 1, total_turns: 0 }),
    });
    for (const [i, c] of [first!, a!, b!].entries()) {
      const n = [1, 2, 4][i];
      expect((await stored(c.id)).slice(-2)).toEqual([
        { role: 'user', content: `number ${n}`, sequence: 1, status: 'ok' },
        { role: 'assistant', content: 'Go on.', sequence: 2, status: 'ok' },
      ]);
    }
    expect(await stored(moved!.id)).toHaveLength(1);
    // Each committed turn's events were written by its statement; the refused turn's were not.
    const kept = await h.ctx.db
      .selectFrom('event_outbox')
      .select('conversation_id')
      .where('name', '=', 'events.security.refused')
      .where('conversation_id', 'in', [first!.id, a!.id, moved!.id, b!.id])
      .execute();
    expect(kept.map((row) => row.conversation_id).sort()).toEqual([first!.id, a!.id, b!.id].sort());
    const variables = await h.ctx.db
      .selectFrom('text_conversation_variables')
      .select(['conversation_id', 'value'])
      .where('conversation_id', 'in', [a!.id, b!.id])
      .execute();
    expect(Object.fromEntries(variables.map((v) => [v.conversation_id, v.value]))).toEqual({ [a!.id]: '2', [b!.id]: '4' });
  });

  it('sends the turns that finish in one turn of the event loop in one statement, with none under way', async () => {
    const burst = await conversations(3);
    const groups: number[] = [];
    const replica = h.replicas[0]!;
    const store = new ConversationStore(replica.database.db, replica.database.pool, { onGroup: (turns) => groups.push(turns) });
    // As when one read from NATS brings three turns: no lone statement and then a group behind it.
    const commits = await Promise.all(burst.map((c, i) => store.commitTurn(turnOf(c!, i + 1))));
    expect(groups).toEqual([3]);
    expect(commits.map((c) => c.committed)).toEqual([true, true, true]);
    for (const [i, c] of burst.entries()) expect((await stored(c!.id)).at(-2)).toMatchObject({ role: 'user', content: `number ${i + 1}` });
  });

  it('keeps each committed turn’s citations on its answer and its gap with its conversation, and none of a refused turn’s', async () => {
    const [first, cited, moved, unmatched] = await conversations(4);
    const groups: number[] = [];
    const store = new ConversationStore(h.replicas[0]!.database.db, h.replicas[0]!.database.pool, { onGroup: (turns) => groups.push(turns) });
    await sql`UPDATE text_conversations SET state_version = state_version + 1 WHERE id = ${moved!.id}`.execute(h.ctx.db);
    const citation = { n: 1, document_id: 'doc_returns0001', title: 'Returns policy', chunk_id: 'chk_returns01' };
    /** The counter's turn as an answer from knowledge: its reply with these citations, and the question's gap when given. */
    const answered = (c: { id: string; stateVersion: number }, n: number, citations: (typeof citation)[], gap?: TurnWrite['gap']): TurnWrite => {
      const turn = turnOf(c, n);
      return { ...turn, messages: turn.messages.map((m) => (m.role === 'assistant' ? { ...m, citations } : m)), ...(gap ? { gap } : {}) };
    };
    const gapOf = (n: number) => ({ question: `number ${n}?`, bases: ['kb_faq00000001', 'Shipping'] });
    const lone = store.commitTurn(turnOf(first!, 1));
    await nextLoopTurn();
    const commits = await Promise.all([
      lone,
      store.commitTurn(answered(cited!, 2, [citation])),
      store.commitTurn(answered(moved!, 3, [], gapOf(3))),
      store.commitTurn(answered(unmatched!, 4, [], gapOf(4))),
    ]);
    expect(groups).toEqual([1, 3]);
    expect(commits.map((c) => c.committed)).toEqual([true, true, false, true]);
    const kept = await h.ctx.db
      .selectFrom('text_conversation_messages')
      .select(['conversation_id', 'role', 'citations'])
      .where('conversation_id', 'in', [first!.id, cited!.id, moved!.id, unmatched!.id])
      .where('turn_number', '=', 1)
      .execute();
    const citationsOf = (id: string) => kept.filter((m) => m.conversation_id === id).map((m) => [m.role, m.citations]);
    expect(citationsOf(first!.id)).toEqual([
      ['user', null],
      ['assistant', null],
    ]);
    expect(citationsOf(cited!.id)).toEqual([
      ['user', null],
      ['assistant', [citation]],
    ]);
    expect(citationsOf(unmatched!.id)).toEqual([
      ['user', null],
      ['assistant', []],
    ]);
    expect(citationsOf(moved!.id)).toEqual([]);
    const gaps = await h.ctx.db
      .selectFrom('knowledge_gaps as g')
      .innerJoin('text_conversations as c', 'c.id', 'g.conversation_id')
      .select(['g.conversation_id', 'g.question', 'g.bases', 'g.tenant_id', 'g.agent_id', 'g.agent_version', 'c.agent_id as conversation_agent'])
      .where('g.conversation_id', 'in', [cited!.id, moved!.id, unmatched!.id])
      .execute();
    expect(gaps).toEqual([
      {
        conversation_id: unmatched!.id,
        question: 'number 4?',
        bases: ['kb_faq00000001', 'Shipping'],
        tenant_id: unmatched!.tenantId,
        agent_id: gaps[0]?.conversation_agent,
        agent_version: 1,
        conversation_agent: gaps[0]?.conversation_agent,
      },
    ]);
  });

  it('creates the conversations started at the same moment together, each with its start, and refuses only the one that cannot be', async () => {
    const agent = await h.seedAgent(counterAgent);
    const store = new ConversationStore(h.replicas[0]!.database.db, h.replicas[0]!.database.pool);
    const start = (id: string, n: number) => ({
      id,
      sessionId: `ses_burst_${id}`,
      tenantId: agent.tenantId,
      agentId: agent.agentId,
      agentVersion: 1,
      isActiveVersion: true,
      status: 'active' as const,
      nodeId: 'listen',
      nodeName: 'Listen',
      collectedData: { n: String(n) },
      metadata: { burst: true },
      messages: [{ id: randomUUID(), role: 'assistant' as const, content: `Hello ${n}`, nodeId: 'listen' }],
      transitions: [{ from_node: 'start', from_node_name: null, to_node: 'listen', to_node_name: 'Listen', condition: 'always' }],
      events: [
        keptEvent('events.security.refused', { id: randomUUID(), kind: 'content_flagged', tenantId: null, linkId: null, at: new Date().toISOString() }, id),
      ],
      trace: { nodePath: ['start', 'listen'], llmCalls: [], retrieval: null, costUsd: null },
    });
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const created = await Promise.all(ids.map((id, i) => store.create(start(id, i + 1))));
    for (const answer of created) expect(answer.tags).toEqual({ stateVersion: 0, messageCount: 1 });
    // A burst where one takes an id already taken: it alone fails (its group is run again one by one).
    const taken = ids[0]!;
    const others = Array.from({ length: 5 }, () => randomUUID());
    const answers = await Promise.allSettled([...others.map((id, i) => store.create(start(id, 100 + i))), store.create(start(taken, 99))]);
    expect(answers.slice(0, -1).map((a) => a.status)).toEqual(others.map(() => 'fulfilled'));
    expect(answers.at(-1)).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
    expect((await sql`SELECT 1 FROM text_conversations WHERE id = ANY(${others}::uuid[])`.execute(h.ctx.db)).rows).toHaveLength(others.length);

    // Fewer transactions than conversations: those that came while one was under way went together.
    const { rows } = await sql<{ xmin: string; n: string; messages: number; transitions: number; events: number; traces: string[] }>`
      SELECT c.xmin::text AS xmin, c.collected_data->>'n' AS n,
        (SELECT count(*)::int FROM text_conversation_messages m WHERE m.conversation_id = c.id AND m.content = 'Hello ' || (c.collected_data->>'n')) AS messages,
        (SELECT count(*)::int FROM text_conversation_transitions t WHERE t.conversation_id = c.id AND t.to_node = 'listen') AS transitions,
        (SELECT count(*)::int FROM event_outbox e WHERE e.conversation_id = c.id) AS events,
        (SELECT node_path FROM turn_traces t WHERE t.conversation_id = c.id AND t.turn_number = 0) AS traces
      FROM text_conversations c WHERE c.id = ANY(${ids}::uuid[])`.execute(h.ctx.db);
    expect(rows.map((row) => Number(row.n)).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 1));
    for (const row of rows) expect(row).toMatchObject({ messages: 1, transitions: 1, traces: ['start', 'listen'] });
    expect(new Set(rows.map((row) => row.xmin)).size).toBeLessThan(ids.length);
    // The refused one left nothing of itself: its id's conversation is the first one's.
    expect(rows.find((row) => row.n === '1')).toMatchObject({ messages: 1, events: 1 });
  });

  it('commits the others of a group when one turn’s Idempotency-Key committed first, and refuses that one', async () => {
    const [lead, keyed, other] = await conversations(3);
    const groups: number[] = [];
    const replica = h.replicas[1]!;
    const store = new ConversationStore(replica.database.db, replica.database.pool, { onGroup: (turns) => groups.push(turns) });
    expect(await store.commitTurn(turnOf(keyed!, 1, 'key-1'))).toMatchObject({ committed: true });
    // A retry computed from the state before that commit, but guarded as if it were current: only the key stops it.
    const retried = turnOf({ id: keyed!.id, stateVersion: keyed!.stateVersion + 1 }, 1, 'key-1', tokensOf(keyed!.tenantId, 500));
    const lead7 = store.commitTurn(turnOf(lead!, 7, null, tokensOf(lead!.tenantId, 7)));
    await nextLoopTurn();
    const commits = await Promise.all([lead7, store.commitTurn(retried), store.commitTurn(turnOf(other!, 9, null, tokensOf(other!.tenantId, 9)))]);
    // The group of two failed on the key as one statement, and was committed turn by turn.
    expect(groups).toEqual([1, 1, 2]);
    expect(commits.map((c) => c.committed)).toEqual([true, false, true]);
    expect((await stored(keyed!.id)).filter((m) => m.role === 'user')).toHaveLength(1);
    expect((await stored(other!.id)).filter((m) => m.role === 'user')).toEqual([{ role: 'user', content: 'number 9', sequence: 1, status: 'ok' }]);
    // The refused retry's tokens are not counted; those of the turns committed one by one are, once.
    expect(await usageOf(lead!.tenantId)).toEqual({ '/': 16 });
  });

  /** A replica's commit metrics so far, each counted per turn: its statement's seconds, and the seconds it waited behind another. */
  const commitFigures = async (registry: SessionsHarness['replicas'][number]['registry']) => {
    const read = async (name: string) => {
      const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
      const of = (suffix: string) => values.find((v) => (v as { metricName?: string }).metricName === `${name}_${suffix}`)?.value ?? 0;
      return { count: of('count'), seconds: of('sum') };
    };
    return { statements: await read('parley_sessions_turn_commit_seconds'), waits: await read('parley_sessions_turn_commit_wait_seconds') };
  };

  it('holds back only the turn whose conversation another transaction has locked, not the turns committed after it', async () => {
    const [held, ...free] = await conversations(4);
    const before = await commitFigures(h.replicas[0]!.registry);
    // Another session of the database holds the row's lock in an open transaction.
    const locker = new pg.Client({ connectionString: h.ctx.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM text_conversations WHERE id = $1 FOR UPDATE', [held!.id]);
      // Sent to one replica, so its commit groups are the ones under test.
      const replica = h.replicas[0]!.service.service;
      const waiting = replica.send(held!.sessionId, 'number 1', undefined);
      // Settled from the start: a failure is this test's result, not an unhandled rejection.
      waiting.catch(() => undefined);
      // Its commit waits on the lock before the others are sent.
      await waitFor(
        async () => {
          const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE text_conversations%'`.execute(h.ctx.db);
          return (rows[0]?.n ?? 0) === 1;
        },
        { timeoutMs: 10_000 },
      );
      const lockedAt = performance.now();
      const answers = await Promise.all(free.map((c, i) => replica.send(c.sessionId, `number ${i + 2}`, undefined)));
      expect(answers.map((a) => a.turn_number)).toEqual([1, 1, 1]);
      const heldMs = performance.now() - lockedAt;
      await locker.query('ROLLBACK');
      expect(await waiting).toMatchObject({ turn_number: 1, extracted_variables: { last: '1' } });
      // The metrics tell it, turn by turn: the held turn's statement took at least as long as the
      // lock was held past its start, and the three turns behind it waited before theirs went.
      const after = await commitFigures(h.replicas[0]!.registry);
      expect(after.waits.count - before.waits.count).toBe(4);
      expect(after.statements.count - before.statements.count).toBe(4);
      expect(after.statements.seconds - before.statements.seconds).toBeGreaterThanOrEqual(heldMs / 1000);
      expect(after.waits.seconds - before.waits.seconds).toBeGreaterThan(0);
    } finally {
      await locker.end();
    }
  });

  it('loses and doubles no conversation it acknowledged when its database connections are cut mid-burst of new ones', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created: string[] = [];
    let failures = 0;
    const burst = Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let n = 1; n <= 8; n++) {
          try {
            const session = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
            created.push(session.conversation_id);
          } catch {
            failures += 1;
          }
        }
      }),
    );
    // Every connection of the test's database is cut, twice, each while a create is under way.
    await cutMidStatement('INSERT INTO text_conversations', 2);
    await burst;
    // Every acknowledged conversation is stored, once, with its start: its first message and its session.created event kept or published.
    const { rows } = await sql<{ id: string; messages: number }>`
      SELECT c.id, (SELECT count(*)::int FROM text_conversation_messages m WHERE m.conversation_id = c.id) AS messages
      FROM text_conversations c WHERE c.tenant_id = ${agent.tenantId}`.execute(h.ctx.db);
    const stored = new Map(rows.map((row) => [row.id, row.messages]));
    for (const id of created) expect(stored.get(id), id).toBeGreaterThan(0);
    expect(new Set(created).size).toBe(created.length);
    // A conversation whose create failed left nothing (a statement is all or nothing), or was committed though its answer was lost.
    expect(rows.length).toBeGreaterThanOrEqual(created.length);
    expect(rows.length).toBeLessThanOrEqual(created.length + failures);
    expect(failures).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(failures);
    expect(created.length + failures).toBe(16 * 8);
  });

  it('loses and doubles nothing it acknowledged when its database connections are cut mid-burst', async () => {
    const sessions = await conversations(24);
    const answered = new Map<string, string[]>();
    let failures = 0;
    const send = async (sessionId: string, n: number) => {
      try {
        await h.client.request('sessions.send', { sessionId, content: `number ${n}` });
        answered.set(sessionId, [...(answered.get(sessionId) ?? []), `number ${n}`]);
      } catch {
        // Refused before its commit (nothing stored but the message, marked failed) or after it (the client is told the outcome is unknown).
        failures += 1;
      }
    };
    const burst = Promise.all(
      sessions.map(async (s) => {
        for (let n = 1; n <= 6; n++) await send(s.sessionId, n);
      }),
    );
    // Every connection of the test's database is cut, twice, each while a turn's commit is under way.
    await cutMidStatement('UPDATE text_conversations c SET', 2);
    await burst;
    let acknowledged = 0;
    for (const s of sessions) {
      const messages = await stored(s.id);
      const users = messages.filter((m) => m.role === 'user' && m.status === 'ok').map((m) => m.content);
      // Every answered message is stored, once; none is stored twice; the numbering has no gap.
      for (const content of answered.get(s.sessionId) ?? []) expect(users.filter((u) => u === content)).toHaveLength(1);
      expect(new Set(users).size).toBe(users.length);
      expect(messages.map((m) => m.sequence)).toEqual(messages.map((_, i) => i));
      const row = await h.ctx.db.selectFrom('text_conversations').select(['total_turns', 'message_count']).where('id', '=', s.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ total_turns: users.length, message_count: messages.length });
      acknowledged += answered.get(s.sessionId)?.length ?? 0;
    }
    // The cuts came mid-burst (some turns failed), and the burst went on after them.
    expect(failures).toBeGreaterThan(0);
    expect(acknowledged).toBeGreaterThan(failures);
    expect(acknowledged + failures).toBe(sessions.length * 6);
  });
});
