import { describe, expect, it } from 'vitest';
import { DeltaForwarder } from './delta-forwarder.js';
import { CallerError } from './retry.js';

function forwarder() {
  const seen: string[] = [];
  return { seen, deltas: new DeltaForwarder((text) => seen.push(text)) };
}

describe('DeltaForwarder', () => {
  it('forwards a single attempt piece by piece', () => {
    const { seen, deltas } = forwarder();
    deltas.startAttempt();
    for (const piece of ['Hel', 'lo ', 'there']) deltas.push(piece);
    expect(seen).toEqual(['Hel', 'lo ', 'there']);
  });

  it('forwards only what a retry adds beyond the text already delivered', () => {
    const { seen, deltas } = forwarder();
    deltas.startAttempt();
    deltas.push('Hello ');
    deltas.push('wor');
    deltas.startAttempt();
    for (const piece of ['Hel', 'lo world', '!']) deltas.push(piece);
    expect(seen.join('')).toBe('Hello world!');
    expect(deltas.hasDiverged).toBe(false);
  });

  it('stops forwarding once a retry says something else', () => {
    const { seen, deltas } = forwarder();
    deltas.startAttempt();
    deltas.push('Hello ');
    deltas.startAttempt();
    deltas.push('Hi ');
    deltas.push('there, how are you?');
    expect(seen).toEqual(['Hello ']);
    expect(deltas.hasDiverged).toBe(true);
  });

  it('wraps an error of the listener as a CallerError', () => {
    const deltas = new DeltaForwarder(() => {
      throw new Error('gone');
    });
    deltas.startAttempt();
    expect(() => deltas.push('x')).toThrow(CallerError);
  });
});
