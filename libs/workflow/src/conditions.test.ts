import { describe, expect, it } from 'vitest';
import { parseCondition } from './conditions.js';

describe('parseCondition', () => {
  it.each([
    ['always', { kind: 'always' }],
    ['user_responded', { kind: 'user_responded' }],
    ['contains:Monday', { kind: 'contains', keyword: 'Monday' }],
    ['contains: that is all ', { kind: 'contains', keyword: 'that is all' }],
    ['intent:schedule', { kind: 'intent', intent: 'schedule' }],
    ['variables_extracted:first_name, zip_code', { kind: 'variables_extracted', names: ['first_name', 'zip_code'] }],
    ['max_turns:5', { kind: 'max_turns', turns: 5 }],
  ])('reads %s', (text, condition) => {
    expect(parseCondition(text)).toEqual({ ok: true, condition });
  });

  it.each([
    '',
    'never',
    'always:',
    'contains:',
    'intent: ',
    'variables_extracted:a,',
    'max_turns:0',
    'max_turns:2.5',
    'max_turns:1e3',
    'max_turns:99999999999999999999',
  ])('refuses "%s" with a message', (text) => {
    const parsed = parseCondition(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok || parsed.message.length > 0).toBe(true);
  });
});
