/**
 * The ordered log of one conversation's live events (a reply's deltas, complete messages, the
 * agent's status, the session ending), kept for a while so a client that reconnects resumes
 * after the last event it saw – on any gateway process – without loss or duplicates.
 */

/** The events a visitor's stream carries (docs/api.md's public events). */
export type LiveEventName = 'delta' | 'message' | 'status' | 'session_ended' | 'escalation';

export interface LiveEvent {
  /** Increases monotonically within a conversation; SSE `id:`, the `Last-Event-ID` to resume from. */
  id: string;
  event: LiveEventName;
  data: unknown;
}

export interface LiveEventLog {
  /** Appends an event; resolves to its id. Writers never fail a turn for it (callers catch). */
  append(conversationId: string, event: LiveEventName, data: unknown): Promise<string>;
  /**
   * The events after `afterId` (all kept events when undefined), oldest first. `reset` is true
   * when `afterId` is older than the oldest event still kept: events were lost to the client,
   * which should reload the history instead.
   */
  readAfter(conversationId: string, afterId: string | undefined, limit?: number): Promise<{ events: LiveEvent[]; reset: boolean }>;
  /**
   * Calls `listener` for each event appended from now on (by any process). One shared
   * subscription per process, however many conversations are listened to. Returns an unsubscribe.
   */
  subscribe(conversationId: string, listener: (event: LiveEvent) => void): () => void;
  /** Drops a conversation's kept events (its visitor erased it): a replay finds nothing after. */
  forget(conversationId: string): Promise<void>;
  /**
   * Removes the kept events `matches` picks from one log, keeping the others with their ids (a
   * shared log, such as the operators' inbox, naming an erased visitor); answers how many went.
   * A reader past a removed event is not told to reload: what went is no longer there to miss.
   */
  dropWhere(conversationId: string, matches: (event: LiveEvent) => boolean): Promise<number>;
  /** Releases the shared subscription. */
  close(): Promise<void>;
}
