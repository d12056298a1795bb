import { RE2JS } from 're2js';

/**
 * Extraction patterns come from agent configs and run against what anyone on the internet types,
 * in a process every tenant's turns share. They run on RE2 (re2js), whose matching takes time
 * linear in the message whatever the pattern: a pattern like `(a+)+$` cannot hold the event loop
 * the way a backtracking engine lets it. The price is RE2's syntax: no backreferences and no
 * lookaround (docs/workflow.md), refused when a config is saved.
 */

/** The whole match, then each group (undefined for one that took no part). */
export type PatternMatch = [string, ...Array<string | undefined>];

/**
 * Linear is not free: RE2's time is the compiled program's size times the text's length, and a
 * counted repetition multiplies the size (`(\w+\s?){1,1000}x` compiles to 7,000 instructions and
 * takes 0.7 s on a 10,000-character message). So one pattern's program is capped, a node's
 * patterns together are capped, and a turn has a budget of work (instructions × characters,
 * about 0.2 s at worst) past which further patterns count as no match.
 */
export const MAX_PATTERN_PROGRAM = 1_000;
export const MAX_NODE_PATTERN_PROGRAM = 2_000;
export const PATTERN_WORK_PER_TURN = 20_000_000;

/** What is left of a turn's pattern work; shared by every extraction the turn runs. */
export interface PatternBudget {
  left: number;
}

interface Compiled {
  re: RE2JS;
  /** Instructions in RE2's program: what one character of text costs. */
  size: number;
}

const compiled = new Map<string, Compiled | null>();
const MAX_COMPILED = 500;

/** `\k<name>` not itself escaped: a JavaScript backreference, which the translation would quietly turn into a literal `k`. */
const NAMED_BACKREFERENCE = /(?:^|[^\\])(?:\\\\)*\\k</;

/** A pattern as extraction runs it: JavaScript spellings (`(?<name>…)`, `\u00e9`) translated, case ignored. */
function compileStrict(pattern: string): Compiled {
  if (NAMED_BACKREFERENCE.test(pattern)) throw new Error('backreferences (\\k<name>) are not supported');
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.CASE_INSENSITIVE);
  const size = programSize(re, pattern);
  if (size > MAX_PATTERN_PROGRAM) {
    throw new Error(`too large once compiled (${size} instructions, at most ${MAX_PATTERN_PROGRAM}): use smaller counted repetitions such as {1,50}`);
  }
  return { re, size };
}

/** The program's instruction count (re2js keeps it on the compiled RE2); the pattern's length if a release hides it. */
function programSize(re: RE2JS, pattern: string): number {
  const program = (re as unknown as { re2Input?: { prog?: { inst?: unknown[] } } }).re2Input?.prog?.inst;
  return Array.isArray(program) ? program.length : pattern.length * 4;
}

/** A valid pattern's compiled size (0 for one RE2 cannot compile): what a node's patterns add up to. */
export function patternSize(pattern: string): number {
  return compile(pattern, undefined)?.size ?? 0;
}

/** Why RE2 cannot run the pattern, or undefined when it can: validation on save. */
export function patternProblem(pattern: string): string | undefined {
  try {
    compileStrict(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The compiled pattern, or null when RE2 cannot compile it (a config stored before RE2 checked
 * it on save). `onUnusable` hears of such a pattern the first time it is compiled, not each turn.
 */
function compile(pattern: string, onUnusable: ((message: string) => void) | undefined): Compiled | null {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  let re: Compiled | null = null;
  try {
    re = compileStrict(pattern);
  } catch (error) {
    onUnusable?.(`an extraction pattern RE2 cannot compile counts as no match: ${(error as Error).message}`);
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/**
 * The pattern's first match in the text, ignoring case, as `RegExp.exec` shapes it (index 0 the
 * whole match, then the groups, undefined for one that took no part); null when there is none,
 * the pattern cannot be compiled, or the turn's budget cannot pay for it (`warn` hears why).
 */
export function matchPattern(pattern: string, text: string, budget: PatternBudget, warn?: (message: string) => void): PatternMatch | null {
  const compiledPattern = compile(pattern, warn);
  if (!compiledPattern) return null;
  const work = compiledPattern.size * (text.length + 1);
  if (work > budget.left) {
    if (budget.left > 0) warn?.('the turn spent its pattern work budget: its remaining extraction patterns count as no match');
    budget.left = 0;
    return null;
  }
  budget.left -= work;
  // Most patterns do not match most messages: the capture-free test runs on RE2's faster DFA,
  // and only a match pays for the groups.
  if (!compiledPattern.re.test(text)) return null;
  return compiledPattern.re.exec(text) as PatternMatch | null;
}
