import { createTestContext, type TestContext, waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type LoggedEvent, type RedisLiveEventLog, redisLiveEventLog } from '../src/index.js';

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

describe('redisLiveEventLog on the real Redis', () => {
  let ctx: TestContext;
  let admin: Redis;
  const clients: Redis[] = [];
  const logs: RedisLiveEventLog[] = [];
  let counter = 0;

  /** A log as one gateway process holds it: its own Redis client and subscriber connection. */
  async function gatewayProcess(options: { maxEvents?: number } = {}) {
    const redis = await connectRedis(ctx.redisUrl);
    clients.push(redis);
    const connectionName = `${ctx.redisPrefix.replace(':', '')}-live-${++counter}`;
    const log = redisLiveEventLog(redis, ctx.redisPrefix, { ...options, connectionName });
    logs.push(log);
    return { log, redis, connectionName };
  }

  /** The connections Redis has under a name, with their subscription counts. */
  async function connectionsNamed(name: string): Promise<Array<{ sub: number }>> {
    const list = (await admin.client('LIST')) as string;
    return list
      .split('\n')
      .filter((line) => line.includes(` name=${name} `))
      .map((line) => ({ sub: Number(/ sub=(\d+)/.exec(line)?.[1] ?? '0') }));
  }

  async function subscribersOf(channel: string): Promise<number> {
    const [, count] = (await admin.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count);
  }

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'stores' });
    admin = await connectRedis(ctx.redisUrl);
    clients.push(admin);
  });
  afterAll(async () => {
    for (const log of logs) await log.close();
    for (const redis of clients) await redis.quit();
    await ctx?.cleanup();
  });

  it('keeps events in order with increasing ids, each conversation apart', async () => {
    const { log } = await gatewayProcess();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await log.append('conv-order', { event: 'delta', data: { message_id: 'm1', text: `piece ${i}` } }));
    await log.append('conv-other', { event: 'status', data: { state: 'idle' } });
    const { events, reset } = await log.readAfter('conv-order', undefined);
    expect(reset).toBe(false);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events.map((e) => (e.data as { text: string }).text)).toEqual(['piece 0', 'piece 1', 'piece 2', 'piece 3', 'piece 4']);
    const parts = ids.map((id) => id.split('-').map(Number) as [number, number]);
    for (let i = 1; i < parts.length; i++) {
      const [prev, next] = [parts[i - 1] ?? [0, 0], parts[i] ?? [0, 0]];
      expect(next[0] > prev[0] || (next[0] === prev[0] && next[1] > prev[1])).toBe(true);
    }
    expect(new Set(ids).size).toBe(5);
    expect((await log.readAfter('conv-other', undefined)).events.map((e) => e.event)).toEqual(['status']);
  });

  it('appends several events at one instant: in their order, each with its id, told live in that order, trimmed as one by one', async () => {
    const writer = await gatewayProcess({ maxEvents: 10 });
    const reader = await gatewayProcess();
    const seen: LoggedEvent[] = [];
    const off = reader.log.subscribe('conv-many', (e) => seen.push(e));
    await reader.log.readAfter('conv-many', undefined);
    const ids = await writer.log.appendAll('conv-many', [
      { event: 'message', data: { id: 'u1', role: 'user', content: 'hello' } },
      { event: 'message', data: { id: 'a1', role: 'assistant', content: 'hi there' } },
      { event: 'status', data: { state: 'idle' } },
    ]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    const { events } = await writer.log.readAfter('conv-many', undefined);
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(events.map((e) => e.event)).toEqual(['message', 'message', 'status']);
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual(events);
    expect(await writer.log.appendAll('conv-many', [])).toEqual([]);
    // Past the bound (10 + 10 %), in groups: the oldest go, and a reader of one of them is told it missed some.
    for (let i = 0; i < 4; i++) {
      await writer.log.appendAll(
        'conv-many',
        [0, 1, 2].map((n) => ({ event: 'delta', data: { message_id: 'm', text: `${i}.${n}` } }) as const),
      );
    }
    const kept = await writer.log.readAfter('conv-many', undefined);
    expect(kept.events.length).toBeLessThanOrEqual(11);
    expect(kept.events.at(-1)?.data).toEqual({ message_id: 'm', text: '3.2' });
    expect((await writer.log.readAfter('conv-many', ids[0])).reset).toBe(true);
    off();
  });

  it('resumes after an id with neither loss nor duplicate, and pages with a limit', async () => {
    const { log } = await gatewayProcess();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await log.append('conv-resume', { event: 'delta', data: { message_id: 'm1', text: String(i) } }));
    const after = await log.readAfter('conv-resume', ids[3]);
    expect(after.reset).toBe(false);
    expect(after.events.map((e) => e.id)).toEqual(ids.slice(4));

    const paged: string[] = [];
    let cursor: string | undefined = ids[1];
    for (;;) {
      const page = await log.readAfter('conv-resume', cursor, 3);
      if (page.events.length === 0) break;
      paged.push(...page.events.map((e) => e.id));
      cursor = page.events.at(-1)?.id;
    }
    expect(paged).toEqual(ids.slice(2));
    expect((await log.readAfter('conv-resume', ids[9])).events).toEqual([]);
  });

  it('names its newest event, and none for a conversation without one', async () => {
    const { log } = await gatewayProcess();
    expect(await log.lastEventId('conv-newest')).toBeUndefined();
    await log.append('conv-newest', { event: 'status', data: { state: 'idle' } });
    const newest = await log.append('conv-newest', { event: 'status', data: { state: 'typing' } });
    expect(await log.lastEventId('conv-newest')).toBe(newest);
    // What comes after it is exactly what a reader starting there gets.
    const next = await log.append('conv-newest', { event: 'status', data: { state: 'idle' } });
    expect((await log.readAfter('conv-newest', newest)).events.map((e) => e.id)).toEqual([next]);
  });

  it('answers reset with every kept event for an id trimmed away, a malformed id, or one it never gave', async () => {
    const { log, redis } = await gatewayProcess({ maxEvents: 10 });
    const ids: string[] = [];
    // Trimming is done in batches: past 11 events it keeps the newest 10.
    for (let i = 0; i < 400; i++) ids.push(await log.append('conv-evict', { event: 'delta', data: { message_id: 'm1', text: String(i) } }));
    const kept = await redis.xlen(`${ctx.redisPrefix}live:conv-evict`);
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThanOrEqual(11);

    const evicted = await log.readAfter('conv-evict', ids[0]);
    expect(evicted.reset).toBe(true);
    expect(evicted.events.at(-1)?.id).toBe(ids[399]);
    expect(evicted.events).toHaveLength(kept);

    // The id just before the oldest kept one: nothing was lost.
    const firstKept = ids.length - kept;
    const edge = await log.readAfter('conv-evict', ids[firstKept - 1]);
    expect(edge.reset).toBe(false);
    expect(edge.events.map((e) => e.id)).toEqual(ids.slice(firstKept));
    expect((await log.readAfter('conv-evict', ids[firstKept - 2])).reset).toBe(true);

    expect((await log.readAfter('conv-evict', 'not-an-id')).reset).toBe(true);
    expect((await log.readAfter('conv-evict', '99999999999999-0')).reset).toBe(true);
  });

  it('drops the events a predicate picks, keeping the others with their ids, the expiry and resumes without a reset', async () => {
    const { log, redis } = await gatewayProcess({ maxEvents: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push(await log.append('inbox-drop', inboxMessage(i % 2 === 0 ? 'erased' : 'kept', i)));
    // Trimmed to the newest 10 or so before: a reader older than them is told to reload, as before.
    const before = await log.readAfter('inbox-drop', undefined);
    const oldest = before.events[0]!.id;
    expect(await log.dropWhere('inbox-drop', (event) => (event.data as { conversation_id: string }).conversation_id === 'erased')).toBe(
      before.events.filter((e) => (e.data as { conversation_id: string }).conversation_id === 'erased').length,
    );
    const after = await log.readAfter('inbox-drop', undefined);
    expect(after.events.map((e) => e.id)).toEqual(
      before.events.filter((e) => (e.data as { conversation_id: string }).conversation_id === 'kept').map((e) => e.id),
    );
    // A reader that saw the first kept event resumes after it with no reset, though events after it went.
    expect(await log.readAfter('inbox-drop', oldest)).toEqual({ events: after.events.filter((e) => e.id !== oldest), reset: false });
    expect(await log.readAfter('inbox-drop', ids[0])).toMatchObject({ reset: true });
    expect(await redis.ttl(`${ctx.redisPrefix}live:inbox-drop`)).toBeGreaterThan(0);
    // The next event still gets a later id than any given before.
    const next = await log.append('inbox-drop', { event: 'status', data: { state: 'idle' } });
    expect((await log.readAfter('inbox-drop', ids.at(-1))).events.map((e) => e.id)).toEqual([next]);
    expect(await log.dropWhere('inbox-drop', () => false)).toBe(0);
    expect(await log.dropWhere('no-such-log', () => true)).toBe(0);
  });

  it('bounds and expires every conversation log', async () => {
    const { log, redis } = await gatewayProcess({ maxEvents: 10 });
    await log.append('conv-ttl', { event: 'status', data: { state: 'thinking' } });
    const ttl = await redis.ttl(`${ctx.redisPrefix}live:conv-ttl`);
    expect(ttl).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
  });

  it('two gateway processes see each other’s appends live, with the stream’s ids', async () => {
    const a = await gatewayProcess();
    const b = await gatewayProcess();
    const seenByA: LoggedEvent[] = [];
    const seenByB: LoggedEvent[] = [];
    const offA = a.log.subscribe('conv-shared', (e) => seenByA.push(e));
    const offB = b.log.subscribe('conv-shared', (e) => seenByB.push(e));
    // Reading waits until the subscriptions are confirmed: from then on nothing is missed.
    await a.log.readAfter('conv-shared', undefined);
    await b.log.readAfter('conv-shared', undefined);

    const fromA = await a.log.append('conv-shared', { event: 'message', data: { id: 'm1', role: 'user', content: 'hi' } });
    const fromB = await b.log.append('conv-shared', { event: 'status', data: { state: 'thinking' } });
    await waitFor(() => seenByA.length === 2 && seenByB.length === 2);
    expect(seenByA).toEqual([
      { id: fromA, event: 'message', data: { id: 'm1', role: 'user', content: 'hi' } },
      { id: fromB, event: 'status', data: { state: 'thinking' } },
    ]);
    expect(seenByB).toEqual(seenByA);
    offA();
    offB();
  });

  it('subscribe, then read: an event appended in between is seen once, live or read, never missed', async () => {
    const writer = await gatewayProcess();
    const reader = await gatewayProcess();
    for (let round = 0; round < 20; round++) {
      const conversation = `conv-race-${round}`;
      const seen = new Map<string, number>();
      const off = reader.log.subscribe(conversation, (e) => seen.set(e.id, (seen.get(e.id) ?? 0) + 1));
      const appended = writer.log.append(conversation, { event: 'delta', data: { message_id: 'm', text: 'x' } });
      const read = await reader.log.readAfter(conversation, undefined);
      const id = await appended;
      const inRead = read.events.some((e) => e.id === id);
      if (!inRead) await waitFor(() => seen.has(id));
      off();
    }
  });

  it('holds one subscriber connection for 1,000 listeners of 1,000 conversations', async () => {
    const { log, connectionName } = await gatewayProcess();
    // 1,000 conversations subscribing while the connection is still being made wait for it together.
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const offs = Array.from({ length: 1_000 }, (_, i) => log.subscribe(`conv-many-${i}`, () => {}));
    await log.readAfter('conv-many-999', undefined);
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
    await waitFor(async () => {
      const connections = await connectionsNamed(connectionName);
      expect(connections).toEqual([{ sub: 1_000 }]);
    });
    expect(await subscribersOf(`${ctx.redisPrefix}live-events:conv-many-0`)).toBe(1);
    // A second listener of a conversation adds no subscription.
    const again = log.subscribe('conv-many-0', () => {});
    expect(log.listening()).toEqual({ conversations: 1_000, listeners: 1_001 });
    again();
    for (const off of offs) off();
    await log.readAfter('conv-many-999', undefined);
    expect(await connectionsNamed(connectionName)).toEqual([{ sub: 0 }]);
  });

  it('10,000 subscribe/unsubscribe cycles leave no listener and no channel subscribed', async () => {
    const { log, connectionName } = await gatewayProcess();
    const received: LoggedEvent[] = [];
    for (let i = 0; i < 10_000; i++) {
      const off = log.subscribe(`conv-cycle-${i % 50}`, (e) => received.push(e));
      if (i % 3 === 0) log.subscribe(`conv-cycle-${i % 50}`, () => {})();
      off();
    }
    expect(log.listening()).toEqual({ conversations: 0, listeners: 0 });
    for (let i = 0; i < 50; i++) await log.readAfter(`conv-cycle-${i}`, undefined);
    expect(await connectionsNamed(connectionName)).toEqual([{ sub: 0 }]);
    expect(await subscribersOf(`${ctx.redisPrefix}live-events:conv-cycle-7`)).toBe(0);
    await log.append('conv-cycle-7', { event: 'status', data: { state: 'idle' } });
    expect(received).toEqual([]);

    // Still works after all that churn.
    const after: LoggedEvent[] = [];
    const off = log.subscribe('conv-cycle-7', (e) => after.push(e));
    await log.readAfter('conv-cycle-7', undefined);
    const id = await log.append('conv-cycle-7', { event: 'status', data: { state: 'typing' } });
    await waitFor(() => after.length === 1);
    expect(after[0]?.id).toBe(id);
    off();
  });

  it('a listener that throws does not keep the event from the others', async () => {
    const errors: unknown[] = [];
    const redis = await connectRedis(ctx.redisUrl);
    clients.push(redis);
    const log = redisLiveEventLog(redis, ctx.redisPrefix, { onListenerError: (e) => errors.push(e) });
    logs.push(log);
    const seen: string[] = [];
    const offBad = log.subscribe('conv-throw', () => {
      throw new Error('closed socket');
    });
    const offGood = log.subscribe('conv-throw', (e) => seen.push(e.id));
    await log.readAfter('conv-throw', undefined);
    const id = await log.append('conv-throw', { event: 'status', data: { state: 'idle' } });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([id]);
    expect(errors).toHaveLength(1);
    offBad();
    offGood();
  });
});
