import { describe, expect, it } from 'vitest';
import { countryDecision } from './country-rules.js';
import { countryOf } from './visitor-origin.js';

describe('country rules', () => {
  it('refuse a denied country, and outside a non-empty allow list every other one', () => {
    expect(countryDecision('DE', { allow: [], deny: [] })).toBe('allowed');
    expect(countryDecision('DE', { allow: [], deny: ['DE'] })).toBe('denied');
    expect(countryDecision('FR', { allow: [], deny: ['DE'] })).toBe('allowed');
    expect(countryDecision('DE', { allow: ['DE', 'AT'], deny: [] })).toBe('allowed');
    expect(countryDecision('US', { allow: ['DE', 'AT'], deny: [] })).toBe('denied');
    // Deny wins over allow.
    expect(countryDecision('DE', { allow: ['DE'], deny: ['DE'] })).toBe('denied');
  });

  it('let an address the table does not place through a deny list, but not an allow list', () => {
    expect(countryDecision(null, { allow: [], deny: [] })).toBe('allowed');
    expect(countryDecision(null, { allow: [], deny: ['DE'] })).toBe('allowed');
    expect(countryDecision(null, { allow: ['DE'], deny: [] })).toBe('denied');
  });

  it('take countries from the offline table, and none for private or loopback addresses', async () => {
    expect(await countryOf('5.9.0.1')).toBe('DE');
    expect(await countryOf('8.8.8.8')).toBe('US');
    expect(await countryOf('2001:4860:4860::8888')).toBe('US');
    expect(await countryOf('127.0.0.1')).toBeNull();
    expect(await countryOf('10.1.2.3')).toBeNull();
    expect(await countryOf('::1')).toBeNull();
  });
});
