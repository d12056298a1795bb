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
 * One item of localStorage as JSON, taken back only as `accept` takes it; storage denied (private
 * windows, blocked site data) or an item that does not parse reads as none and is written nowhere.
 */
function storedJson<T>(key: string, accept: (value: unknown) => T | undefined) {
  return {
    read(): T | undefined {
      try {
        const raw = window.localStorage.getItem(key);
        return raw === null ? undefined : accept(JSON.parse(raw));
      } catch {
        return undefined;
      }
    },
    /** Undefined: the item removed. */
    write(value: T | undefined): void {
      try {
        if (value === undefined) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Denied: nothing is kept.
      }
    },
  };
}

/**
 * localStorage per link token; in memory when storage is denied (private windows, blocked
 * site data), so the chat still works for the life of the page.
 */
export function sessionStore(token: string) {
  const stored = storedJson(`parley.chat.${token}`, (value): SavedSession | undefined =>
    typeof value === 'object' && value !== null && typeof (value as Partial<SavedSession>).session === 'string' ? (value as SavedSession) : undefined,
  );
  let memory: SavedSession | undefined;
  return {
    load(): SavedSession | undefined {
      // Storage denied or corrupt: what this page holds in memory is all there is.
      return stored.read() ?? memory;
    },
    save(saved: SavedSession): void {
      memory = saved;
      stored.write(saved);
    },
    clear(): void {
      memory = undefined;
      stored.write(undefined);
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
  const stored = storedJson(`parley.look.${token}`, (value): KeptLook | undefined => {
    const kept = value as Partial<KeptLook> | null;
    if (!kept || typeof kept.mode !== 'string' || !MODES.includes(kept.mode)) return undefined;
    return { mode: kept.mode, ...(typeof kept.brand_color === 'string' && COLOR.test(kept.brand_color) ? { brand_color: kept.brand_color } : {}) };
  });
  return {
    load: (): KeptLook | undefined => stored.read(),
    /**
     * The link's look as it came; none (a link without a theme, or gone): forgotten. Storage
     * denied: the next visit follows the visitor's mode until the link comes in, as a first one does.
     */
    save(look: KeptLook | undefined): void {
      stored.write(look && { mode: look.mode, ...(look.brand_color ? { brand_color: look.brand_color } : {}) });
    },
  };
}
