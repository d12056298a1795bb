import { describe, expect, it } from 'vitest';
import { type AgentConfig, parseAgentConfig } from './agent-config.js';
import { runTurn, startSession } from './engine.js';
import { noLlm } from './llm.js';
import { MAX_PATTERN_PROGRAM, matchPattern as matchWithBudget, PATTERN_WORK_PER_TURN } from './pattern-match.js';

const matchPattern = (pattern: string, text: string) => matchWithBudget(pattern, text, { left: PATTERN_WORK_PER_TURN });

/** A one-node config whose node extracts with these patterns (validated as on save). */
function configWith(patterns: string[]) {
  return parseAgentConfig({
    workflow: {
      initial_node: 'ask',
      nodes: [
        {
          id: 'ask',
          name: 'Ask',
          static_text: 'Say something.',
          extract: patterns.map((pattern, index) => ({ name: `v${index}`, pattern })),
          transitions: [{ to: 'ask', condition: 'variables_extracted:v0' }],
        },
      ],
    },
  });
}

function savedConfig(patterns: string[]): AgentConfig {
  const parsed = configWith(patterns);
  if (!parsed.ok) throw new Error(`${parsed.path}: ${parsed.message}`);
  return parsed.config;
}

describe('pattern matching', () => {
  it('matches case-insensitively with capture groups', () => {
    expect(matchPattern('name is (\\w+)', 'My NAME IS Jack')?.[1]).toBe('Jack');
    expect(matchPattern('\\b(\\d{5})\\b', 'no zip here')).toBeNull();
  });

  it('keeps the JavaScript spellings configs were written with: named groups, \\u escapes, a slash', () => {
    expect(matchPattern('zip (?<zip>\\d{5})', 'ZIP 20417')?.[1]).toBe('20417');
    expect(matchPattern('caf\\u00e9 (\\w+)', 'Café Noir')?.[1]).toBe('Noir');
    expect(matchPattern('(\\d+)/(\\d+)', 'on 3/4')?.[2]).toBe('4');
    expect(matchPattern('a\\\\k<(\\w)', 'a\\k<b')?.[1]).toBe('b');
  });

  it('twenty catastrophically backtracking patterns take linear time: the turn is quick and the event loop is not held', async () => {
    const config = savedConfig(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? '^(a+)+$' : '^(\\w+\\s?)+$')));
    const deps = { llm: noLlm(), history: async () => [] };
    const start = await startSession(config, deps);
    const started = performance.now();
    const outcome = await runTurn(config, start.state, `${'a'.repeat(40)}!`, deps);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(100);
    expect(outcome.extractedVariables).toBeNull();
    expect(outcome.response).toBe('Say something.');

    // Ten thousand characters (the longest message) against the same twenty: still linear.
    const long = performance.now();
    await runTurn(config, start.state, `${'word '.repeat(1_999)}!!!!!`, deps);
    expect(performance.now() - long).toBeLessThan(1_000);
  });

  it('refuses on save, naming the pattern, what RE2 cannot run: backreferences and lookaround', () => {
    for (const pattern of [
      '(a)\\1',
      '\\b(\\w+) \\1\\b',
      'price(?= eur)',
      'price(?! eur)',
      '(?<=eur )(\\d+)',
      '(?<!eur )(\\d+)',
      '(?>atomic)',
      'a++',
      '(?<w>\\w+) \\k<w>',
    ]) {
      const parsed = configWith(['(\\d{5})', pattern]);
      expect(parsed, pattern).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract[1].pattern' });
      if (!parsed.ok) expect(parsed.message, pattern).toMatch(/^not a valid regular expression \(RE2 syntax\): /);
    }
    // Invalid in any syntax, as before.
    expect(configWith(['(unclosed'])).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract[0].pattern' });
  });

  it('refuses more than 20 patterns on one node; extractions without a pattern do not count', () => {
    expect(configWith(Array.from({ length: 20 }, () => '(\\d+)')).ok).toBe(true);
    const parsed = configWith(Array.from({ length: 21 }, () => '(\\d+)'));
    expect(parsed).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract', message: 'a node has at most 20 extractions with a pattern' });
    const mixed = parseAgentConfig({
      workflow: {
        initial_node: 'a',
        nodes: [{ id: 'a', name: 'A', extract: [...Array.from({ length: 20 }, (_, index) => ({ name: `p${index}`, pattern: '(\\d+)' })), { name: 'by_llm' }] }],
      },
    });
    expect(mixed.ok).toBe(true);
  });

  it('a stored pattern from before RE2 that it cannot compile counts as no match, and is reported once', async () => {
    const config = savedConfig(['(\\d{5})', 'x']);
    // As stored before this check existed: not validated again when loaded.
    const extract = config.workflow.nodes[0]?.extract;
    if (!extract?.[1]) throw new Error('no extract');
    extract[1].pattern = '(?<=zip )(\\d{5})';
    const warnings: string[] = [];
    const deps = { llm: noLlm(), history: async () => [], warn: (message: string) => warnings.push(message) };
    const start = await startSession(config, deps);
    const first = await runTurn(config, start.state, 'zip 20417', deps);
    expect(first.extractedVariables).toEqual({ v0: '20417' });
    await runTurn(config, first.state, 'zip 20418', deps);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^an extraction pattern RE2 cannot compile counts as no match: /);
  });

  it('refuses on save a pattern whose compiled program is too large, and a node whose patterns are together', () => {
    // {1,1000} compiles to about 7,000 instructions: 0.7 s on a 10,000-character message.
    const huge = configWith(['(\\w+\\s?){1,1000}x']);
    expect(huge).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract[0].pattern' });
    if (!huge.ok) expect(huge.message).toContain(`at most ${MAX_PATTERN_PROGRAM}`);
    // Each of these is allowed alone (about 700 instructions); four on one node are not.
    expect(configWith(['(\\w+\\s?){1,100}x']).ok).toBe(true);
    const together = configWith(Array.from({ length: 4 }, () => '(\\w+\\s?){1,100}x'));
    expect(together).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract' });
  });

  it('a turn has a budget of pattern work: a long message against large patterns is cut short, not run for seconds', async () => {
    // Three nodes of two large patterns each, chained by `always`: six patterns on one message.
    const node = (id: string, to: string) => ({
      id,
      name: id,
      extract: [
        { name: `${id}a`, pattern: '(\\w+\\s?){1,100}x' },
        { name: `${id}b`, pattern: '(\\w+\\s?){1,99}y' },
      ],
      transitions: [{ to, condition: 'always' }],
    });
    const parsed = parseAgentConfig({
      workflow: {
        initial_node: 'wait',
        nodes: [
          { id: 'wait', name: 'Wait', static_text: 'Go on.', transitions: [{ to: 'n1', condition: 'user_responded' }] },
          node('n1', 'n2'),
          node('n2', 'n3'),
          node('n3', 'done'),
          { id: 'done', name: 'Done', type: 'end', static_text: 'Done.' },
        ],
      },
    });
    if (!parsed.ok) throw new Error(`${parsed.path}: ${parsed.message}`);
    const warnings: string[] = [];
    const deps = { llm: noLlm(), history: async () => [], warn: (message: string) => warnings.push(message) };
    const start = await startSession(parsed.config, deps);
    const started = performance.now();
    const outcome = await runTurn(parsed.config, start.state, `${'a '.repeat(4_999)}x`, deps);
    const elapsed = performance.now() - started;
    // Six patterns × ~700 instructions × 10,000 characters is 42 million units of work; the budget
    // is 20 million, so only the first two run – and the turn still completes.
    expect(outcome.response).toBe('Done.');
    expect(warnings).toEqual(['the turn spent its pattern work budget: its remaining extraction patterns count as no match']);
    expect(Object.keys(outcome.extractedVariables ?? {})).toEqual(['n1a']);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('refuses a pattern longer than 1,000 characters when the config is saved', () => {
    const parsed = parseAgentConfig({
      workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', extract: [{ name: 'x', pattern: 'a'.repeat(1_001) }] }] },
    });
    expect(parsed).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract[0].pattern' });
  });
});
