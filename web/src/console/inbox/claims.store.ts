/**
 * The escalations this tab claimed: its composer is open only for those. Kept per tab, like the
 * key it signed in with (sessionStorage, memory when denied); the server has the last word (409).
 */
const KEY = 'parley.console.claims';
let memory = new Set<string>();

export const claimsStore = {
  load(): Set<string> {
    try {
      const raw = window.sessionStorage.getItem(KEY);
      if (raw) memory = new Set(JSON.parse(raw) as string[]);
    } catch {
      // Denied or corrupt: memory only.
    }
    return new Set(memory);
  },
  save(claims: Set<string>): void {
    memory = new Set(claims);
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify([...claims]));
    } catch {
      // Denied: memory only.
    }
  },
};
