import { describe, expect, it } from 'vitest';
import { addressKey, ipDecision } from './ip-rules.js';

describe('link IP rules', () => {
  it('match IPv4 and IPv6 CIDR blocks and single addresses; deny wins over allow', () => {
    const rules = { allow: ['203.0.113.0/24', '2001:db8::/32'], deny: ['203.0.113.66', '2001:db8:bad::/48'] };
    expect(ipDecision('203.0.113.7', rules)).toBe('allowed');
    expect(ipDecision('203.0.113.66', rules)).toBe('denied');
    expect(ipDecision('198.51.100.1', rules)).toBe('not_allowed');
    expect(ipDecision('2001:db8:1::5', rules)).toBe('allowed');
    expect(ipDecision('2001:db8:bad::5', rules)).toBe('denied');
    expect(ipDecision('2001:db9::1', rules)).toBe('not_allowed');
  });

  it('treat an IPv4-mapped IPv6 client as its IPv4 address, and mapped rules as IPv4 blocks', () => {
    expect(ipDecision('::ffff:203.0.113.66', { allow: [], deny: ['203.0.113.0/24'] })).toBe('denied');
    expect(ipDecision('203.0.113.66', { allow: [], deny: ['::ffff:203.0.113.0/120'] })).toBe('denied');
    expect(ipDecision('::ffff:198.51.100.1', { allow: ['198.51.100.0/24'], deny: [] })).toBe('allowed');
  });

  it('let anything through without rules, and refuse an unparsable address only under an allow list', () => {
    expect(ipDecision('not-an-ip', { allow: [], deny: [] })).toBe('allowed');
    expect(ipDecision('not-an-ip', { allow: [], deny: ['10.0.0.0/8'] })).toBe('allowed');
    expect(ipDecision('not-an-ip', { allow: ['10.0.0.0/8'], deny: [] })).toBe('not_allowed');
  });

  it('count an IPv6 client by its /64 and a mapped IPv4 client as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::9'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});
