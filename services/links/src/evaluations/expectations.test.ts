import { describe, expect, it } from 'vitest';
import { failuresOf, regexProblems, type TurnSeen } from './expectations.js';

const seen: TurnSeen = {
  reply: 'Plans start free for one agent.',
  nodeId: 'pricing',
  nodeName: 'Pricing',
  variables: { first_name: 'Ada' },
  tools: ['lookup_order'],
  handoff: false,
  ended: false,
};

describe('test expectations', () => {
  it('passes a turn that did what was expected, the node by id or name', () => {
    expect(failuresOf(1, { node: 'pricing', says: 'start FREE', says_not: 'support', variables: { first_name: 'Ada' }, tool: 'lookup_order' }, seen)).toEqual(
      [],
    );
    expect(failuresOf(1, { node: 'Pricing', says: { regex: 'plans\\s+start' }, handoff: false, ended: false }, seen)).toEqual([]);
  });

  it('names the turn and the expectation it missed', () => {
    expect(failuresOf(2, { node: 'billing', variables: { email: 'a@b.c' }, tool: 'refund', ended: true, says_not: { regex: 'free' } }, seen)).toEqual([
      "turn 2: expected node 'billing', was 'pricing'",
      'turn 2: expected the reply not to say /free/, it said "Plans start free for one agent."',
      `turn 2: expected variable 'email' to be "a@b.c", was unset`,
      "turn 2: expected a call of tool 'refund', called 'lookup_order'",
      'turn 2: expected the conversation to end, it went on',
    ]);
  });

  it('refuses a regex RE2 cannot run, and runs a catastrophic one in linear time', () => {
    expect(regexProblems({ says: { regex: '(a)\\1' } })).toBeDefined();
    const start = performance.now();
    expect(failuresOf(1, { says: { regex: '(a+)+$' } }, { ...seen, reply: `${'a'.repeat(30_000)}!` })).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
