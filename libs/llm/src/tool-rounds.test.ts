import { describe, expect, it } from 'vitest';
import { parseArguments, StreamedCalls } from './tool-rounds.js';

describe('parseArguments', () => {
  it('parses JSON, keeps anything else as written, and takes nothing as no arguments', () => {
    expect(parseArguments('{"order_id":"A-17"}')).toEqual({ order_id: 'A-17' });
    expect(parseArguments('{"order_id":')).toBe('{"order_id":');
    expect(parseArguments('  ')).toEqual({});
  });
});

describe('StreamedCalls', () => {
  it('puts calls back together by index, whatever order their pieces come in', () => {
    const calls = new StreamedCalls();
    calls.add([{ index: 1, id: 'call_b', type: 'function', function: { name: 'order_status', arguments: '' } }]);
    calls.add([{ index: 0, id: 'call_a', function: { name: 'crm__find_customer', arguments: '{"em' } }]);
    calls.add([
      { index: 1, function: { arguments: '{"order_id":"A-17"}' } },
      { index: 0, function: { arguments: 'ail":"ann@example.com"}' } },
    ]);
    calls.add(undefined);
    expect(calls.calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'crm__find_customer', arguments: '{"email":"ann@example.com"}' } },
      { id: 'call_b', type: 'function', function: { name: 'order_status', arguments: '{"order_id":"A-17"}' } },
    ]);
  });

  it('names a call that came without an id after its index', () => {
    const calls = new StreamedCalls();
    calls.add([{ index: 0, function: { name: 'order_status', arguments: '{}' } }]);
    expect(calls.calls[0]?.id).toBe('call_0');
  });
});
