import vm from 'node:vm';

/**
 * Extraction patterns come from agent configs and run against what anyone on the internet types.
 * A pattern with catastrophic backtracking (`(a+)+$`) could otherwise freeze a runner for
 * minutes – and every tenant's turns with it – so each match runs under a time limit; a pattern
 * that exceeds it counts as no match.
 */
export const PATTERN_TIME_LIMIT_MS = 50;

const context = vm.createContext({ re: null as RegExp | null, text: '' });
const exec = new vm.Script('re.exec(text)');
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 500;

function compile(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'i');
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** `new RegExp(pattern, 'i').exec(text)`, or null when it does not finish within the limit. */
export function matchPattern(pattern: string, text: string): RegExpExecArray | null {
  context.re = compile(pattern);
  context.text = text;
  try {
    return exec.runInContext(context, { timeout: PATTERN_TIME_LIMIT_MS }) as RegExpExecArray | null;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return null;
    throw error;
  } finally {
    context.re = null;
    context.text = '';
  }
}
