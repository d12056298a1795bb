import type { LiveLogEvent } from '@parley/contracts';

/**
 * The ordered log of one conversation's live events (a reply's deltas, complete messages, the
 * agent's status, the session ending), kept for a while so a client that reconnects resumes
 * after the last event it saw – on any gateway process – without loss or duplicates.
 */

/**
 * An event as a log holds it: one of the catalogued live events (a conversation's, or a tenant's
 * inbox's, docs/api.md) with the id the log gave it.
 */
export type LoggedEvent = LiveLogEvent & {
  /** Increases monotonically within a log; SSE `id:`, the `Last-Event-ID` to resume from. */
  id: string;
};

export interface LiveEventLog {
  /**
   * Appends an event; resolves to its id. Writers never fail a turn for it (callers catch). Only
   * catalogued events, by type: the log does not parse them again – a parse of every delta would
   * cost CPU on a turn's hot path for what the types and the writers' contract test (the
   * gateway's live-catalog.contract.test.ts) already hold.
   */
  append(key: string, event: LiveLogEvent): Promise<string>;
  /**
   * Appends events in their order, at one instant (one round trip where the log is remote: a
   * turn's messages); resolves to their ids. As `append` otherwise.
   */
  appendAll(key: string, events: readonly LiveLogEvent[]): Promise<string[]>;
  /**
   * The events after `afterId` (all kept events when undefined), oldest first. `reset` is true
   * when `afterId` is older than the oldest event still kept: events were lost to the client,
   * which should reload the history instead.
   */
  readAfter(conversationId: string, afterId: string | undefined, limit?: number): Promise<{ events: LoggedEvent[]; reset: boolean }>;
  /**
   * The id of the newest event kept, undefined when none is: where a reader that wants only what
   * comes from now on starts (a protocol client's run follows its own turn alone).
   */
  lastEventId(conversationId: string): Promise<string | undefined>;
  /**
   * Calls `listener` for each event appended from now on (by any process). One shared
   * subscription per process, however many conversations are listened to. Returns an unsubscribe.
   */
  subscribe(conversationId: string, listener: (event: LoggedEvent) => void): () => void;
  /** Drops a conversation's kept events (its visitor erased it): a replay finds nothing after. */
  forget(conversationId: string): Promise<void>;
  /**
   * Removes the kept events `matches` picks from one log, keeping the others with their ids (a
   * shared log, such as the operators' inbox, naming an erased visitor); answers how many went.
   * A reader past a removed event is not told to reload: what went is no longer there to miss.
   */
  dropWhere(conversationId: string, matches: (event: LoggedEvent) => boolean): Promise<number>;
  /** Releases the shared subscription. */
  close(): Promise<void>;
}
