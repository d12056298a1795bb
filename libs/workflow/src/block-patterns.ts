import { MAX_NODE_PATTERN_PROGRAM, patternProblem, patternSize } from './pattern-match.js';

/**
 * Content rules' block patterns (docs/public-chat-api.md "Content rules") run on every visitor message of a
 * link or agent, on the same RE2 engine and caps as extraction patterns: each pattern's program
 * is capped, and a rule set's patterns together are capped as a node's are, so checking the
 * longest message against all of them stays within a known amount of work.
 */
export const MAX_BLOCK_PATTERNS_PROGRAM = MAX_NODE_PATTERN_PROGRAM;

/** What is wrong with a rule set's block patterns: one entry per bad pattern (by index), or the set as a whole (index null). */
export function blockPatternProblems(patterns: readonly string[]): { index: number | null; message: string }[] {
  const problems: { index: number | null; message: string }[] = [];
  patterns.forEach((pattern, index) => {
    const problem = patternProblem(pattern);
    if (problem !== undefined) problems.push({ index, message: `not a valid regular expression (RE2 syntax): ${problem}` });
  });
  if (problems.length > 0) return problems;
  const program = patterns.reduce((sum, pattern) => sum + patternSize(pattern), 0);
  if (program > MAX_BLOCK_PATTERNS_PROGRAM) {
    problems.push({
      index: null,
      message: `the block patterns compile to ${program} RE2 instructions together, at most ${MAX_BLOCK_PATTERNS_PROGRAM}: make them simpler or fewer`,
    });
  }
  return problems;
}
