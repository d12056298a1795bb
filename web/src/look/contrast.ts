/**
 * Colour contrast as WCAG 2.x defines it: relative luminance of sRGB colours and the ratio
 * between two of them (1 to 21). Text needs 4.5:1 against what is behind it (AA).
 */

/** `#1d4ed8` → its relative luminance, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export const AA_TEXT = 4.5;
export const WHITE = '#ffffff';
/** The dark text put on light brand colours: near-black, softer than pure black. */
export const NEAR_BLACK = '#111827';

/**
 * The text colour for a brand-coloured button or bubble: white where white is readable on it
 * (4.5:1), else near-black where that is, else whichever of white and black reads better (a
 * mid-grey meets neither near-black nor white; pure black always gets past 4.5 there).
 */
export function textOn(background: string): string {
  if (contrastRatio(background, WHITE) >= AA_TEXT) return WHITE;
  if (contrastRatio(background, NEAR_BLACK) >= AA_TEXT) return NEAR_BLACK;
  return contrastRatio(background, WHITE) >= contrastRatio(background, '#000000') ? WHITE : '#000000';
}
