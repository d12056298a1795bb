/** Who is signed in: the key, and for the admin key the tenant chosen. */
export interface SignedIn {
  key: string;
  scope: 'platform' | 'tenant';
  tenantId?: string | undefined;
  tenantName?: string | undefined;
}

const KEY = 'parley.console';
let memory: SignedIn | undefined;

/**
 * The key lives in sessionStorage – gone when the tab closes, never in a URL or a cookie – and in
 * memory when storage is denied, so the console still works for the life of the page.
 */
export const signInStore = {
  load(): SignedIn | undefined {
    try {
      const raw = window.sessionStorage.getItem(KEY);
      if (raw) {
        const saved = JSON.parse(raw) as SignedIn;
        if (typeof saved.key === 'string') return saved;
      }
    } catch {
      // Denied or corrupt: memory is all there is.
    }
    return memory;
  },
  save(signedIn: SignedIn): void {
    memory = signedIn;
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(signedIn));
    } catch {
      // Denied: kept in memory only.
    }
  },
  clear(): void {
    memory = undefined;
    try {
      window.sessionStorage.removeItem(KEY);
    } catch {
      // Denied: nothing was stored.
    }
  },
};
