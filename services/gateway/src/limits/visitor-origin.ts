/// <reference path="./geoip-country.d.ts" />
import { createHmac } from 'node:crypto';
import type { VisitorOrigin } from '@parley/contracts';

type CountryLookup = (ip: string) => { country: string } | null;

let table: Promise<CountryLookup> | undefined;

/**
 * The country of an address from the offline IP-to-country table (geoip-country), as an ISO
 * 3166-1 alpha-2 code; null for an address the table does not place (private, loopback,
 * reserved, unassigned). The table is loaded the first time a country is needed – it holds a
 * large table in memory – and shared by everything in the process that asks.
 */
export async function countryOf(ip: string): Promise<string | null> {
  table ??= import('geoip-country').then((geoip) => {
    const mod = (geoip as { default?: { lookup: CountryLookup }; lookup?: CountryLookup }).default ?? geoip;
    return (address: string) => (mod.lookup as CountryLookup)(address);
  });
  const hit = (await table)(ip);
  return hit && /^[A-Z]{2}$/.test(hit.country) ? hit.country : null;
}

/**
 * What analytics learns of a visitor starting a session: a country (`countryOf`) and a hash of
 * the address under a salt of the UTC day, so one visitor is one visitor within a day and cannot
 * be followed across days. The salt is derived from the gateway's secret and the date, so every
 * gateway replica computes the same hash with nothing shared; the address itself is never stored
 * or sent.
 */
export class VisitorOrigins {
  private salt: { day: string; key: Buffer } | undefined;

  constructor(private readonly secret: string) {}

  async of(ip: string, now = new Date()): Promise<VisitorOrigin> {
    return { country: await countryOf(ip), visitorHash: createHmac('sha256', this.saltOf(now)).update(ip).digest('hex').slice(0, 32) };
  }

  private saltOf(now: Date): Buffer {
    const day = now.toISOString().slice(0, 10);
    if (this.salt?.day !== day) this.salt = { day, key: createHmac('sha256', this.secret).update(`visitor-salt:${day}`).digest() };
    return this.salt.key;
  }
}
