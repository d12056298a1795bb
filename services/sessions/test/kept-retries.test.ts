import { eventConsumersCaughtUp, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterAgent, lines } from './fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

/** The counter agent, redacting personal data in every message (agent-wide content rules). */
const redactingCounter = { ...counterAgent, content_rules: { pii: 'redact' } };

/**
 * A retried message (the same Idempotency-Key) of an agent version that asks no LLM, when its
 * turn starts from a row a sessions replica kept rather than from a read (docs/workflow.md "All
 * or nothing"): the retry is only found out at the commit, yet it answers the first result,
 * stores nothing twice, and its content rules' hits are counted once.
 */
describe('a retried message whose turn starts from a kept row', () => {
  let h: SessionsHarness;
  const events: Array<{ kind: string; tenantId: string | null; count: number }> = [];
  let consumer: { drain(): Promise<void> } | undefined;

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 2 });
    consumer = h.client.consume('events.security.refused', 'kept-retries-test', async (event) => {
      events.push({ kind: event.kind, tenantId: event.tenantId, count: event.count ?? 1 });
    });
  });
  afterAll(async () => {
    await consumer?.drain();
    await h?.stop();
  });

  const replica = (index: number) => h.replicas[index]!.service.service;
  const startsFromKept = async () => {
    let total = 0;
    for (const r of h.replicas) {
      const values = (await r.registry.getSingleMetric('parley_sessions_turn_starts_total')?.get())?.values ?? [];
      total += values.find((v) => v.labels.source === 'kept')?.value ?? 0;
    }
    return total;
  };

  it('answers the first result on the replica that committed it and on one whose kept row is stale, with one turn stored and one hit counted', async () => {
    const agent = await h.seedAgent(redactingCounter);
    const created = await replica(0).create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    // Each replica commits a turn, so each keeps a row; replica 1's is then stale.
    await replica(1).send(created.session_id, 'number 1', undefined);
    await replica(0).send(created.session_id, 'number 2', undefined);
    const kept = await startsFromKept();

    const first = await replica(0).send(created.session_id, 'number 3, write to ada@example.com', 'key-3');
    expect(first).toMatchObject({ turn_number: 3, extracted_variables: { last: '3' } });
    expect(await startsFromKept()).toBe(kept + 1);
    // The same replica: its kept row is the one the first commit returned, so only the key refuses the retry's commit.
    expect(await replica(0).send(created.session_id, 'number 3, write to ada@example.com', 'key-3')).toEqual(first);
    // The other replica: its kept row is from turn 1, so the guard refuses it (and returns the row
    // as it stands, a second start from a kept row), then the key does.
    expect(await replica(1).send(created.session_id, 'number 3, write to ada@example.com', 'key-3')).toEqual(first);
    expect(await startsFromKept()).toBe(kept + 4);
    // The same key with another message is still a client's mistake.
    await expect(replica(0).send(created.session_id, 'number 4', 'key-3')).rejects.toMatchObject({ code: 'conflict' });

    const next = await replica(1).send(created.session_id, 'number 5', 'key-5');
    expect(next).toMatchObject({ turn_number: 4, extracted_variables: { last: '5' } });

    const messages = await h.ctx.db
      .selectFrom('text_conversation_messages')
      .select(['role', 'content'])
      .where('conversation_id', '=', created.conversation_id)
      .orderBy('sequence')
      .execute();
    expect(lines(messages)).toEqual([
      'assistant: Go on.',
      'user: number 1',
      'assistant: Go on.',
      'user: number 2',
      'assistant: Go on.',
      'user: number 3, write to [email]',
      'assistant: Go on.',
      'user: number 5',
      'assistant: Go on.',
    ]);
    const stored = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['total_turns', 'collected_data'])
      .where('id', '=', created.conversation_id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ total_turns: 4, collected_data: { last: '5' } });
    // The redaction was counted when the message was let in, not again for either retry.
    await waitFor(() => events.some((event) => event.tenantId === agent.tenantId), { timeoutMs: 5_000 });
    // Every refusal published by now (the retries have been answered) handed out and kept: a second count would be here.
    await eventConsumersCaughtUp(h.ctx, 'events.security.refused');
    expect(events.filter((event) => event.tenantId === agent.tenantId).map((event) => [event.kind, event.count])).toEqual([['content_redacted', 1]]);
  });
});
