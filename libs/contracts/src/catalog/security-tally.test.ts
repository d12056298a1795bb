import { describe, expect, it } from 'vitest';
import { gatewayCatalog, securityEvent } from './gateway.js';

const spec = gatewayCatalog.events['events.security.refused'];
const tally = spec.tally;
const refusal = (over: Partial<ReturnType<typeof securityEvent.parse>> = {}) => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'rate_limited' as const,
  tenantId: '00000000-0000-4000-8000-0000000000aa',
  linkId: 'lnk_AAAAAAAAAAAAAAAA',
  at: '2026-11-28T09:00:00.000Z',
  ...over,
});

describe('refusals tallied on their way to the links service', () => {
  it('are alike only of one kind, tenant and link', () => {
    const key = tally.key(refusal());
    expect(tally.key(refusal({ id: '00000000-0000-4000-8000-000000000002', at: '2026-11-28T09:00:00.005Z' }))).toBe(key);
    expect(tally.key(refusal({ kind: 'forbidden_ip' }))).not.toBe(key);
    expect(tally.key(refusal({ tenantId: null }))).not.toBe(key);
    expect(tally.key(refusal({ linkId: 'lnk_BBBBBBBBBBBBBBBB' }))).not.toBe(key);
    // A tenant's id and a link's that would run together as one text are still two.
    expect(tally.key(refusal({ tenantId: 'a', linkId: 'b\nc' }))).not.toBe(tally.key(refusal({ tenantId: 'a\nb', linkId: 'c' })));
    expect(tally.key(refusal({ tenantId: null }))).not.toBe(tally.key(refusal({ tenantId: '' })));
  });

  it('merge into the first one’s id and time with their count, which stays what the schema takes', () => {
    const first = refusal();
    const later = refusal({ id: '00000000-0000-4000-8000-000000000002', at: '2026-11-28T09:00:00.009Z' });
    const merged = tally.merge(tally.merge(first, later), later);
    expect(merged).toEqual({ ...first, count: 3 });
    expect(tally.merge(merged, { ...later, count: 4 })).toMatchObject({ count: 7 });
    expect(securityEvent.parse(tally.merge({ ...first, count: 999_999 }, { ...later, count: 5 }))).toMatchObject({ count: 1_000_000 });
  });

  it('refuse a count that stands for no tally: one, none, a fraction or past the cap', () => {
    for (const count of [1, 0, -3, 2.5, 1_000_001]) expect(securityEvent.safeParse(refusal({ count })).success, String(count)).toBe(false);
    expect(securityEvent.safeParse(refusal({ count: 2 })).success).toBe(true);
    expect(securityEvent.safeParse(refusal()).success).toBe(true);
  });
});
