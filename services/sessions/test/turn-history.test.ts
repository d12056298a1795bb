import { turnHistoryLimits } from '@parley/contracts';
import { cutHistory } from '@parley/workflow';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConversationRepository } from '../src/store/conversation.repository.js';
import { counterAgent, lines, promptAgent } from './fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

describe('the history a turn carries to the runner', () => {
  let h: SessionsHarness;

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 2 });
  });
  afterAll(async () => h?.stop());
  beforeEach(() => h.llm.reset());

  const turnsOf = (conversationId: string) => h.runnerTurns.filter((turn) => turn.conversationId === conversationId);
  const replica = (index: number) => h.replicas[index]!.service.service;
  /** A counter's value with these labels, summed over the replicas. */
  const counted = async (name: string, labels: Record<string, string>) => {
    let total = 0;
    for (const r of h.replicas) {
      const values = (await r.registry.getSingleMetric(name)?.get())?.values ?? [];
      total += values.find((v) => Object.entries(labels).every(([label, value]) => v.labels[label] === value))?.value ?? 0;
    }
    return total;
  };

  it('is the conversation so far, oldest first, on a replica that never saw the session and on one that did', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.session_id;
    // Replica 1 meets the session on its first turn; then both know it.
    await replica(1).send(id, 'first', undefined);
    await replica(1).send(id, 'second', undefined);
    await replica(0).send(id, 'third', undefined);

    const turns = turnsOf(created.conversation_id);
    expect(turns.map((turn) => lines(turn.history))).toEqual([
      [],
      ['assistant: Ask me anything.'],
      ['assistant: Ask me anything.', 'user: first', 'assistant: Echo: first'],
      ['assistant: Ask me anything.', 'user: first', 'assistant: Echo: first', 'user: second', 'assistant: Echo: second'],
    ]);
    expect(lines(h.llm.requests.at(-1)?.body.messages)).toEqual(['system: You are a helpful assistant.', ...lines(turns.at(-1)?.history), 'user: third']);
  });

  it('never goes to a runner for an agent version that asks no LLM: both replicas run its turns, reading no messages', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const read = await counted('parley_sessions_turn_starts_total', { source: 'read' });
    for (let turn = 1; turn <= 6; turn++) {
      const answer = await replica(turn % 2).send(created.session_id, `number ${turn}`, undefined);
      // The node's pattern runs where the turn does: the same outcome a runner gives.
      expect(answer).toMatchObject({ response: 'Go on.', extracted_variables: { last: String(turn) }, turn_number: turn });
    }
    expect(turnsOf(created.conversation_id)).toHaveLength(0);
    expect(h.llm.requests).toHaveLength(0);
    // Each replica counts the turns it ran itself: the start and six messages, between them – and
    // from the third message on, each replica first ran the turn from the row it kept two turns
    // ago, which the other had moved on: its commit was refused with the row as it stood, and
    // the turn ran again from that (no LLM, so nothing was asked twice).
    expect(await counted('parley_sessions_turns_total', { kind: 'start', status: 'active' })).toBe(1);
    expect(await counted('parley_sessions_turns_total', { kind: 'message', status: 'active' })).toBe(6 + 4);
    expect(await counted('parley_sessions_turn_starts_total', { source: 'read' })).toBe(read + 2);
    expect(await counted('parley_sessions_turn_starts_total', { source: 'kept' })).toBe(4 + 4);
    const stored = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['total_turns', 'collected_data'])
      .where('id', '=', created.conversation_id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ total_turns: 6, collected_data: { last: '6' } });
  });

  it('starts each turn of an agent version that asks no LLM from the row its replica kept, and reads it again for what the row would refuse', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const starts = async () => ({
      kept: await counted('parley_sessions_turn_starts_total', { source: 'kept' }),
      read: await counted('parley_sessions_turn_starts_total', { source: 'read' }),
    });
    const before = await starts();
    for (let turn = 1; turn <= 5; turn++) {
      expect(await replica(0).send(created.session_id, `number ${turn}`, undefined)).toMatchObject({
        turn_number: turn,
        extracted_variables: { last: String(turn) },
      });
    }
    // The first message read the conversation; the four after it started from what the last commit returned.
    expect(await starts()).toEqual({ kept: before.kept + 4, read: before.read + 1 });
    // A message with an Idempotency-Key starts from the kept row too. Its retry does as well: the
    // commit is refused by the key, and the second attempt reads the store, which answers the first result.
    const keyed = await replica(0).send(created.session_id, 'number 6', 'key-6');
    expect(keyed).toMatchObject({ turn_number: 6 });
    expect(await starts()).toEqual({ kept: before.kept + 5, read: before.read + 1 });
    expect(await replica(0).send(created.session_id, 'number 6', 'key-6')).toEqual(keyed);
    expect(await starts()).toEqual({ kept: before.kept + 6, read: before.read + 2 });
    // Ended elsewhere (another replica, the API): the row kept here is refused by the commit's guard, and the message with it.
    await replica(0).send(created.session_id, 'number 7', undefined);
    await replica(1).end(created.session_id);
    await expect(replica(0).send(created.session_id, 'number 8', undefined)).rejects.toMatchObject({ code: 'gone' });
    const stored = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['total_turns', 'status'])
      .where('id', '=', created.conversation_id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ total_turns: 7, status: 'completed' });
  });

  it('keeps the newest 100 messages', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    const said = ['assistant: Ask me anything.'];
    // 52 turns make 105 messages before the last turn.
    for (let turn = 1; turn <= 52; turn++) {
      await h.client.request('sessions.send', { sessionId: created.session_id, content: `message ${turn}` });
      said.push(`user: message ${turn}`, `assistant: Echo: message ${turn}`);
    }
    const last = turnsOf(created.conversation_id).at(-1);
    expect(last?.history).toHaveLength(turnHistoryLimits.messages);
    expect(lines(last?.history)).toEqual(said.slice(0, -2).slice(-turnHistoryLimits.messages));
  });

  it('keeps, newest first, only what fits its byte budget however long the messages are', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    // Long messages whose quotes double in JSON: the budget counts what goes on the bus.
    const long = (turn: number) => `${turn} ${'"'.repeat(5_000)}${'a'.repeat(4_990)}`;
    const stored = [{ role: 'assistant', content: 'Ask me anything.' }];
    for (let turn = 1; turn <= 16; turn++) {
      await h.client.request('sessions.send', { sessionId: created.session_id, content: long(turn) });
      stored.push({ role: 'user', content: long(turn) }, { role: 'assistant', content: `Echo: ${long(turn)}` });
    }
    const history = turnsOf(created.conversation_id).at(-1)?.history ?? [];
    const before = stored.slice(0, -2);
    const bytes = (messages: Array<{ content: string }>) => messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m.content)), 0);

    expect(history).toEqual(before.slice(-history.length));
    expect(bytes(history)).toBeLessThanOrEqual(turnHistoryLimits.jsonBytes);
    // As many as fit: one message more would not have.
    expect(bytes(before.slice(-history.length - 1))).toBeGreaterThan(turnHistoryLimits.jsonBytes);
    expect(history.length).toBeGreaterThan(0);
  });

  it('takes in what was stored between two turns on the same replica: an operator’s replies, a message while escalated, a failed turn', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const sessionId = created.session_id;
    const operator = { actorId: null, name: 'Dana' };
    const reader = { sees: 'all' as const };
    await replica(0).send(sessionId, 'first', undefined);

    // A person takes over, the visitor writes, the person answers twice and hands back.
    const { escalation } = await h.client.request('sessions.escalations.create', { target: { sessionId }, reason: 'asked for a person', source: 'api' });
    await h.client.request('sessions.inbox.act', { tenantId: agent.tenantId, escalationId: escalation.id, operator, reader, action: 'claim' });
    await replica(0).send(sessionId, 'are you human?', undefined);
    await h.client.request('sessions.inbox.reply', { tenantId: agent.tenantId, escalationId: escalation.id, operator, reader, content: 'Yes, Dana here.' });
    await h.client.request('sessions.inbox.reply', {
      tenantId: agent.tenantId,
      escalationId: escalation.id,
      operator,
      reader,
      content: 'Back to the assistant now.',
    });
    await h.client.request('sessions.inbox.act', { tenantId: agent.tenantId, escalationId: escalation.id, operator, reader, action: 'release' });
    await replica(0).send(sessionId, 'second', undefined);

    // The LLM fails once: that message is kept as failed and is no part of what the prompt sees.
    h.llm.setHandler(() => ({ status: 500, content: 'down' }));
    await expect(replica(0).send(sessionId, 'lost', undefined)).rejects.toMatchObject({ code: 'unavailable' });
    h.llm.reset();
    await replica(0).send(sessionId, 'third', undefined);

    const histories = turnsOf(created.conversation_id).map((turn) => lines(turn.history));
    const afterFirst = ['assistant: Ask me anything.', 'user: first', 'assistant: Echo: first'];
    const afterHandBack = [...afterFirst, 'user: are you human?', 'assistant: Yes, Dana here.', 'assistant: Back to the assistant now.'];
    expect(histories.at(-3)).toEqual(afterHandBack);
    expect(histories.at(-1)).toEqual([...afterHandBack, 'user: second', 'assistant: Echo: second']);
    // Each is what the database holds for the conversation at that point.
    const stored = await new ConversationRepository(h.ctx.db, h.replicas[0]!.database.pool).history(created.conversation_id);
    expect(lines(stored)).toEqual([...histories.at(-1)!, 'user: third', 'assistant: Echo: third']);
  });

  it('is cut as the database cuts it, whatever the text: escapes, control characters, non-Latin scripts, the byte budget to the byte', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const samples = [
      'plain',
      'quote " and backslash \\',
      'tab\tnew\nline\r',
      'bell \u0007 and \u001f',
      'é ü ß',
      'こんにちは',
      '👋🏽 emoji',
      '</script>',
      '\u007f del',
    ];
    // Messages of one conversation straight into the table: sizes chosen so the budget falls mid-way.
    const contents = Array.from({ length: 90 }, (_, i) => `${samples[i % samples.length]} ${'x'.repeat(2_900 + i * 3)} ${samples[(i * 7) % samples.length]}`);
    await sql`
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content)
      SELECT gen_random_uuid(), ${created.conversation_id}::uuid, 100 + ord::int, CASE WHEN ord % 2 = 0 THEN 'user' ELSE 'assistant' END, content
      FROM unnest(${contents}::text[]) WITH ORDINALITY AS x(content, ord)`.execute(h.ctx.db);
    const stored = await new ConversationRepository(h.ctx.db, h.replicas[0]!.database.pool).history(created.conversation_id);
    const all = [
      { role: 'assistant' as const, content: 'Ask me anything.' },
      ...contents.map((content, i) => ({ role: (i % 2 === 0 ? 'assistant' : 'user') as 'user' | 'assistant', content })),
    ];
    expect(stored.length).toBeLessThan(all.length);
    expect(cutHistory(all)).toEqual(stored);
    // Past 100 messages the count cuts first.
    const many = Array.from({ length: 130 }, (_, i) => ({ role: 'user' as const, content: `${samples[i % samples.length]} ${i}` }));
    expect(cutHistory(many)).toEqual(many.slice(-turnHistoryLimits.messages));
  });
});
