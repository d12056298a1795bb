import { describe, expect, it } from 'vitest';
import { type LoggedEvent, memoryLiveEventLog } from '../src/index.js';

/** An inbox message of a conversation, as the operators' log carries it. */
const inboxMessage = (conversationId: string, n: number) =>
  ({
    event: 'message',
    data: {
      escalation_id: 'esc_1',
      conversation_id: conversationId,
      id: `m${n}`,
      role: 'user',
      content: `message ${n}`,
      created_at: new Date(0).toISOString(),
    },
  }) as const;

function clockedLog(options: { maxEvents?: number; ttlSeconds?: number } = {}) {
  let time = 1_700_000_000_000;
  const log = memoryLiveEventLog({ ...options, now: () => time });
  return {
    log,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('memoryLiveEventLog', () => {
  it('gives increasing ids, also for several events in one millisecond', async () => {
    const { log, advance } = clockedLog();
    const ids = [
      await log.append('c', { event: 'status', data: { state: 'thinking' } }),
      await log.append('c', { event: 'delta', data: { message_id: 'm', text: 'a' } }),
    ];
    advance(1);
    ids.push(await log.append('c', { event: 'delta', data: { message_id: 'm', text: 'b' } }));
    expect(ids).toEqual(['1700000000000-0', '1700000000000-1', '1700000000001-0']);
    expect((await log.readAfter('c', undefined)).events.map((e) => e.id)).toEqual(ids);
  });

  it('appends several events at once in their order, each with its id, told to listeners in that order', async () => {
    const { log } = clockedLog();
    const seen: LoggedEvent[] = [];
    log.subscribe('c', (e) => seen.push(e));
    const ids = await log.appendAll('c', [
      { event: 'message', data: { id: 'u1', role: 'user', content: 'hello' } },
      { event: 'status', data: { state: 'idle' } },
    ]);
    expect(ids).toEqual(['1700000000000-0', '1700000000000-1']);
    expect(seen.map((e) => [e.id, e.event])).toEqual([
      ['1700000000000-0', 'message'],
      ['1700000000000-1', 'status'],
    ]);
    expect(await log.appendAll('c', [])).toEqual([]);
  });

  it('drops the events a predicate picks and keeps the others with their ids', async () => {
    const { log } = clockedLog();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await log.append('inbox', inboxMessage(i % 2 === 0 ? 'erased' : 'kept', i)));
    expect(await log.dropWhere('inbox', (event) => (event.data as { conversation_id: string }).conversation_id === 'erased')).toBe(2);
    expect((await log.readAfter('inbox', undefined)).events.map((e) => e.id)).toEqual([ids[1], ids[3]]);
    expect(await log.readAfter('inbox', ids[0])).toEqual({
      events: [expect.objectContaining({ id: ids[1] }), expect.objectContaining({ id: ids[3] })],
      reset: false,
    });
    expect(await log.dropWhere('nothing', () => true)).toBe(0);
  });

  it('resumes after an id with neither loss nor duplicate', async () => {
    const { log } = clockedLog();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await log.append('c', { event: 'delta', data: { message_id: 'm', text: String(i) } }));
    const { events, reset } = await log.readAfter('c', ids[2]);
    expect(reset).toBe(false);
    expect(events.map((e) => e.id)).toEqual(ids.slice(3));
    expect((await log.readAfter('c', ids[2], 2)).events.map((e) => e.id)).toEqual(ids.slice(3, 5));
  });

  it('names its newest event, none for a conversation without one or whose log expired', async () => {
    const { log, advance } = clockedLog({ ttlSeconds: 60 });
    expect(await log.lastEventId('c')).toBeUndefined();
    await log.append('c', { event: 'status', data: { state: 'idle' } });
    const newest = await log.append('c', { event: 'status', data: { state: 'typing' } });
    expect(await log.lastEventId('c')).toBe(newest);
    advance(60_000);
    expect(await log.lastEventId('c')).toBeUndefined();
  });

  it('keeps the newest events and answers reset for an id trimmed away or never given', async () => {
    const { log } = clockedLog({ maxEvents: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await log.append('c', { event: 'delta', data: { message_id: 'm', text: String(i) } }));
    expect(await log.readAfter('c', ids[0])).toMatchObject({ reset: true, events: [{ id: ids[3] }, { id: ids[4] }, { id: ids[5] }] });
    // The last one trimmed away: the client has seen it, so it missed nothing.
    expect(await log.readAfter('c', ids[2])).toMatchObject({ reset: false, events: [{ id: ids[3] }, { id: ids[4] }, { id: ids[5] }] });
    expect((await log.readAfter('c', 'garbage')).reset).toBe(true);
    expect((await log.readAfter('c', '9999999999999-0')).reset).toBe(true);
  });

  it('drops a conversation log a TTL after its last event; ids keep increasing after', async () => {
    const { log, advance } = clockedLog({ ttlSeconds: 60 });
    const first = await log.append('c', { event: 'status', data: { state: 'idle' } });
    advance(59_000);
    expect((await log.readAfter('c', undefined)).events).toHaveLength(1);
    advance(1_000);
    expect((await log.readAfter('c', undefined)).events).toEqual([]);
    await log.append('other', { event: 'status', data: { state: 'idle' } });
    expect(log.listening().logs).toBe(1);
    const next = await log.append('c', { event: 'status', data: { state: 'idle' } });
    expect(next > first).toBe(true);
    expect((await log.readAfter('c', first)).events.map((e) => e.id)).toEqual([next]);
  });

  it('delivers appends to listeners of that conversation only, and forgets them on unsubscribe', async () => {
    const { log } = clockedLog();
    const seen: LoggedEvent[] = [];
    const off = log.subscribe('c', (e) => seen.push(e));
    const offOther = log.subscribe('d', () => {
      throw new Error('must not be called');
    });
    const id = await log.append('c', { event: 'message', data: { id: 'm1', role: 'assistant', content: 'hello' } });
    expect(seen).toEqual([{ id, event: 'message', data: { id: 'm1', role: 'assistant', content: 'hello' } }]);
    off();
    offOther();
    for (let i = 0; i < 10_000; i++) log.subscribe(`c${i % 7}`, () => {})();
    expect(log.listening()).toMatchObject({ conversations: 0, listeners: 0 });
    await log.append('c', { event: 'status', data: { state: 'idle' } });
    expect(seen).toHaveLength(1);
  });
});
