/**
 * Transition conditions (docs/workflow.md, "Nodes" and "When each condition can hold"). Configs keep them as strings – that is what
 * a transition reports – and both validation and the engine read them through `parseCondition`,
 * so the two can never disagree about what a condition means.
 */

export type Condition =
  | { kind: 'always' }
  | { kind: 'user_responded' }
  | { kind: 'contains'; keyword: string }
  | { kind: 'intent'; intent: string }
  | { kind: 'variables_extracted'; names: string[] }
  | { kind: 'max_turns'; turns: number }
  | { kind: 'tool_ok'; saveAs: string }
  | { kind: 'tool_failed'; saveAs: string };

export type ParsedCondition = { ok: true; condition: Condition } | { ok: false; message: string };

const KNOWN = 'must be always, user_responded, contains:keyword, intent:name, variables_extracted:a,b, max_turns:N, tool_ok:name or tool_failed:name';

export function parseCondition(text: string): ParsedCondition {
  if (text === 'always') return { ok: true, condition: { kind: 'always' } };
  if (text === 'user_responded') return { ok: true, condition: { kind: 'user_responded' } };

  const colon = text.indexOf(':');
  if (colon < 0) return { ok: false, message: `unknown condition "${text}": ${KNOWN}` };
  const kind = text.slice(0, colon);
  // Surrounding spaces are a typing accident (`contains: monday`), never meant to be matched.
  const argument = text.slice(colon + 1).trim();

  switch (kind) {
    case 'contains':
      if (argument === '') return { ok: false, message: 'contains: needs a keyword, e.g. contains:monday' };
      return { ok: true, condition: { kind: 'contains', keyword: argument } };
    case 'intent':
      if (argument === '') return { ok: false, message: 'intent: needs an intent name, e.g. intent:schedule' };
      return { ok: true, condition: { kind: 'intent', intent: argument } };
    case 'variables_extracted': {
      const names = argument.split(',').map((name) => name.trim());
      if (names.some((name) => name === '')) {
        return { ok: false, message: 'variables_extracted: needs a comma-separated list of variable names, e.g. variables_extracted:first_name,zip_code' };
      }
      return { ok: true, condition: { kind: 'variables_extracted', names } };
    }
    case 'max_turns': {
      const turns = /^\d+$/.test(argument) ? Number(argument) : Number.NaN;
      if (!Number.isSafeInteger(turns) || turns < 1) {
        return { ok: false, message: 'max_turns: needs a positive whole number, e.g. max_turns:5' };
      }
      return { ok: true, condition: { kind: 'max_turns', turns } };
    }
    case 'tool_ok':
    case 'tool_failed':
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(argument)) return { ok: false, message: `${kind}: needs the save_as name of a node's call, e.g. ${kind}:order` };
      return { ok: true, condition: { kind, saveAs: argument } };
    default:
      return { ok: false, message: `unknown condition "${text}": ${KNOWN}` };
  }
}
