import { describe, expect, it } from 'vitest';
import { contextData, withPageContext } from './page-context.js';

describe('page context in the collected data', () => {
  it('puts the page and each variable under `context.`', () => {
    expect(contextData({ page: '/pricing', variables: { plan: 'pro' } })).toEqual({ 'context.page': '/pricing', 'context.plan': 'pro' });
    expect(contextData(undefined)).toEqual({});
  });

  it("a later context replaces the page and merges the variables name by name, beside the workflow's own", () => {
    const collected = { name: 'Ada', 'context.page': '/pricing', 'context.plan': 'pro', 'context.seats': '12' };
    expect(withPageContext(collected, { variables: { plan: 'team', coupon: 'SPRING' } })).toEqual({
      name: 'Ada',
      'context.page': '/pricing',
      'context.plan': 'team',
      'context.seats': '12',
      'context.coupon': 'SPRING',
    });
    expect(withPageContext(collected, { page: '/checkout' })).toEqual({ ...collected, 'context.page': '/checkout' });
    // Nothing of what it was given is changed.
    expect(collected['context.plan']).toBe('pro');
  });

  it('past 20 variables in all, the newest context’s variables replace the earlier ones (the page and the rest kept)', () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`context.v${i}`, 'x']));
    const collected = { name: 'Ada', 'context.page': '/pricing', ...twenty };
    // Changing one of the twenty stays within them.
    expect(withPageContext(collected, { variables: { v3: 'y' } })).toEqual({ ...collected, 'context.v3': 'y' });
    expect(withPageContext(collected, { variables: { plan: 'pro' } })).toEqual({ name: 'Ada', 'context.page': '/pricing', 'context.plan': 'pro' });
  });
});
