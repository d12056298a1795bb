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

/** A link's look as the page keeps it for the next visit: its mode and brand colour, nothing else. */
export interface KeptLook {
  mode: 'auto' | 'light' | 'dark';
  brand_color?: string;
}

const MODES: readonly string[] = ['auto', 'light', 'dark'];
const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The look a link had when this browser last opened it (localStorage per link token), worn from the
 * page's first frame on the next visit instead of the visitor's own mode until the link comes in.
 * Only a mode and a colour of the link's shape are taken back: anything else is as if none was kept.
 */
export function lookStore(token: string) {
  const key = `parley.look.${token}`;
  return {
    load(): KeptLook | undefined {
      try {
        const kept = JSON.parse(window.localStorage.getItem(key) ?? 'null') as Partial<KeptLook> | null;
        if (!kept || typeof kept.mode !== 'string' || !MODES.includes(kept.mode)) return undefined;
        return { mode: kept.mode, ...(typeof kept.brand_color === 'string' && COLOR.test(kept.brand_color) ? { brand_color: kept.brand_color } : {}) };
      } catch {
        return undefined;
      }
    },
    /** The link's look as it came; none (a link without a theme, or gone): forgotten. */
    save(look: KeptLook | undefined): void {
      try {
        if (look) window.localStorage.setItem(key, JSON.stringify({ mode: look.mode, ...(look.brand_color ? { brand_color: look.brand_color } : {}) }));
        else window.localStorage.removeItem(key);
      } catch {
        // Denied: the next visit follows the visitor's mode until the link comes in, as a first one does.
      }
    },
  };
}
