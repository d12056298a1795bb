import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js/max';
import { RE2JS } from 're2js';
import { skeleton } from './skeleton.js';

/** The kinds of personal data content rules find (docs/public-chat-api.md "Content rules"). */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban';

/** What a redacted message says in place of each kind. */
export const PII_PLACEHOLDERS: Record<PiiKind, string> = { email: '[email]', phone: '[phone]', card: '[card]', iban: '[iban]' };

/** A piece of personal data in a text: where it is (UTF-16 offsets, end exclusive) and what it is. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

// RE2 for every scan, as for patterns from configs: visitors choose the text, and a backtracking
// engine can be made to take quadratic time on an address-like run without an end.
const EMAIL = RE2JS.compile(
  String.raw`[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}`,
);
/**
 * 13 to 19 digits, single spaces or dashes between them, or dots between groups as cards are
 * printed (4-4-4-4 and longer, Amex's 4-6-5: dots in threes are an amount's thousands), not inside
 * a longer run of digits.
 */
const CARD = RE2JS.compile(
  String.raw`(?:^|[^0-9A-Za-z])((?:[0-9][ \-]?){12,18}[0-9]|[0-9]{4}\.[0-9]{4}\.[0-9]{4}\.[0-9]{1,4}(?:\.[0-9]{1,3})?|[0-9]{4}\.[0-9]{6}\.[0-9]{4,5})(?:$|[^0-9A-Za-z])`,
);
/** Where an IBAN may start: a country code and two check digits, at a word's start. */
/** An IBAN's country code and check digits right before a run of digits. */
const IBAN_PREFIX_BEFORE = /[A-Za-z]{2}[0-9]{2} ?$/;
const IBAN_START = RE2JS.compile(String.raw`(?:^|[^0-9A-Za-z])([A-Za-z]{2}[0-9]{2})`);

function* matches(re: RE2JS, text: string, group = 0): Generator<{ start: number; end: number }> {
  const matcher = re.matcher(text);
  let from = 0;
  while (from <= text.length && matcher.find(from)) {
    const start = matcher.start(group);
    const end = matcher.end(group);
    yield { start, end };
    // The card and IBAN patterns consume the character after a match: the next search starts at the match's end.
    from = Math.max(end, matcher.start() + 1);
  }
}

/** The Luhn checksum payment card numbers carry. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Issuers' numbers start with 2 to 6 (Mastercard's 2-series, Amex, Diners and JCB's 3, Visa's 4,
 * Mastercard's and Maestro's 5, Discover's and UnionPay's 6): a Luhn-valid run starting otherwise
 * is an order or tracking number, which one time in ten passes Luhn by chance.
 */
function cardSpans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (!hasDigitRun(text, CARD_MIN_DIGITS)) return spans;
  for (const { start, end } of matches(CARD, text, 1)) {
    const raw = text.slice(start, end);
    // One kind of separator: "4111 1111-1111 1111" is not how anyone writes a card number.
    if (new Set(raw.replace(/[0-9]/g, '')).size > 1) continue;
    // The digits after an IBAN's country code and check digits are its own, even when its checksum fails.
    if (IBAN_PREFIX_BEFORE.test(text.slice(Math.max(0, start - 5), start))) continue;
    const digits = raw.replace(/[ .-]/g, '');
    if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) continue;
    if (luhnValid(digits)) spans.push({ kind: 'card', start, end });
  }
  return spans;
}

/** The fewest digits any form CARD takes has. */
const CARD_MIN_DIGITS = 13;

/**
 * Whether the text has `digits` ASCII digits in one run, with at most one space, dash or dot
 * between two of them – which every card number CARD finds is. One pass, so a text without such
 * a run (nearly every message) is not searched by CARD at all.
 */
function hasDigitRun(text: string, digits: number): boolean {
  let run = 0;
  let separated = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      run += 1;
      separated = false;
      if (run >= digits) return true;
    } else if (run > 0 && !separated && (code === 32 || code === 45 || code === 46)) {
      separated = true;
    } else {
      run = 0;
      separated = false;
    }
  }
  return false;
}

/**
 * Where IBAN_START could match, as a fixed-width pattern the runtime's own engine reads in linear
 * time: a text without a country code and check digits at a word's start is not searched by RE2.
 */
const MAY_START_IBAN = /(?:^|[^0-9A-Za-z])[A-Za-z]{2}[0-9]{2}/;

/** An IBAN has its country's length (ibantools knows each); it may be written in groups of four with single spaces. */
function ibanSpans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (!MAY_START_IBAN.test(text)) return spans;
  for (const { start } of matches(IBAN_START, text, 1)) {
    let end = start;
    let compact = '';
    let candidate: PiiSpan | undefined;
    // Take characters (skipping single spaces) while they may still be an IBAN; keep the longest valid one.
    while (end < text.length && compact.length < 34) {
      const char = text[end] ?? '';
      if (char === ' ' && /[0-9A-Za-z]/.test(text[end + 1] ?? '') && compact.length >= 4) {
        end += 1;
        continue;
      }
      if (!/[0-9A-Za-z]/.test(char)) break;
      compact += char;
      end += 1;
      if (compact.length >= 15 && !/[0-9A-Za-z]/.test(text[end] ?? '') && isValidIBAN(electronicFormatIBAN(compact) ?? '')) {
        candidate = { kind: 'iban', start, end };
      }
    }
    if (candidate) spans.push(candidate);
  }
  return spans;
}

