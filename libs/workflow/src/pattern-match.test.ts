import { describe, expect, it } from 'vitest';
import { runTurn, startSession } from './engine.js';
import { parseAgentConfig } from './agent-config.js';
import { matchPattern, PATTERN_TIME_LIMIT_MS } from './pattern-match.js';
import type { WorkflowLlm } from './llm.js';

const noLlm = { available: false } as unknown as WorkflowLlm;

describe('pattern matching', () => {
  it('matches case-insensitively with capture groups', () => {
    expect(matchPattern('name is (\\w+)', 'My NAME IS Jack')?.[1]).toBe('Jack');
    expect(matchPattern('\\b(\\d{5})\\b', 'no zip here')).toBeNull();
  });

  it('gives up on a catastrophically backtracking pattern instead of freezing the runner', () => {
    const started = performance.now();
    expect(matchPattern('^(a+)+$', `${'a'.repeat(40)}!`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(PATTERN_TIME_LIMIT_MS * 20);
  });

  it('a turn with such a pattern finishes, with nothing extracted', async () => {
    const parsed = parseAgentConfig({
      workflow: {
        initial_node: 'ask',
        nodes: [
          {
            id: 'ask',
            name: 'Ask',
            static_text: 'Say something.',
            extract: [{ name: 'evil', pattern: '^(\\w+\\s?)+$' }],
            transitions: [{ to: 'ask', condition: 'variables_extracted:evil' }],
          },
        ],
      },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const deps = { llm: noLlm, history: async () => [] };
    const start = await startSession(parsed.config, deps);
    const started = performance.now();
    const outcome = await runTurn(parsed.config, start.state, `${'word '.repeat(30)}!`, deps);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outcome.extractedVariables).toBeNull();
    expect(outcome.response).toBe('Say something.');
  });

  it('refuses a pattern longer than 1,000 characters when the config is saved', () => {
    const parsed = parseAgentConfig({
      workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', extract: [{ name: 'x', pattern: 'a'.repeat(1_001) }] }] },
    });
    expect(parsed).toMatchObject({ ok: false, path: 'workflow.nodes[0].extract[0].pattern' });
  });
});
