/// <reference path="./geoip-country.d.ts" />
import { createHmac } from 'node:crypto';
import type { VisitorOrigin } from '@parley/contracts';

type CountryLookup = (ip: string) => { country: string } | null;

/**
 * What analytics learns of a visitor starting a session: a country from an offline table
 * (geoip-country, loaded the first time a country is needed – it holds a large table in memory)
 * and a hash of the address under a salt of the UTC day, so one visitor is one visitor within a
 * day and cannot be followed across days. The salt is derived from the gateway's secret and the
 * date, so every gateway replica computes the same hash with nothing shared; the address itself
 * is never stored or sent.
 */
export class VisitorOrigins {
  private table: Promise<CountryLookup> | undefined;
  private salt: { day: string; key: Buffer } | undefined;

  constructor(private readonly secret: string) {}

  async of(ip: string, now = new Date()): Promise<VisitorOrigin> {
    const hit = (await this.lookup())(ip);
    const country = hit && /^[A-Z]{2}$/.test(hit.country) ? hit.country : null;
    return { country, visitorHash: createHmac('sha256', this.saltOf(now)).update(ip).digest('hex').slice(0, 32) };
  }

  private lookup(): Promise<CountryLookup> {
    this.table ??= import('geoip-country').then((geoip) => {
      const mod = (geoip as { default?: { lookup: CountryLookup }; lookup?: CountryLookup }).default ?? geoip;
      return (ip: string) => (mod.lookup as CountryLookup)(ip);
    });
    return this.table;
  }

  private saltOf(now: Date): Buffer {
    const day = now.toISOString().slice(0, 10);
    if (this.salt?.day !== day) this.salt = { day, key: createHmac('sha256', this.secret).update(`visitor-salt:${day}`).digest() };
    return this.salt.key;
  }
}
