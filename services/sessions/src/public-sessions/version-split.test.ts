import { describe, expect, it } from 'vitest';
import { pickVersion, splitKey, splitPoint, versionOnLink } from './version-split.js';

describe('version split', () => {
  const split = [
    { version: 1, weight: 70 },
    { version: 2, weight: 30 },
  ];

  it('picks by cumulative weight', () => {
    expect(pickVersion(split, 0)).toBe(1);
    expect(pickVersion(split, 0.6999)).toBe(1);
    expect(pickVersion(split, 0.7)).toBe(2);
    expect(pickVersion(split, 0.999999)).toBe(2);
  });

  it('gives one visitor one point per link, and another link another point', () => {
    const key = splitKey({ email: 'Ada@Example.org ', credentialHash: 'x' });
    expect(key).toBe(splitKey({ email: 'ada@example.org', credentialHash: 'y' }));
    expect(splitPoint('lnk_a', key)).toBe(splitPoint('lnk_a', key));
    expect(splitPoint('lnk_a', key)).not.toBe(splitPoint('lnk_b', key));
    const point = splitPoint('lnk_a', key);
    expect(point).toBeGreaterThanOrEqual(0);
    expect(point).toBeLessThan(1);
  });

  it('keys a signed user before an email, an email before the credential', () => {
    const user = { id: 'u1', realm: 'r1' };
    expect(splitKey({ user, email: 'a@b.c', credentialHash: 'h' })).toBe('user:r1:u1');
    expect(splitKey({ email: 'a@b.c', credentialHash: 'h' })).toBe('email:a@b.c');
    expect(splitKey({ credentialHash: 'h' })).toBe('credential:h');
  });
});

describe('the version a new session on a link runs', () => {
  const split = [
    { version: 1, weight: 70 },
    { version: 2, weight: 30 },
  ];
  const link = { linkId: 'lnk_split', version: null, split };
  /** Each new session of a visitor comes with a new credential. */
  let sessions = 0;
  const newCredential = () => `credential-${sessions++}`;

  it('is the same for a signed-in user or a verified email on every session they start, whatever their credential', () => {
    for (let n = 0; n < 200; n++) {
      const byEmail = { email: `visitor${n}@example.org` };
      const byUser = { user: { id: `u${n}`, realm: '5b0c3c5e-4d5d-4ad4-9a63-8d1b0f1f1a11' } };
      expect(versionOnLink(link, byEmail, newCredential())).toBe(versionOnLink(link, byEmail, newCredential()));
      expect(versionOnLink(link, byUser, newCredential())).toBe(versionOnLink(link, byUser, newCredential()));
    }
  });

  it('gives each version its weight’s share of visitors', () => {
    const count = (arms: typeof split) => {
      const runs = new Map<number, number>();
      for (let n = 0; n < 10_000; n++) {
        const version = versionOnLink({ ...link, split: arms }, { email: `v${n}@example.org` }, newCredential()) as number;
        runs.set(version, (runs.get(version) ?? 0) + 1);
      }
      return runs;
    };
    const seventyThirty = count(split);
    expect((seventyThirty.get(1) ?? 0) / 10_000).toBeCloseTo(0.7, 1);
    expect((seventyThirty.get(2) ?? 0) / 10_000).toBeCloseTo(0.3, 1);
    const thirds = count([
      { version: 3, weight: 1 },
      { version: 4, weight: 1 },
      { version: 5, weight: 2 },
    ]);
    expect([...thirds.keys()].sort()).toEqual([3, 4, 5]);
    expect((thirds.get(5) ?? 0) / 10_000).toBeCloseTo(0.5, 1);
  });

  it('is the link’s pinned version, whatever its split', () => {
    expect(versionOnLink({ ...link, version: 7 }, { email: 'a@example.org' }, newCredential())).toBe(7);
    expect(versionOnLink({ linkId: 'lnk_plain', version: null, split: null }, { email: 'a@example.org' }, newCredential())).toBeUndefined();
  });

  it('for an anonymous visitor starting again with their credential, is the version they ran while the split still has it', () => {
    expect(versionOnLink(link, { previousVersion: 2 }, newCredential())).toBe(2);
    expect(versionOnLink(link, { previousVersion: 1 }, newCredential())).toBe(1);
    // Version 9 left the split: chosen afresh, by the credential.
    const credential = newCredential();
    expect(versionOnLink(link, { previousVersion: 9 }, credential)).toBe(versionOnLink(link, {}, credential));
    // A visitor known by email is chosen by it, not by what their previous session ran.
    const email = 'known@example.org';
    expect(versionOnLink(link, { email, previousVersion: 1 }, newCredential())).toBe(versionOnLink(link, { email, previousVersion: 2 }, newCredential()));
  });
});
