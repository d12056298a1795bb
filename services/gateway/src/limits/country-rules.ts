export type CountryDecision = 'allowed' | 'denied';

/**
 * A link's country rules for one visitor's country (docs/public-chat-api.md "Country rules"): a country in
 * `deny` is refused, and with a non-empty `allow` so is every country outside it. An address the
 * table does not place (`null`: private, loopback, unassigned) passes a deny list – it is in none
 * of its countries – but not an allow list, which admits only addresses shown to be in one of its
 * countries; otherwise a visitor could step around an allow list from any address the table misses.
 */
export function countryDecision(country: string | null, rules: { allow: readonly string[]; deny: readonly string[] }): CountryDecision {
  if (country !== null && rules.deny.includes(country)) return 'denied';
  if (rules.allow.length > 0 && (country === null || !rules.allow.includes(country))) return 'denied';
  return 'allowed';
}
