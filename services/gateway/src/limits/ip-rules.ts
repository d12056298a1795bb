import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * The address as rules compare it: an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a
 * dual-stack socket reports for an IPv4 client) is that IPv4 address. Undefined when unparsable.
 */
export function normalizeAddress(address: string): Address | undefined {
  // A zone index (`fe80::1%eth0`) names the interface, not the host.
  const bare = address.split('%')[0] ?? address;
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.process(bare);
}

/** `203.0.113.0/24`, `2001:db8::/32` or a single address. */
function matches(address: Address, rule: string): boolean {
  let range: [Address, number];
  try {
    range = rule.includes('/') ? ipaddr.parseCIDR(rule) : [ipaddr.parse(rule), rule.includes(':') ? 128 : 32];
  } catch {
    return false;
  }
  let [base, bits] = range;
  // A rule written as an IPv4-mapped IPv6 block covers the IPv4 addresses inside it.
  if (base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    base = (base as ipaddr.IPv6).toIPv4Address();
    bits -= 96;
  }
  if (address.kind() !== base.kind()) return false;
  return address.match(base, bits);
}

export type IpDecision = 'allowed' | 'denied' | 'not_allowed';

/**
 * A link's IP rules for one client address: a deny match wins over an allow match; with a
 * non-empty allow list, an address outside it is refused. An address that cannot be parsed
 * matches no rule (so it is refused only when an allow list exists).
 */
export function ipDecision(address: string, rules: { allow: readonly string[]; deny: readonly string[] }): IpDecision {
  if (rules.allow.length === 0 && rules.deny.length === 0) return 'allowed';
  const parsed = normalizeAddress(address);
  if (parsed && rules.deny.some((rule) => matches(parsed, rule))) return 'denied';
  if (rules.allow.length === 0) return 'allowed';
  return parsed && rules.allow.some((rule) => matches(parsed, rule)) ? 'allowed' : 'not_allowed';
}

/**
 * The key of a client address in the limits: an IPv4 address as is (also when it arrives
 * IPv4-mapped), an IPv6 address by its /64, the smallest block one subscriber usually holds – so
 * rotating through one's own /64 does not multiply the budget.
 */
export function addressKey(address: string): string {
  const parsed = normalizeAddress(address);
  if (!parsed) return address;
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