/**
 * Numbers written with a country code (+49 …, 0049 …) are judged by the numbering plan of that
 * country. One without a code is taken as a phone number only when it is a valid number of one
 * of `countries` and is written the way a phone number is (a trunk 0 or a parenthesised area
 * code, or grouped digits), so order numbers, dates, prices and amounts are left alone.
 */
function phoneSpans(text: string, countries: readonly CountryCode[], taken: readonly PiiSpan[] = []): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number) => {
    const key = `${start}:${end}`;
    if (!seen.has(key)) spans.push({ kind: 'phone', start, end });
    seen.add(key);
  };
  // Each search below scans the whole text and costs tens of microseconds even where there is no
  // number at all, so each runs only where it could find one: no valid number has fewer digits; a
  // number with its country code is written with a plus; one without starts a run of digits with a
  // trunk 0, or with a parenthesis, or is grouped 3-3-4 – outside what was found already (earlier
  // kinds win over a phone number where they overlap, see findPii).
  if ((text.match(ANY_DIGIT)?.length ?? 0) < MIN_PHONE_DIGITS) return spans;
  // A number with its country code is looked for around the plus signs only: libphonenumber tries
  // every run of digits of what it is given (an order number, a date) as a number, at a cost.
  // Plus signs close together share one stretch, so no character is searched twice.
  for (const [from, to] of plusStretches(text)) {
    for (const found of findPhoneNumbersInText(text.slice(from, to))) add(from + found.startsAt, from + found.endsAt);
  }
  if (!NATIONAL_START.test(outside(text, [...taken, ...spans]))) return spans;
  for (const country of countries) {
    for (const found of findPhoneNumbersInText(text, { defaultCountry: country })) {
      const written = text.slice(found.startsAt, found.endsAt);
      if (written.startsWith('+')) continue;
      if (!/^(?:0|\(|00)/.test(written) && !/^\d{3}[ .-]\d{3}[ .-]\d{4}$/.test(written)) continue;
      add(found.startsAt, found.endsAt);
    }
  }
  return spans;
}

/** Fewer digits than any phone number has, in any script. */
const MIN_PHONE_DIGITS = 5;
const ANY_DIGIT = /\p{Nd}/gu;
/** The plus signs libphonenumber takes for a country code's. */
const PLUS_SIGNS = /[+\uFF0B]/g;
/**
 * How much of the text after a plus sign is searched for a number with a country code: the longest
 * numbers (15 digits) with a separator between each, and an extension, fit in it.
 */
const PLUS_WINDOW = 64;
/** The stretches of the text around its plus signs (from the character before each to PLUS_WINDOW after), those that meet merged. */
function plusStretches(text: string): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  for (const plus of text.matchAll(PLUS_SIGNS)) {
    const from = Math.max(0, plus.index - 1);
    const to = Math.min(text.length, plus.index + PLUS_WINDOW);
    const last = stretches.at(-1);
    if (last && from <= last[1]) last[1] = to;
    else stretches.push([from, to]);
  }
  return stretches;
}

/** What a number without a country code must start with or be, as phoneSpans keeps them. */
const NATIONAL_START = /(?:^|\P{Nd})0|\(|\d{3}[ .-]\d{3}[ .-]\d{4}/u;

/** The text with the spans blanked out. */
function outside(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    out += `${text.slice(at, span.start)} `;
    at = Math.max(at, span.end);
  }
  return out + text.slice(at);
}

/** The countries whose national numbers (without a country code) are recognised: the link's visitors are mostly local, and these are the platform's languages' main ones. */
export const NATIONAL_PHONE_COUNTRIES: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES', 'JP'];

/** Earlier kinds win where spans overlap: an email's digits are not a phone number, an IBAN's are not a card's. */
const PRIORITY: PiiKind[] = ['email', 'iban', 'card', 'phone'];

/**
 * Every piece of personal data in the text, in order, none overlapping: found in the text's
 * skeleton (skeleton.ts: `john＠example.com`, `٤١١١ ١١١١ ١١١١ ١١١١` and an IBAN with zero-width
 * spaces between its groups are what they read as), each span the original's characters it covers.
 */
export function findPii(text: string, countries: readonly CountryCode[] = NATIONAL_PHONE_COUNTRIES): PiiSpan[] {
  const read = skeleton(text, { joinLines: false });
  const spans: PiiSpan[] = [];
  for (const span of findPiiIn(read.text, countries)) {
    const { start, end } = read.original(span.start, span.end);
    const last = spans[spans.length - 1];
    // Two spans end and start inside one character that folds to several (`⑴` is `(1)`): one span.
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else spans.push({ kind: span.kind, start, end });
  }
  return spans;
}

/** Every piece of personal data in an already normalized text. */
function findPiiIn(text: string, countries: readonly CountryCode[]): PiiSpan[] {
  const kept: PiiSpan[] = [];
  const found: Record<PiiKind, () => PiiSpan[]> = {
    // Every address has an @ (the skeleton reads ＠ and the like as one).
    email: () => (text.includes('@') ? [...matches(EMAIL, text)].map(({ start, end }) => ({ kind: 'email' as const, start, end })) : []),
    iban: () => ibanSpans(text),
    card: () => cardSpans(text),
    phone: () => phoneSpans(text, countries, kept),
  };
  for (const kind of PRIORITY) {
    for (const span of found[kind]()) {
      if (!kept.some((other) => span.start < other.end && other.start < span.end)) kept.push(span);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The text with each span replaced by its placeholder; the rest exactly as it was. */
export function redactPii(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + PII_PLACEHOLDERS[span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}
