import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveLogEvent } from '@parley/contracts';
import type { Redis } from 'ioredis';
import { compareEventIds, type LiveEventLogOptions, liveEventDefaults, parseEventId } from './live-event-ids.js';
import type { LiveEventLog, LoggedEvent } from './live-events.js';
import { redisScript } from './redis-scripts.js';

/**
 * Appends, trims, refreshes the expiry and publishes in one step, so a subscriber sees exactly
 * the id the stream gave each event and no reader can find an event that was never announced.
 * Trimming is done here rather than by XADD MAXLEN: Redis does not record what MAXLEN removed,
 * and a reader must know the newest id trimmed away (kept as the stream's max-deleted-entry-id)
 * to tell a client it missed events. It trims in batches (past max + max/10), like MAXLEN ~.
 * KEYS: stream, channel (a channel is not a key, passed here only to keep ARGV positional).
 * ARGV: max events, ttl seconds, then each event's name and data JSON, in order. Answers the ids.
 */
const appendScript = `
local ids = {}
for i = 3, #ARGV, 2 do
  local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[i], 'd', ARGV[i + 1])
  ids[#ids + 1] = id
  redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[i] .. ' ' .. ARGV[i + 1])
end
local max = tonumber(ARGV[1])
local length = redis.call('XLEN', KEYS[1])
if length > max + math.floor(max / 10) then
  local gone = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', length - max)
  local lastGone = gone[#gone][1]
  local firstKept = redis.call('XRANGE', KEYS[1], '(' .. lastGone, '+', 'COUNT', 1)[1][1]
  redis.call('XTRIM', KEYS[1], 'MINID', firstKept)
  redis.call('XSETID', KEYS[1], ids[#ids], 'MAXDELETEDID', lastGone)
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return ids
`;

/**
 * The events after an id and what tells whether any were lost, read at one instant: the largest
 * id ever trimmed and the last id given. KEYS: stream. ARGV: start ('-' or '(' .. id), count.
 * Answers {max deleted id, last id, entries}; {'', '', {}} when the stream does not exist.
 */
const readScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'', '', {}} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local maxDeleted, lastId = '0-0', '0-0'
for i = 1, #info, 2 do
  if info[i] == 'max-deleted-entry-id' then maxDeleted = info[i + 1] end
  if info[i] == 'last-generated-id' then lastId = info[i + 1] end
end
return {maxDeleted, lastId, redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])}
`;

/**
 * Rewrites a stream without the given ids, at one instant: the kept entries keep their ids, and
 * the stream keeps its last id, its max-deleted-entry-id (XDEL would move it, and every reader
 * past the removed entry would be told it missed events) and its time to live.
 * KEYS: stream. ARGV: the ids to remove. Answers how many went.
 */
const dropScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local drop = {}
for i = 1, #ARGV do drop[ARGV[i]] = true end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local maxDeleted, lastId = '0-0', '0-0'
for i = 1, #info, 2 do
  if info[i] == 'max-deleted-entry-id' then maxDeleted = info[i + 1] end
  if info[i] == 'last-generated-id' then lastId = info[i + 1] end
end
local ttl = redis.call('PTTL', KEYS[1])
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
local kept, gone = {}, 0
for _, entry in ipairs(entries) do
  if drop[entry[1]] then gone = gone + 1 else kept[#kept + 1] = entry end
end
if gone == 0 then return 0 end
redis.call('DEL', KEYS[1])
if #kept == 0 then return gone end
for _, entry in ipairs(kept) do redis.call('XADD', KEYS[1], entry[1], unpack(entry[2])) end
redis.call('XSETID', KEYS[1], lastId, 'MAXDELETEDID', maxDeleted)
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return gone
`;

type StreamEntry = [id: string, fields: string[]];

/** How long a reader waits for its conversation's SUBSCRIBE to be confirmed before reading. */
const SUBSCRIBE_WAIT_MS = 2_000;

/** After an append failed, how long appends fail at once rather than wait for Redis again. */
const APPEND_PAUSE_MS = 2_000;

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => {});
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function waitAtMost(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!promise) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export interface RedisLiveEventLogOptions extends LiveEventLogOptions {
  /** Name of the shared subscriber connection in CLIENT LIST. */
  connectionName?: string;
  /** Longest an append waits for Redis (default 500 ms); then it fails and the turn goes on. */
  appendTimeoutMs?: number;
  /** Told about a listener that threw; the other listeners still get the event. */
  onListenerError?: (error: unknown) => void;
}

export interface RedisLiveEventLog extends LiveEventLog {
  /** Conversations with a listener in this process and the listeners in all (for tests and metrics). */
  listening(): { conversations: number; listeners: number };
}

