import { afterEach, describe, expect, it } from 'vitest';
import { lookStore, sessionStore } from './session.store';

/** A browser's localStorage as the page sees it; `denied`: every call throws, as with site data blocked. */
function storage(denied = false) {
  const items = new Map<string, string>();
  const refuse = () => {
    if (denied) throw new Error('SecurityError: access denied');
  };
  return {
    items,
    getItem(key: string) {
      refuse();
      return items.get(key) ?? null;
    },
    setItem(key: string, value: string) {
      refuse();
      items.set(key, value);
    },
    removeItem(key: string) {
      refuse();
      items.delete(key);
    },
  };
}
const inWindow = (localStorage: ReturnType<typeof storage>) => {
  (globalThis as unknown as { window: unknown }).window = { localStorage };
  return localStorage;
};
const TOKEN = 'a'.repeat(32);

describe("a link's look kept for the next visit", () => {
  afterEach(() => {
    delete (globalThis as unknown as { window?: unknown }).window;
  });

  it('gives back the mode and colour the link had, per link, and forgets them when told', () => {
    const kept = inWindow(storage());
    lookStore(TOKEN).save({ mode: 'light', brand_color: '#fde047' });
    lookStore('b'.repeat(32)).save({ mode: 'dark' });
    expect(lookStore(TOKEN).load()).toEqual({ mode: 'light', brand_color: '#fde047' });
    expect(lookStore('b'.repeat(32)).load()).toEqual({ mode: 'dark' });
    expect(lookStore('c'.repeat(32)).load()).toBeUndefined();
    lookStore(TOKEN).save(undefined);
    expect(lookStore(TOKEN).load()).toBeUndefined();
    expect([...kept.items.keys()]).toEqual([`parley.look.${'b'.repeat(32)}`]);
  });

  it('takes back only a mode and a colour of the link’s shape: anything else written there is as if none was kept', () => {
    const kept = inWindow(storage());
    const key = `parley.look.${TOKEN}`;
    kept.items.set(key, JSON.stringify({ mode: 'light', brand_color: 'red;background:url(https://x.test)' }));
    expect(lookStore(TOKEN).load()).toEqual({ mode: 'light' });
    kept.items.set(key, JSON.stringify({ mode: 'sepia', brand_color: '#000000' }));
    expect(lookStore(TOKEN).load()).toBeUndefined();
    kept.items.set(key, '{not json');
    expect(lookStore(TOKEN).load()).toBeUndefined();
  });

  it('keeps nothing, and fails nothing, where the browser denies storage', () => {
    inWindow(storage(true));
    expect(() => lookStore(TOKEN).save({ mode: 'dark', brand_color: '#1d4ed8' })).not.toThrow();
    expect(lookStore(TOKEN).load()).toBeUndefined();
  });
});

describe('a conversation kept across reloads', () => {
  afterEach(() => {
    delete (globalThis as unknown as { window?: unknown }).window;
  });
  const saved = { session: 'sess_1', remaining: 9, expiresAt: null };

  it('gives back the credential and counters per link, from a new page too, and forgets them when cleared', () => {
    const kept = inWindow(storage());
    sessionStore(TOKEN).save(saved);
    // A reload: a new store over the same storage.
    expect(sessionStore(TOKEN).load()).toEqual(saved);
    expect(sessionStore('b'.repeat(32)).load()).toBeUndefined();
    sessionStore(TOKEN).clear();
    expect(sessionStore(TOKEN).load()).toBeUndefined();
    expect(kept.items.size).toBe(0);
  });

  it('keeps the conversation for the life of the page where storage is denied, or holds something else', () => {
    inWindow(storage(true));
    const store = sessionStore(TOKEN);
    expect(() => store.save(saved)).not.toThrow();
    expect(store.load()).toEqual(saved);
    store.clear();
    expect(store.load()).toBeUndefined();

    const kept = inWindow(storage());
    kept.items.set(`parley.chat.${TOKEN}`, JSON.stringify({ session: 42 }));
    expect(sessionStore(TOKEN).load()).toBeUndefined();
    kept.items.set(`parley.chat.${TOKEN}`, '{not json');
    expect(sessionStore(TOKEN).load()).toBeUndefined();
  });
});
