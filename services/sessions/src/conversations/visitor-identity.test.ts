import { describe, expect, it } from 'vitest';
import { previewOf, visitorOf } from './visitor-identity.js';

const none = { signedName: null, signedEmail: null, verifiedEmail: null, collected: null };

describe('visitorOf', () => {
  it('knows nothing of an anonymous visitor', () => {
    expect(visitorOf(none)).toEqual({ name: null, email: null });
    expect(visitorOf({ ...none, collected: { order: 'BK-1' } })).toEqual({ name: null, email: null });
  });

  it('takes the name and email the workflow collected', () => {
    expect(visitorOf({ ...none, collected: { name: ' Ada Lovelace ', email: 'ada@example.com' } })).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(visitorOf({ ...none, collected: { full_name: 'Grace Hopper', customer_email: 'grace@example.com' } })).toEqual({
      name: 'Grace Hopper',
      email: 'grace@example.com',
    });
    expect(visitorOf({ ...none, collected: { first_name: 'Alan', last_name: 'Turing' } }).name).toBe('Alan Turing');
    expect(visitorOf({ ...none, collected: { first_name: 'Alan' } }).name).toBe('Alan');
  });

  it('shows a collected email only when it reads as an address', () => {
    expect(visitorOf({ ...none, collected: { email: 'not given' } }).email).toBeNull();
  });

  it('prefers the signed identity and the verified email to what was collected', () => {
    const facts = {
      signedName: 'Ada (signed)',
      signedEmail: 'signed@example.com',
      verifiedEmail: null,
      collected: { name: 'Ada', email: 'typed@example.com' },
    };
    expect(visitorOf(facts)).toEqual({ name: 'Ada (signed)', email: 'signed@example.com' });
    expect(visitorOf({ ...facts, verifiedEmail: 'proved@example.com' }).email).toBe('proved@example.com');
  });
});

describe('previewOf', () => {
  it('keeps a short message whole, on one line', () => {
    expect(previewOf('Where is\n my order?', 140)).toBe('Where is my order?');
    expect(previewOf(null, 140)).toBeNull();
  });

  it('cuts a long one to the limit with an ellipsis, never inside a character', () => {
    const cut = previewOf(`${'a'.repeat(138)}😀😀😀`, 140) as string;
    expect([...cut]).toHaveLength(140);
    expect(cut.endsWith('😀…')).toBe(true);
  });
});
