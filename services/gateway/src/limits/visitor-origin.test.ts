import { describe, expect, it } from 'vitest';
import { VisitorOrigins } from './visitor-origin.js';

const SECRET = 'visitor-origin-test-secret-0123456789';
const at = (iso: string) => new Date(iso);

describe('the visitor hash behind unique visitors', () => {
  const origins = new VisitorOrigins(SECRET);
  const hashOf = async (ip: string, when: string) => (await origins.of(ip, at(when))).visitorHash;

  it('is the same for one address all through a UTC day, and another the next day', async () => {
    const morning = await hashOf('8.8.8.8', '2026-03-04T00:00:00.000Z');
    expect(await hashOf('8.8.8.8', '2026-03-04T12:34:56.000Z')).toBe(morning);
    expect(await hashOf('8.8.8.8', '2026-03-04T23:59:59.999Z')).toBe(morning);
    const nextDay = await hashOf('8.8.8.8', '2026-03-05T00:00:00.000Z');
    expect(nextDay).not.toBe(morning);
    // Back on the first day (another replica, or a late event): the first day's hash again.
    expect(await hashOf('8.8.8.8', '2026-03-04T18:00:00.000Z')).toBe(morning);
  });

  it('differs between addresses, IPv4 and IPv6 alike', async () => {
    const day = '2026-03-04T10:00:00.000Z';
    const hashes = await Promise.all(['8.8.8.8', '8.8.4.4', '81.2.69.142', '2001:db8::1', '2001:db8::2'].map((ip) => hashOf(ip, day)));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('is not the address nor anything read back to it, and depends on the secret', async () => {
    const day = '2026-03-04T10:00:00.000Z';
    const origin = await origins.of('81.2.69.142', at(day));
    expect(origin.visitorHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(origin)).not.toContain('81.2.69.142');
    expect(origin.visitorHash).not.toContain(Buffer.from('81.2.69.142').toString('hex'));
    // Another platform (another secret) cannot match its visitors with this one's.
    expect((await new VisitorOrigins(`${SECRET}-other`).of('81.2.69.142', at(day))).visitorHash).not.toBe(origin.visitorHash);
    // The country is all that is kept of where the address is.
    expect(origin.country).toBe('GB');
  });
});
