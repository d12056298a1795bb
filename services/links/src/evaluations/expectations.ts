import type { ReplyMatch, TurnExpectation, TurnOutcome } from '@parley/contracts';
import { matchPattern, patternProblem } from '@parley/workflow';

/** The work one `{regex}` may take on RE2 (instructions × characters): linear, and bounded too. */
const REGEX_WORK = 20_000_000;

/** A `{regex}` RE2 cannot run (docs/evaluations.md): refused when the test is saved. */
export function regexProblems(expect: TurnExpectation | undefined): string | undefined {
  for (const match of [expect?.says, expect?.says_not]) {
    if (typeof match === 'object') {
      const problem = patternProblem(match.regex);
      if (problem) return problem;
    }
  }
  return undefined;
}

function matches(match: ReplyMatch, reply: string): boolean {
  if (typeof match === 'string') return reply.toLowerCase().includes(match.toLowerCase());
  return matchPattern(match.regex, reply, { left: REGEX_WORK }) !== null;
}

const describe = (match: ReplyMatch) => (typeof match === 'string' ? `"${match}"` : `/${match.regex}/`);

/** What a turn did, as a test reads it. */
export interface TurnSeen {
  reply: string;
  nodeId: string;
  nodeName: string | null;
  variables: Record<string, string>;
  tools: string[];
  handoff: boolean;
  ended: boolean;
}

export function seenOf(outcome: TurnOutcome): TurnSeen {
  return {
    reply: outcome.said.map((said) => said.text).join('\n'),
    nodeId: outcome.state.nodeId,
    nodeName: outcome.nodeName,
    variables: outcome.state.collectedData,
    tools: (outcome.toolCalls ?? []).map((call) => call.tool),
    handoff: outcome.handoff !== undefined,
    ended: outcome.status === 'completed',
  };
}

/**
 * Every expectation the turn missed, each naming the turn and what was expected against what
 * happened ("turn 2: expected node 'billing', was 'greeting'"). The judge is checked by the caller.
 */
export function failuresOf(turn: number, expect: TurnExpectation | undefined, seen: TurnSeen): string[] {
  if (!expect) return [];
  const failures: string[] = [];
  const fail = (message: string) => failures.push(`turn ${turn}: ${message}`);
  if (expect.node !== undefined && expect.node !== seen.nodeId && expect.node !== seen.nodeName) {
    fail(`expected node '${expect.node}', was '${seen.nodeId}'`);
  }
  if (expect.says !== undefined && !matches(expect.says, seen.reply)) fail(`expected the reply to say ${describe(expect.says)}, it said "${seen.reply}"`);
  if (expect.says_not !== undefined && matches(expect.says_not, seen.reply)) {
    fail(`expected the reply not to say ${describe(expect.says_not)}, it said "${seen.reply}"`);
  }
  for (const [name, value] of Object.entries(expect.variables ?? {})) {
    const actual = seen.variables[name];
    if (actual !== value) fail(`expected variable '${name}' to be "${value}", was ${actual === undefined ? 'unset' : `"${actual}"`}`);
  }
  if (expect.tool !== undefined && !seen.tools.includes(expect.tool)) {
    fail(
      `expected a call of tool '${expect.tool}', ${seen.tools.length === 0 ? 'no tool was called' : `called ${seen.tools.map((t) => `'${t}'`).join(', ')}`}`,
    );
  }
  if (expect.handoff !== undefined && expect.handoff !== seen.handoff)
    fail(expect.handoff ? 'expected a handoff, there was none' : 'expected no handoff, it handed off');
  if (expect.ended !== undefined && expect.ended !== seen.ended)
    fail(expect.ended ? 'expected the conversation to end, it went on' : 'expected the conversation to go on, it ended');
  return failures;
}
