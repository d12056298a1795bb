import { MAX_CONTENT_LENGTH } from '@parley/contracts';
import { INVISIBLE, normalizeForMatching } from '@parley/workflow';
import confusables from 'unhomoglyph/data.json' with { type: 'json' };

/**
 * The "skeleton" of a message: the text content rules match (docs/public-chat-api.md "Content rules"), so that
 * what reads as a blocked word, an email or a card number is found however it was typed. Starting
 * from what extraction patterns see (invisible characters dropped, NFKC, every script's digits as
 * 0–9: `normalizeForMatching`), it also
 * - drops the combining marks on a Latin letter or digit (`i\u0301gnore`, `4\u0305111`),
 * - writes every dash as `-`, and every space as one space (with `joinLines`, line breaks too:
 *   `previous\ninstructions` is a phrase),
 * - writes the letters of other scripts that look Latin (Cyrillic `а`, Greek `ο`, Cherokee `Ꭺ` …)
 *   as the Latin letter they look like, inside a word that mixes them with Latin letters or with
 *   another script's lookalikes. A word wholly of one other script is left alone: Russian `сор`
 *   is a word of its own, not `cop`, and an ordinary Russian or Greek sentence is matched as written.
 * The rules only read the skeleton: what is stored and sent on is the original text, and a span
 * found in the skeleton is mapped back to the original's characters (`original`) to be redacted.
 */
export interface Skeleton {
  readonly text: string;
  /** The original text's span (UTF-16 offsets, end exclusive) that the skeleton's span stands for, the invisible characters inside it included. */
  original(start: number, end: number): { start: number; end: number };
}

export interface SkeletonOptions {
  /** Every run of whitespace, line breaks included, as one space (for phrases); otherwise a line break stays one. */
  joinLines: boolean;
  /** The skeleton's most UTF-16 units: compatibility forms stop being expanded past it (`ﷺ` is 18 letters). Default: the longest message's. */
  maxLength?: number;
}

/**
 * Lookalikes from Unicode's confusables (UTS #39 `confusables.txt`, the data of the unhomoglyph
 * package): each letter of another script, or a Latin letter outside ASCII, that is confused with
 * one ASCII letter. Latin letters are never mapped to each other (the data writes `m` as `rn`),
 * and what NFKC folds already is not needed. The data's one prototype for I, l and 1 is `l`: a
 * capital that looks like it (Cyrillic `І`, Greek `Ι`) is taken as `I`.
 */
const LOOKALIKES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [char, prototype] of Object.entries(confusables as Record<string, string>)) {
    if ((char.codePointAt(0) ?? 0) < 0x80 || [...char].length !== 1 || !/^\p{L}$/u.test(char)) continue;
    if (char.normalize('NFKC') !== char || !/^[A-Za-z]$/.test(prototype)) continue;
    map.set(char, prototype === 'l' && /\p{Lu}/u.test(char) ? 'I' : prototype);
  }
  return map;
})();

/** The scripts whose letters the data has as Latin lookalikes: a word mixing two of them is mapped. */
const LOOKALIKE_SCRIPTS = [
  'Greek',
  'Cyrillic',
  'Armenian',
  'Cherokee',
  'Coptic',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Lisu',
  'Canadian_Aboriginal',
  'Tifinagh',
  'Ethiopic',
  'Runic',
  'Nko',
  'Miao',
  'Carian',
  'Lycian',
  'Old_Italic',
  'Deseret',
  'Elbasan',
  'Warang_Citi',
  'Osage',
  'Ahom',
  'Bamum',
  'Malayalam',
  'Myanmar',
  'Oriya',
].map((script) => ({ script, test: new RegExp(`\\p{Script=${script}}`, 'u') }));

