import { randomUUID } from 'node:crypto';
import { AppError, turnHistoryLimits } from '@parley/contracts';
import { sizedHistory } from '@parley/workflow';
import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { KeptHistories } from './kept-histories.js';

type Message = { role: 'user' | 'assistant'; content: string };
const user = (content: string): Message => ({ role: 'user', content });
const assistant = (content: string): Message => ({ role: 'assistant', content });

const turn = (conversationId: string, fields: { history?: Message[]; historyTag?: string; historySince?: { tag: string; added: Message[] } }) => ({
  agentId: randomUUID(),
  version: 1,
  conversationId,
  sessionId: 'text_s',
  state: { nodeId: 'chat', collectedData: {}, visitTurns: 0 },
  message: 'next',
  history: fields.history ?? [],
  ...(fields.historyTag ? { historyTag: fields.historyTag } : {}),
  ...(fields.historySince ? { historySince: fields.historySince } : {}),
});

const missing = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    return error instanceof AppError && error.code === 'conflict' && (error.details as { reason?: string }).reason === 'history_missing';
  }
  return false;
};

describe('the histories a runner keeps between a conversation’s turns', () => {
  it('gives a turn the history it brought, or the copy kept under its tag followed by what was stored since', () => {
    const kept = new KeptHistories(1024 * 1024);
    const first = turn('c1', { history: [user('q1'), assistant('a1')], historyTag: '1.3' });
    expect(kept.historyOf(first).messages).toBe(first.history);
    expect(kept.keep(first, sizedHistory(first.history))).toBe(true);
    const next = turn('c1', { historySince: { tag: '1.3', added: [user('q2'), assistant('a2')] } });
    expect(kept.historyOf(next).messages).toEqual([user('q1'), assistant('a1'), user('q2'), assistant('a2')]);
  });

  it('counts how each turn’s history came: whole, kept, missing', async () => {
    const counted = new Counter({ name: 'kept_histories_test', help: 'test', labelNames: ['history'], registers: [] });
    const kept = new KeptHistories(1024 * 1024, counted);
    const first = turn('c1', { history: [user('q1')], historyTag: '1.2' });
    kept.historyOf(first);
    kept.keep(first, sizedHistory(first.history));
    kept.historyOf(turn('c1', { historySince: { tag: '1.2', added: [] } }));
    expect(missing(() => kept.historyOf(turn('c1', { historySince: { tag: '0.1', added: [] } })))).toBe(true);
    const values = (await counted.get()).values.map((v) => [v.labels.history, v.value]);
    expect(Object.fromEntries(values)).toEqual({ whole: 1, kept: 1, missing: 1 });
  });

  it('answers history_missing for another tag, another conversation, or a copy never kept – so the caller sends it whole', () => {
    const kept = new KeptHistories(1024 * 1024);
    const first = turn('c1', { history: [user('q1')], historyTag: '1.2' });
    kept.keep(first, sizedHistory(first.history));
    expect(missing(() => kept.historyOf(turn('c1', { historySince: { tag: '2.4', added: [] } })))).toBe(true);
    expect(missing(() => kept.historyOf(turn('c2', { historySince: { tag: '1.2', added: [] } })))).toBe(true);
    // Without a tag nothing is kept; with no room at all neither.
    expect(kept.keep(turn('c3', { history: [user('q')] }), sizedHistory([user('q')]))).toBe(false);
    const none = new KeptHistories(0);
    expect(none.keep(first, sizedHistory(first.history))).toBe(false);
    expect(missing(() => none.historyOf(turn('c1', { historySince: { tag: '1.2', added: [] } })))).toBe(true);
  });

  it('cuts the grown copy as the stored history is cut: the newest 100', () => {
    const kept = new KeptHistories(1024 * 1024);
    const long = Array.from({ length: turnHistoryLimits.messages }, (_, i) => user(`m${i}`));
    kept.keep(turn('c1', { history: long, historyTag: '7.100' }), sizedHistory(long));
    const grown = kept.historyOf(turn('c1', { historySince: { tag: '7.100', added: [user('m100'), assistant('m101')] } })).messages;
    expect(grown).toHaveLength(turnHistoryLimits.messages);
    expect(grown.at(0)).toEqual(user('m2'));
    expect(grown.at(-1)).toEqual(assistant('m101'));
  });

  it('sizes a copy grown turn by turn by what it holds: past its bytes it is no longer kept', () => {
    // 64 KiB: a copy of 16 messages of 2,000 characters (96 + 4 + 16 × (64 + 4,000) bytes) fits, one of 17 does not.
    const kept = new KeptHistories(64 * 1024);
    const said = (i: number) => user(`${i % 10}`.repeat(2_000));
    const first = turn('c1', { history: [said(0)], historyTag: 't1' });
    kept.keep(first, kept.historyOf(first));
    let refusedAt = 0;
    for (let i = 1; i < 40 && refusedAt === 0; i++) {
      const next = turn('c1', { historySince: { tag: `t${i}`, added: [said(i)] }, historyTag: `t${i + 1}` });
      if (!kept.keep(next, kept.historyOf(next))) refusedAt = i + 1;
    }
    // Not kept, and said so: the caller sends the next turn whole rather than to a runner without the copy.
    expect(refusedAt).toBe(17);
    expect(missing(() => kept.historyOf(turn('c1', { historySince: { tag: 't17', added: [] } })))).toBe(true);
  });

  it('keeps within its bytes, the least recently used copy going first', () => {
    const kept = new KeptHistories(4_096);
    const big = [user('x'.repeat(1_000))];
    for (const id of ['c1', 'c2', 'c3']) kept.keep(turn(id, { history: big, historyTag: 't' }), sizedHistory(big));
    expect(kept.size).toBe(1);
    expect(missing(() => kept.historyOf(turn('c1', { historySince: { tag: 't', added: [] } })))).toBe(true);
    expect(kept.historyOf(turn('c3', { historySince: { tag: 't', added: [] } })).messages).toEqual(big);
  });
});
