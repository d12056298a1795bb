import type { LinkTheme } from '@parley/contracts';
import { AA_TEXT, contrastRatio, textOn } from './contrast';

export type Mode = LinkTheme['mode'];

/**
 * The backdrops the accent is read on as text (links, names, outlined buttons): the darkest of
 * the light palettes' surfaces, the lightest of the dark ones. Both pages keep to them.
 */
const LIGHT_BACKDROP = '#f1f3f5';
const DARK_BACKDROP = '#1f2937';

/**
 * A brand colour as the pages' custom properties: `--brand` fills buttons, the visitor's bubbles
 * and the launcher, with `--brand-text` on it (white or near-black, whichever is readable);
 * `--brand-ink-light` and `--brand-ink-dark` are the colour as text on each mode's backdrop, left
 * out where it would not be readable there (the page's own accent stays). Without a brand colour,
 * none: each page's defaults apply.
 */
export function brandVariables(color: string | undefined): Record<string, string | null> {
  if (!color) return { '--brand': null, '--brand-text': null, '--brand-ink-light': null, '--brand-ink-dark': null };
  return {
    '--brand': color,
    '--brand-text': textOn(color),
    '--brand-ink-light': contrastRatio(color, LIGHT_BACKDROP) >= AA_TEXT ? color : null,
    '--brand-ink-dark': contrastRatio(color, DARK_BACKDROP) >= AA_TEXT ? color : null,
  };
}

/** Sets (or, for null, removes) custom properties on `target` through the CSSOM, which a strict style-src allows. */
export function setVariables(target: HTMLElement, variables: Record<string, string | null>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (value === null) target.style.removeProperty(name);
    else target.style.setProperty(name, value);
  }
}

/**
 * `dark` on `target` as the mode says: `auto` follows the visitor's `prefers-color-scheme`, live
 * (a system that turns dark at sunset turns the page too). Returns what stops following.
 */
export function followMode(target: HTMLElement, mode: Mode): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => target.classList.toggle('dark', mode === 'dark' || (mode === 'auto' && query.matches));
  apply();
  if (mode !== 'auto') return () => undefined;
  query.addEventListener('change', apply);
  return () => query.removeEventListener('change', apply);
}
