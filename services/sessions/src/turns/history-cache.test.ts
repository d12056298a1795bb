import { turnHistoryLimits } from '@parley/contracts';
import { cutHistory, historyBytes } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import type { HistoryMessage } from '../store/conversation.repository.js';
import { HistoryCache, historyTagOf } from './history-cache.js';

const user = (content: string): HistoryMessage => ({ role: 'user', content });
const assistant = (content: string): HistoryMessage => ({ role: 'assistant', content });
const row = (id: string, stateVersion: number, messageCount: number) => ({ id, state_version: stateVersion, message_count: messageCount });

describe('the history cache', () => {
  it('answers only while the conversation’s state and message count are where the copy was taken', () => {
    const cache = new HistoryCache(1024 * 1024);
    cache.extend('text_a', 'c1', [], [assistant('hi')], { stateVersion: 0, messageCount: 1 });
    expect(cache.tags('text_a')).toEqual({ stateVersion: 0, messageCount: 1 });
    expect(cache.current('text_a', row('c1', 0, 1))).toEqual([assistant('hi')]);
    // Another replica's turn, or a message stored without a turn (an operator's, a failed one, a notice).
    expect(cache.current('text_a', row('c1', 1, 3))).toBeUndefined();
    expect(cache.current('text_a', row('c1', 0, 2))).toBeUndefined();
    // The same key now naming another conversation (a visitor's credential resumed elsewhere).
    expect(cache.current('text_a', row('c2', 0, 1))).toBeUndefined();
    expect(cache.current('text_b', row('c1', 0, 1))).toBeUndefined();
    expect(cache.tags('text_b')).toBeUndefined();
  });

  it('names the runner keeping the last turn’s history, with what that turn stored – only while the copy is current', () => {
    const cache = new HistoryCache(1024 * 1024);
    cache.extend('k', 'c1', [assistant('hi')], [user('q1'), assistant('a1')], { stateVersion: 1, messageCount: 3 }, { runner: 'r1', tag: '0.1' });
    expect(cache.handOff('k', row('c1', 1, 3))).toEqual({ runner: 'r1', since: { tag: '0.1', added: [user('q1'), assistant('a1')] } });
    // The runner's copy grown by what it is sent is the history the turn is given.
    expect(cache.current('k', row('c1', 1, 3))).toEqual([assistant('hi'), user('q1'), assistant('a1')]);
    // An operator's reply stored meanwhile, or another replica's turn: nobody is handed a stale copy.
    expect(cache.handOff('k', row('c1', 1, 4))).toBeUndefined();
    expect(cache.handOff('k', row('c2', 1, 3))).toBeUndefined();
    // A turn no runner kept the history of (run here, or its runner keeps none) hands nothing off.
    cache.extend('k', 'c1', [assistant('hi'), user('q1'), assistant('a1')], [user('q2'), assistant('a2')], { stateVersion: 2, messageCount: 5 });
    expect(cache.handOff('k', row('c1', 2, 5))).toBeUndefined();
    expect(historyTagOf(row('c1', 2, 5))).toBe('2.5');
    // A turn that stored more than a history holds is not sent as what was added: the next goes whole.
    const many = Array.from({ length: turnHistoryLimits.messages + 1 }, (_, i) => assistant(`a${i}`));
    cache.extend('k', 'c1', [], many, { stateVersion: 3, messageCount: 106 }, { runner: 'r1', tag: '2.5' });
    expect(cache.handOff('k', row('c1', 3, 106))).toBeUndefined();
  });

  it('grows by what each turn stored, cut to the newest 100', () => {
    const cache = new HistoryCache(1024 * 1024);
    let history: HistoryMessage[] = [];
    const stored: HistoryMessage[] = [];
    for (let turn = 1; turn <= 60; turn++) {
      const added = [user(`q${turn}`), assistant(`a${turn}`)];
      cache.extend('k', 'c', history, added, { stateVersion: turn, messageCount: turn * 2 });
      stored.push(...added);
      history = cache.current('k', row('c', turn, turn * 2)) ?? [];
      expect(history).toEqual(stored.slice(-turnHistoryLimits.messages));
    }
    expect(history).toHaveLength(turnHistoryLimits.messages);
  });

  it('keeps, newest first, what fits the byte budget as JSON text', () => {
    const big = (n: number) => `${n}${'"'.repeat(40_000)}`;
    const messages = Array.from({ length: 8 }, (_, i) => user(big(i)));
    const cut = cutHistory(messages);
    const bytes = (list: HistoryMessage[]) => list.reduce((sum, m) => sum + historyBytes(m.content), 0);
    expect(cut).toEqual(messages.slice(-cut.length));
    expect(bytes(cut)).toBeLessThanOrEqual(turnHistoryLimits.jsonBytes);
    expect(bytes(messages.slice(-cut.length - 1))).toBeGreaterThan(turnHistoryLimits.jsonBytes);
    // Quotes count twice, as on the bus; multi-byte characters by their UTF-8 bytes.
    expect(historyBytes('a"b')).toBe(6);
    expect(historyBytes('é')).toBe(4);
    // Long plain text that only looks near the budget (six bytes a character at most) is kept whole.
    const plain = Array.from({ length: 40 }, (_, i) => user(`${i}${'a'.repeat(6_000)}`));
    expect(cutHistory(plain)).toEqual(plain);
    // A single message over the budget leaves nothing rather than too much.
    expect(cutHistory([user('x'.repeat(turnHistoryLimits.jsonBytes))])).toEqual([]);
  });

  it('sizes a copy grown from itself turn by turn by what it holds: past its bound it is no longer kept', () => {
    // 64 KiB: 16 messages of 2,000 characters (96 + 16 × (64 + 4,000) bytes) fit, 17 do not.
    const cache = new HistoryCache(64 * 1024);
    let history: HistoryMessage[] = [];
    let droppedAt = 0;
    for (let turn = 1; turn <= 40 && droppedAt === 0; turn++) {
      cache.extend('k', 'c', history, [user(`${turn % 10}`.repeat(2_000))], { stateVersion: turn, messageCount: turn });
      const current = cache.current('k', row('c', turn, turn));
      if (current === undefined) droppedAt = turn;
      else history = current;
    }
    expect(droppedAt).toBe(17);
  });

  it('stays within its byte bound, dropping the least recently used conversations', () => {
    const cache = new HistoryCache(64 * 1024);
    for (let i = 0; i < 100; i++) cache.extend(`k${i}`, `c${i}`, [], [user('x'.repeat(2_000))], { stateVersion: 1, messageCount: 1 });
    expect(cache.size).toBeLessThan(20);
    expect(cache.size).toBeGreaterThan(5);
    expect(cache.current('k99', row('c99', 1, 1))).toHaveLength(1);
    expect(cache.current('k0', row('c0', 1, 1))).toBeUndefined();
  });
});
