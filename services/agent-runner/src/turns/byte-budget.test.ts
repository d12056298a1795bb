import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.js';

/** Whether a promise has settled once the microtasks queued so far have run. */
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('a runner’s byte budget for images', () => {
  it('lets turns in while their bytes fit, and the next one in as soon as bytes come back, in order', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.take(60);
    const b = await budget.take(40);
    expect(budget.inUse).toBe(100);
    const c = budget.take(30);
    const d = budget.take(10);
    // d would fit after c, not before it: it waits its turn.
    expect(await settled(c)).toBe(false);
    expect(await settled(d)).toBe(false);
    b();
    const giveC = await c;
    const giveD = await d;
    expect(budget.inUse).toBe(100);
    // Given back twice counts once.
    a();
    a();
    expect(budget.inUse).toBe(40);
    giveC();
    giveD();
    expect(budget.inUse).toBe(0);
  });

  it('lets a turn larger than the whole in alone, once nothing else holds any', async () => {
    const budget = new ByteBudget(100);
    const small = await budget.take(10);
    const large = budget.take(250);
    expect(await settled(large)).toBe(false);
    small();
    const giveLarge = await large;
    expect(budget.inUse).toBe(250);
    const next = budget.take(1);
    expect(await settled(next)).toBe(false);
    giveLarge();
    (await next)();
    expect(budget.inUse).toBe(0);
  });
});
