/** What the page keeps of a conversation across reloads: the credential and the last counters. */
export interface SavedSession {
  session: string;
  remaining: number | null;
  expiresAt: string | null;
  /** The host site's signed-in user the session was started for (the widget's `user`). */
  userId?: string;
  /** A reply offered the visitor a person (docs/escalation.md "Offering a person"): the offer stands. */
  offered?: boolean;
  /** The request for a person the widget has told its page of (its `escalated` event): a replay of its events tells it no second time. */
  escalated?: string;
}

/**
 * localStorage per link token; in memory when storage is denied (private windows, blocked
 * site data), so the chat still works for the life of the page.
 */
export function sessionStore(token: string) {
  const key = `parley.chat.${token}`;
  let memory: SavedSession | undefined;
  return {
    load(): SavedSession | undefined {
      try {
        const raw = window.localStorage.getItem(key);
        if (raw) {
          const saved = JSON.parse(raw) as SavedSession;
          if (typeof saved.session === 'string') return saved;
        }
      } catch {
        // Storage denied or corrupt: what this page holds in memory is all there is.
      }
      return memory;
    },
    save(saved: SavedSession): void {
      memory = saved;
      try {
        window.localStorage.setItem(key, JSON.stringify(saved));
      } catch {
        // Denied: kept in memory only.
      }
    },
    clear(): void {
      memory = undefined;
      try {
        window.localStorage.removeItem(key);
      } catch {
        // Denied: nothing was stored.
      }
    },
  };
}
