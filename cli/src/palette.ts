/**
 * Terminal colours, or none, decided once per stream by paletteFor. Plain SGR codes: whether to
 * colour is this module's rule (a terminal, NO_COLOR), so util.styleText's own stream checks on
 * every call would only repeat it.
 */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;

export const ansi: Palette = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
  magenta: sgr(35, 39),
};

const same = (text: string): string => text;

export const plain: Palette = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same, magenta: same };

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function paletteFor(stream: { isTTY?: boolean }, noColor: string | undefined): Palette {
  return stream.isTTY === true && (noColor === undefined || noColor === '') ? ansi : plain;
}
