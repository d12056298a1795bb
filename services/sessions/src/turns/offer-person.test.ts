import { describe, expect, it } from 'vitest';
import { offersPerson } from './offer-person.js';

const turn = (unanswered: boolean, status: 'active' | 'completed' = 'active') => ({ status, ...(unanswered ? { unanswered: true as const } : {}) });

describe('offering a person', () => {
  it('always and never say so from the start', () => {
    expect(offersPerson('always', 0, turn(false))).toBe(true);
    expect(offersPerson('never', 9, turn(true))).toBe(false);
    expect(offersPerson(null, 9, turn(true))).toBe(false);
  });

  it('after_unanswered:N once N messages were not understood, this one included, and from then on', () => {
    expect(offersPerson('after_unanswered:2', 0, turn(true))).toBe(false);
    expect(offersPerson('after_unanswered:2', 1, turn(false))).toBe(false);
    expect(offersPerson('after_unanswered:2', 1, turn(true))).toBe(true);
    expect(offersPerson('after_unanswered:2', 2, turn(false))).toBe(true);
  });

  it('not in a reply that ended the conversation or handed it over', () => {
    expect(offersPerson('always', 0, turn(false, 'completed'))).toBe(false);
    expect(offersPerson('always', 0, { status: 'active', handoff: { reason: 'agent' } })).toBe(false);
  });
});
