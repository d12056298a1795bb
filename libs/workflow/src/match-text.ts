/**
 * The form of a message that patterns and keywords are matched against (docs/workflow.md
 * "Extraction"): what a reader sees, not how it was typed. Characters that draw nothing are
 * dropped, compatibility forms are folded (NFKC: fullwidth `Ｉ`, `４`, `＠`, ligatures, no-break
 * spaces) and every script's decimal digits are read as 0–9, so `ord\u200ber ４２` is `order 42`.
 * Letters keep their case and accents; content rules go further (libs/content-rules).
 */

/**
 * Default-ignorable code points and format characters: zero-width space, joiner and non-joiner,
 * soft hyphen, word joiner, BOM, bidi controls, variation selectors, tag characters, Hangul
 * fillers. None draws anything, so one inside a word only hides it from a pattern.
 */
export const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
const INVISIBLES = new RegExp(INVISIBLE.source, 'gu');

const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII_DIGITS = /(?![0-9])\p{Nd}/gu;
const digitValues = new Map<number, string>();

/**
 * The ASCII digit a decimal digit of any script stands for (`٤`, `४`, `４` are 4), or undefined
 * for a character that is none. Unicode encodes each script's digits 0 to 9 in a row, and where
 * two scripts' rows touch each is still ten long, so a digit's value is its distance from the
 * start of its run of digits, modulo 10.
 */
export function asciiDigit(char: string): string | undefined {
  const code = char.codePointAt(0);
  if (code === undefined || !DECIMAL_DIGIT.test(char)) return undefined;
  let digit = digitValues.get(code);
  if (digit === undefined) {
    let start = code;
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    digit = String((code - start) % 10);
    digitValues.set(code, digit);
  }
  return digit;
}

/** The text as patterns and keywords see it: invisible characters dropped, NFKC, every decimal digit as 0–9. */
export function normalizeForMatching(text: string): string {
  const visible = text.replace(INVISIBLES, '').normalize('NFKC');
  return visible.replace(NON_ASCII_DIGITS, (digit) => asciiDigit(digit) ?? digit);
}
