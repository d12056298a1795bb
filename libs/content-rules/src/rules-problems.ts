import type { ContentRules } from '@parley/contracts';
import { blockPatternProblems } from '@parley/workflow';

/**
 * What is wrong with a rule set that its schema cannot see: block patterns RE2 cannot compile
 * (or too large), each named by its path under `path` (`body.content_rules.block_patterns[2]`), as
 * a 400 `invalid` lists them.
 */
export function contentRulesProblems(rules: Pick<ContentRules, 'block_patterns'> | null | undefined, path: string): { path: string; message: string }[] {
  if (!rules) return [];
  return blockPatternProblems(rules.block_patterns).map((problem) => ({
    path: problem.index === null ? `${path}.block_patterns` : `${path}.block_patterns[${problem.index}]`,
    message: problem.message,
  }));
}
