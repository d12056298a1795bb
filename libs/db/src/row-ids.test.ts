import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedUuid } from './row-ids.js';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 28, 15, 4, 5, 678);
    const id = timeOrderedUuid(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('sorts later ids after earlier ones, as text and as PostgreSQL compares uuids (bytewise), and never repeats', () => {
    const at = Date.UTC(2026, 10, 28);
    const ids = [at, at + 1, at + 255, at + 256, at + 2 ** 32, at + 2 ** 40].map((t) => timeOrderedUuid(t));
    expect([...ids].sort()).toEqual(ids);
    // Thousands in one millisecond – more than one draw of random bytes – are all different.
    const same = new Set(Array.from({ length: 5_000 }, () => timeOrderedUuid(at)));
    expect(same.size).toBe(5_000);
  });
});