/**
 * The live event log on Redis: a stream per conversation (`{prefix}live:{conversationId}`),
 * bounded and expiring, and a pub/sub channel per conversation for the live part. Every listener
 * of a process shares ONE subscriber connection (a duplicate of `redis`): a channel is subscribed
 * for the first listener of its conversation and unsubscribed after the last one leaves.
 */
export function redisLiveEventLog(redis: Redis, prefix: string, options: RedisLiveEventLogOptions = {}): RedisLiveEventLog {
  const maxEvents = options.maxEvents ?? liveEventDefaults.maxEvents;
  const ttlSeconds = options.ttlSeconds ?? liveEventDefaults.ttlSeconds;
  const streamKey = (conversationId: string) => `${prefix}live:${conversationId}`;
  const channelOf = (conversationId: string) => `${prefix}live-events:${conversationId}`;
  const channelPrefix = `${prefix}live-events:`;

  const appendTimeoutMs = options.appendTimeoutMs ?? 500;
  const runAppend = redisScript(redis, 2, appendScript);
  const runRead = redisScript(redis, 1, readScript);
  const runDrop = redisScript(redis, 1, dropScript);
  let unavailableUntil = 0;
  const listeners = new Map<string, Set<(event: LoggedEvent) => void>>();
  /**
   * The SUBSCRIBE last sent for a conversation, until Redis confirmed it. A reader waits for it
   * before reading the stream: an event appended after that read is then certainly delivered
   * live, so subscribe-then-read leaves no gap.
   */
  const pending = new Map<string, Promise<unknown>>();
  let subscriber: Redis | undefined;

  function connection(): Redis {
    if (subscriber) return subscriber;
    // A SUBSCRIBE must never be dropped: with the client's retry limit, commands queued while the
    // connection is (re)connecting were failed after a few attempts – under load the first
    // connect can take that long – and their channels stayed silent with listeners waiting.
    // Without a limit they wait for the connection; readers bound their own wait (below).
    // No auto-pipelining either: subscriber mode does not mix with pipelines.
    const created = redis.duplicate({
      connectionName: options.connectionName ?? 'parley-live',
      lazyConnect: false,
      enableAutoPipelining: false,
      maxRetriesPerRequest: null,
    });
    created.on('error', () => {
      // ioredis reconnects and resubscribes by itself; failures show in the commands' results.
    });
    created.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(channelPrefix)) return;
      const set = listeners.get(channel.slice(channelPrefix.length));
      if (!set || set.size === 0) return;
      const event = decodeMessage(message);
      if (!event) return;
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
    });
    subscriber = created;
    return created;
  }

  /** The subscriber connection's next `ready` (or `error`), one wait however many conversations subscribe meanwhile. */
  const readiness = new WeakMap<Redis, Promise<unknown>>();
  function readyOf(subscriberConnection: Redis): Promise<unknown> {
    let waiting = readiness.get(subscriberConnection);
    if (!waiting) {
      waiting = once(subscriberConnection, 'ready').finally(() => readiness.delete(subscriberConnection));
      readiness.set(subscriberConnection, waiting);
    }
    return waiting;
  }

  /**
   * SUBSCRIBEs a conversation's channel once the connection is ready – ioredis refuses commands
   * queued while a connection in subscriber mode is (re)connecting – and tries again while the
   * conversation still has listeners, so a listener is never left on a silent channel.
   */
  async function subscribeChannel(conversationId: string): Promise<void> {
    const channel = channelOf(conversationId);
    for (let attempt = 0; ; attempt++) {
      // Every listener left before this ran: nothing to subscribe.
      if (!listeners.has(conversationId)) return;
      const subscriberConnection = connection();
      try {
        if (subscriberConnection.status !== 'ready') await readyOf(subscriberConnection);
        await subscriberConnection.subscribe(channel);
        return;
      } catch (error) {
        if (!listeners.has(conversationId) || subscriber !== subscriberConnection) return;
        if (attempt === 0) options.onListenerError?.(error);
        await sleep(Math.min(1_000, 50 * 2 ** attempt));
        if (!listeners.has(conversationId)) return;
      }
    }
  }

  /**
   * Runs a conversation's SUBSCRIBE or UNSUBSCRIBE after the one before it, so they reach Redis
   * in the order listeners came and went; readers wait for the last one (see readAfter).
   */
  function track(conversationId: string, command: () => Promise<unknown>): void {
    const previous = pending.get(conversationId) ?? Promise.resolve();
    const settled = previous.then(command).catch(() => undefined);
    pending.set(conversationId, settled);
    void settled.then(() => {
      if (pending.get(conversationId) === settled) pending.delete(conversationId);
    });
  }

  async function appendEvents(key: string, events: readonly LiveLogEvent[]): Promise<string[]> {
    // Writers (a turn in progress) must not wait on a Redis that is away: each append is
    // bounded, and after a failure appends fail at once for a while instead of each waiting.
    if (Date.now() < unavailableUntil) throw new Error('Redis is unavailable: live event not written');
    try {
      const fields = events.flatMap((event) => [event.event, JSON.stringify(event.data)]);
      const ids = await bounded(runAppend(streamKey(key), channelOf(key), maxEvents, ttlSeconds, ...fields), appendTimeoutMs);
      return (ids as unknown[]).map(String);
    } catch (error) {
      unavailableUntil = Date.now() + APPEND_PAUSE_MS;
      throw error;
    }
  }

  return {
    async append(key, event) {
      return (await appendEvents(key, [event]))[0] as string;
    },

    async appendAll(key, events) {
      return events.length === 0 ? [] : await appendEvents(key, events);
    },

    async readAfter(conversationId, afterId, limit = liveEventDefaults.readLimit) {
      // Bounded: with Redis away the SUBSCRIBE waits for the connection, the reader does not.
      await waitAtMost(pending.get(conversationId), SUBSCRIBE_WAIT_MS);
      const key = streamKey(conversationId);
      const read = async (start: string) => (await runRead(key, start, limit)) as [string, string, StreamEntry[]];
      if (afterId === undefined) return { events: (await read('-'))[2].map(decodeEntry), reset: false };
      const after = parseEventId(afterId);
      // Not an id this log gives: the client cannot know what it missed; it gets every kept event
      // and is told to reload.
      if (after === undefined) return { events: (await read('-'))[2].map(decodeEntry), reset: true };
      const [maxDeleted, lastId, entries] = await read(`(${afterId}`);
      // No stream (nothing appended yet, or expired long after the last event): nothing to miss.
      if (maxDeleted === '') return { events: [], reset: false };
      const deleted = parseEventId(maxDeleted) ?? [0, 0];
      const last = parseEventId(lastId) ?? [0, 0];
      // Older than an event that was trimmed away, or never given by this log.
      if (compareEventIds(after, deleted) < 0 || compareEventIds(after, last) > 0) {
        return { events: (await read('-'))[2].map(decodeEntry), reset: true };
      }
      return { events: entries.map(decodeEntry), reset: false };
    },

    async lastEventId(conversationId) {
      const newest = (await redis.xrevrange(streamKey(conversationId), '+', '-', 'COUNT', 1)) as StreamEntry[];
      return newest[0]?.[0];
    },

    subscribe(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) {
        set = new Set();
        listeners.set(conversationId, set);
        track(conversationId, () => subscribeChannel(conversationId));
      }
      set.add(listener);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const current = listeners.get(conversationId);
        if (!current) return;
        current.delete(listener);
        if (current.size > 0) return;
        listeners.delete(conversationId);
        // After the conversation's earlier SUBSCRIBE, and only if no listener came back meanwhile.
        track(conversationId, async () => {
          if (!listeners.has(conversationId)) await connection().unsubscribe(channelOf(conversationId));
        });
      };
    },

    listening() {
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return { conversations: listeners.size, listeners: count };
    },

    async forget(conversationId) {
      await redis.del(streamKey(conversationId));
    },
    async dropWhere(conversationId, matches) {
      const key = streamKey(conversationId);
      const entries = (await redis.xrange(key, '-', '+')) as StreamEntry[];
      const ids = entries
        .map(decodeEntry)
        .filter(matches)
        .map((event) => event.id);
      if (ids.length === 0) return 0;
      return Number(await runDrop(key, ...ids));
    },
    async close() {
      listeners.clear();
      pending.clear();
      const closing = subscriber;
      subscriber = undefined;
      if (closing) await closing.quit().catch(() => closing.disconnect());
    },
  };
}

/** Events as appended (typed by their writers), so not parsed again on the way out. */
function decodeEntry([id, fields]: StreamEntry): LoggedEvent {
  let event = '';
  let data = 'null';
  for (let i = 0; i < fields.length; i += 2) {
    if (fields[i] === 'e') event = fields[i + 1] ?? '';
    else if (fields[i] === 'd') data = fields[i + 1] ?? 'null';
  }
  return { id, event, data: JSON.parse(data) } as LoggedEvent;
}

/** `<id> <event> <data JSON>`: neither an id nor an event name has a space. */
function decodeMessage(message: string): LoggedEvent | undefined {
  const first = message.indexOf(' ');
  const second = message.indexOf(' ', first + 1);
  if (first < 0 || second < 0) return undefined;
  try {
    return {
      id: message.slice(0, first),
      event: message.slice(first + 1, second),
      data: JSON.parse(message.slice(second + 1)),
    } as LoggedEvent;
  } catch {
    return undefined;
  }
}
