import { describe, expect, it } from 'vitest';
import { cannedReplyValues, fillCannedReply } from './canned-reply-fill.js';

describe('filling a canned reply from its conversation', () => {
  it('fills the named variables and every collected one, whatever their case; an unknown one stays as written', () => {
    const values = cannedReplyValues({
      collected: { order_id: 'BK-20417', City: 'Porto' },
      visitor: { name: 'Ada', email: 'ada@example.com' },
      operatorName: 'Maria',
      agent: 'repairs',
    });
    expect(
      fillCannedReply(
        'Hi {{ visitor_name }}, {{operator_name}} of {{agent}} here: order {{ORDER_ID}} ships to {{city}}. We write to {{visitor_email}}. {{coupon}}',
        values,
      ),
    ).toBe('Hi Ada, Maria of repairs here: order BK-20417 ships to Porto. We write to ada@example.com. {{coupon}}');
  });

  it('takes the visitor’s name and email from the collected `name` and `email` when the visitor is not signed in; an empty value stays unfilled', () => {
    const values = cannedReplyValues({
      collected: { name: 'Grace', email: 'grace@example.com', note: '' },
      visitor: { name: null, email: null },
      operatorName: undefined,
      agent: 'desk',
    });
    expect(fillCannedReply('{{visitor_name}} <{{visitor_email}}> {{operator_name}} {{note}} {{name}}', values)).toBe(
      'Grace <grace@example.com> {{operator_name}} {{note}} Grace',
    );
  });

  it('lets the named variables win over a collected variable of the same name', () => {
    const values = cannedReplyValues({
      collected: { agent: 'collected', visitor_name: 'From the workflow' },
      visitor: { name: 'Signed Name', email: null },
      operatorName: 'Op',
      agent: 'real-agent',
    });
    expect(fillCannedReply('{{agent}} / {{visitor_name}}', values)).toBe('real-agent / Signed Name');
  });

  it('leaves what only looks like a variable alone', () => {
    expect(fillCannedReply('{{}} {visitor_name} {{ visitor name }} {{{agent}}}', { agent: 'desk', visitor_name: 'Ada' })).toBe(
      '{{}} {visitor_name} {{ visitor name }} {desk}',
    );
  });
});