const scriptOf = (char: string): string => LOOKALIKE_SCRIPTS.find(({ test }) => test.test(char))?.script ?? 'other';

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_LETTER = /[A-Za-z]/;
const LATIN = /\p{Script=Latin}/u;
const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
const WORD = /^[\p{L}\p{M}\p{N}]+$/u;
const WHITESPACE = /^\s+$/u;
const LINE_BREAK = /[\n\r]/;
const DASHES = /[\p{Pd}\u2212]/gu;
const CLUSTER_TAIL = /[\p{M}\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
/** Text the skeleton leaves as it is (`joinLines` aside): printable ASCII and line breaks. */
const PLAIN = /^[\x20-\x7e\n\r]*$/;
const NOT_ONE_SPACE = /\s\s|[\n\r]/;

/** A piece of the skeleton and the original's span it comes from. */
interface Piece {
  out: string;
  start: number;
  end: number;
}

const INVISIBLES = new RegExp(INVISIBLE.source, 'gu');

/**
 * The message as typed, without what draws nothing and with accents composed (NFC): what rules
 * match besides the skeleton, so that a pattern with an accent (`coño`) meets `co\u200bn\u0303o`,
 * and the skeleton's folding never loses a match the typed text had.
 */
export function visibleText(text: string): string {
  if (PLAIN.test(text)) return text;
  const visible = text.replace(INVISIBLES, '').normalize('NFC');
  // NFC lengthens a few characters (Hebrew presentation forms): never past the message's own length.
  return visible.length <= text.length ? visible : text;
}

/** The skeleton of `text` (see Skeleton). */
export function skeleton(text: string, options: SkeletonOptions): Skeleton {
  if (PLAIN.test(text) && !(options.joinLines && NOT_ONE_SPACE.test(text))) {
    return { text, original: (start, end) => ({ start, end }) };
  }
  const pieces = clusters(text, options);
  mapLookalikes(pieces);
  return assemble(text.length, pieces);
}

/**
 * Phase one, character by character: each base character with the marks and invisible characters
 * after it (one cluster, so that NFKC composes it and nothing invisible splits a word) becomes one
 * piece.
 */
function clusters(text: string, { joinLines, maxLength = Math.max(text.length, 2 * MAX_CONTENT_LENGTH) }: SkeletonOptions): Piece[] {
  const pieces: Piece[] = [];
  let length = 0;
  let spaceAt = -1;
  let at = 0;
  while (at < text.length) {
    const start = at;
    at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
    while (at < text.length && text.charCodeAt(at) >= 0xad && CLUSTER_TAIL.test(String.fromCodePoint(text.codePointAt(at) ?? 0))) {
      at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
    }
    const source = text.slice(start, at);
    let out = folded(source);
    if (out === '') continue;
    if (WHITESPACE.test(out)) {
      if (joinLines || !LINE_BREAK.test(out)) out = ' ';
      // A run of spaces is one piece: its span runs on over the run.
      const last = pieces[pieces.length - 1];
      if (joinLines && last && spaceAt === pieces.length - 1) {
        last.end = at;
        continue;
      }
      if (out === ' ') spaceAt = pieces.length;
    }
    // Compatibility forms may be longer than what they fold (`…` is three dots): past the cap, the rest keep their length.
    if (out.length > source.length && length + out.length + (text.length - at) > maxLength) out = source;
    pieces.push({ out, start, end: at });
    length += out.length;
  }
  return pieces;
}

/** Folded clusters by what was typed: a message repeats few of them, and NFKC is the costly part. */
const foldedClusters = new Map<string, string>();
const MAX_FOLDED_CLUSTERS = 10_000;

/** A cluster as normalizeForMatching reads it, dashes as `-`, and without the marks on an ASCII letter or digit. */
function folded(source: string): string {
  if (source.length === 1 && source < '\x80') return source;
  let out = foldedClusters.get(source);
  if (out !== undefined) return out;
  out = normalizeForMatching(source).replace(DASHES, '-');
  if (!ASCII.test(out)) {
    // Marks on an ASCII letter or digit only disguise it; on other scripts' letters they are spelling (й, ά).
    const decomposed = out.normalize('NFD');
    if (decomposed.charCodeAt(0) < 0x80 && MARK.test(decomposed)) out = decomposed.replace(MARKS, '');
  }
  if (foldedClusters.size >= MAX_FOLDED_CLUSTERS) foldedClusters.clear();
  foldedClusters.set(source, out);
  return out;
}

/** Phase two, word by word: a word that mixes Latin with lookalikes, or two scripts' lookalikes, is written in Latin, without marks. */
function mapLookalikes(pieces: Piece[]): void {
  let at = 0;
  while (at < pieces.length) {
    if (!WORD.test(pieces[at]?.out ?? '')) {
      at += 1;
      continue;
    }
    const first = at;
    let latin = false;
    let foreign = false;
    const scripts = new Set<string>();
    for (; at < pieces.length && WORD.test(pieces[at]?.out ?? ''); at += 1) {
      const out = pieces[at]?.out ?? '';
      if (ASCII.test(out)) {
        latin ||= ASCII_LETTER.test(out);
        continue;
      }
      foreign = true;
      const seen = lettersOf(out);
      latin ||= seen.latin;
      for (const script of seen.scripts) scripts.add(script);
    }
    if (!foreign || !(latin || scripts.size >= 2)) continue;
    for (const piece of pieces.slice(first, at)) if (!ASCII.test(piece.out)) piece.out = inLatin(piece.out);
  }
}

/** Whether a piece has a Latin letter, and the scripts of its Latin lookalikes: cached as folded clusters are. */
const pieceLetters = new Map<string, { latin: boolean; scripts: string[] }>();

function lettersOf(out: string): { latin: boolean; scripts: string[] } {
  let seen = pieceLetters.get(out);
  if (seen !== undefined) return seen;
  seen = { latin: false, scripts: [] };
  for (const char of out.normalize('NFD')) {
    if (LATIN.test(char)) seen.latin = true;
    else if (LOOKALIKES.has(char)) seen.scripts.push(scriptOf(char));
  }
  if (pieceLetters.size >= MAX_FOLDED_CLUSTERS) pieceLetters.clear();
  pieceLetters.set(out, seen);
  return seen;
}

/**
 * Each Latin letter or lookalike without its marks, a lookalike as the Latin letter it looks like;
 * every other character as it was (`iPhoneが` keeps its kana's mark, a Hangul syllable stays composed).
 */
function inLatin(text: string): string {
  let out = '';
  for (const char of text) {
    const decomposed = char.normalize('NFD');
    const base = String.fromCodePoint(decomposed.codePointAt(0) ?? 0);
    out += LATIN.test(base) || LOOKALIKES.has(base) ? (LOOKALIKES.get(base) ?? base) + decomposed.slice(base.length).replace(MARKS, '') : char;
  }
  return out;
}

function assemble(originalLength: number, pieces: readonly Piece[]): Skeleton {
  const length = pieces.reduce((sum, piece) => sum + piece.out.length, 0);
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  let text = '';
  for (const piece of pieces) {
    starts.fill(piece.start, text.length, text.length + piece.out.length);
    ends.fill(piece.end, text.length, text.length + piece.out.length);
    text += piece.out;
  }
  return {
    text,
    original(start, end) {
      if (end > start) return { start: starts[start] ?? originalLength, end: ends[end - 1] ?? originalLength };
      const at = starts[start] ?? originalLength;
      return { start: at, end: at };
    },
  };
}
