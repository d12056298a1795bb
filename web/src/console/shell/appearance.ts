import { followMode, type Mode } from '../../look/theme';

/** A preference, not a secret: kept across tabs and visits, unlike the key (sessionStorage). */
const KEY = 'parley.console.mode';

/** Light, dark, or (`auto`, the default) as the person's system is, live. */
export function storedAppearance(): Mode {
  try {
    const value = window.localStorage.getItem(KEY);
    if (value === 'light' || value === 'dark') return value;
  } catch {
    // Storage denied: the system's mode.
  }
  return 'auto';
}

let stopFollowing: () => void = () => undefined;

/** Puts the console in `mode`; `remember` keeps it for the next visit (storage allowing). */
export function applyAppearance(mode: Mode, remember = false): void {
  stopFollowing();
  stopFollowing = followMode(document.documentElement, mode);
  if (!remember) return;
  try {
    if (mode === 'auto') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, mode);
  } catch {
    // Denied: it holds for this page only.
  }
}
