import type { LiveLogEvent } from '@parley/contracts';
import { compareEventIds, type LiveEventLogOptions, liveEventDefaults, type ParsedEventId, parseEventId } from './live-event-ids.js';
import type { LiveEventLog, LoggedEvent } from './live-events.js';

export interface MemoryLiveEventLogOptions extends LiveEventLogOptions {
  now?: () => number;
  /** Told about a listener that threw; the other listeners still get the event. */
  onListenerError?: (error: unknown) => void;
}

export interface MemoryLiveEventLog extends LiveEventLog {
  /** Conversations with a listener and the listeners in all, and the logs kept (for tests and metrics). */
  listening(): { conversations: number; listeners: number; logs: number };
}

interface ConversationLog {
  events: LoggedEvent[];
  last: ParsedEventId;
  /** The newest event trimmed away: a client that saw an older one has missed events. */
  maxDeleted: ParsedEventId;
  expiresAt: number;
}

/**
 * The live event log of the one-process mode without Redis: the same ids, bounds, expiry and
 * `reset` rule as the Redis log, kept in this process.
 */
export function memoryLiveEventLog(options: MemoryLiveEventLogOptions = {}): MemoryLiveEventLog {
  const maxEvents = options.maxEvents ?? liveEventDefaults.maxEvents;
  const ttlMs = (options.ttlSeconds ?? liveEventDefaults.ttlSeconds) * 1000;
  const now = options.now ?? Date.now;
  const logs = new Map<string, ConversationLog>();
  const listeners = new Map<string, Set<(event: LoggedEvent) => void>>();
  let lastSweep = now();

  function sweep(time: number): void {
    // At most once a second, so memory stays bounded by the TTL without a timer.
    if (time - lastSweep < 1_000) return;
    lastSweep = time;
    for (const [id, log] of logs) if (log.expiresAt <= time) logs.delete(id);
  }

  function live(conversationId: string, time: number): ConversationLog | undefined {
    const log = logs.get(conversationId);
    if (log && log.expiresAt <= time) {
      logs.delete(conversationId);
      return undefined;
    }
    return log;
  }

  /** One event appended to a conversation's log and told to its listeners; its id. */
  function appendOne(conversationId: string, event: LiveLogEvent): string {
    const time = now();
    sweep(time);
    let log = live(conversationId, time);
    if (!log) {
      log = { events: [], last: [0, 0], maxDeleted: [0, 0], expiresAt: 0 };
      logs.set(conversationId, log);
    }
    const ms = Math.max(time, log.last[0]);
    const parsed: ParsedEventId = ms === log.last[0] ? [ms, log.last[1] + 1] : [ms, 0];
    const entry = { id: `${parsed[0]}-${parsed[1]}`, event: event.event, data: structuredClone(event.data) } as LoggedEvent;
    log.events.push(entry);
    log.last = parsed;
    log.expiresAt = time + ttlMs;
    while (log.events.length > maxEvents) {
      const dropped = log.events.shift();
      if (dropped) log.maxDeleted = parseEventId(dropped.id) ?? log.maxDeleted;
    }
    for (const listener of [...(listeners.get(conversationId) ?? [])]) {
      try {
        listener(entry);
      } catch (error) {
        options.onListenerError?.(error);
      }
    }
    return entry.id;
  }

  return {
    async append(conversationId, event) {
      return appendOne(conversationId, event);
    },

    async appendAll(conversationId, events) {
      return events.map((event) => appendOne(conversationId, event));
    },

    async readAfter(conversationId, afterId, limit = liveEventDefaults.readLimit) {
      const log = live(conversationId, now());
      const kept = log?.events ?? [];
      if (afterId === undefined) return { events: kept.slice(0, limit), reset: false };
      const after = parseEventId(afterId);
      if (after === undefined) return { events: kept.slice(0, limit), reset: true };
      if (!log) return { events: [], reset: false };
      if (compareEventIds(after, log.maxDeleted) < 0 || compareEventIds(after, log.last) > 0) {
        return { events: kept.slice(0, limit), reset: true };
      }
      const start = kept.findIndex((event) => compareEventIds(parseEventId(event.id) ?? [0, 0], after) > 0);
      return { events: start < 0 ? [] : kept.slice(start, start + limit), reset: false };
    },

    async lastEventId(conversationId) {
      return live(conversationId, now())?.events.at(-1)?.id;
    },

    subscribe(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) {
        set = new Set();
        listeners.set(conversationId, set);
      }
      set.add(listener);
      return () => {
        const current = listeners.get(conversationId);
        if (!current) return;
        current.delete(listener);
        if (current.size === 0) listeners.delete(conversationId);
      };
    },

    listening() {
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return { conversations: listeners.size, listeners: count, logs: logs.size };
    },

    async forget(conversationId) {
      logs.delete(conversationId);
    },
    async dropWhere(conversationId, matches) {
      const log = live(conversationId, now());
      if (!log) return 0;
      const before = log.events.length;
      log.events = log.events.filter((event) => !matches(event));
      return before - log.events.length;
    },
    async close() {
      listeners.clear();
    },
  };
}
