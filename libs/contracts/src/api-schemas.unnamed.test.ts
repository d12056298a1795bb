import { describe, expect, it, vi } from 'vitest';

describe('the package without the API document', () => {
  it('names none of the API schemas: a service that never makes the OpenAPI document loads no names or examples', async () => {
    // The package as a service loads it: fresh, whatever other test files of this worker loaded.
    vi.resetModules();
    const contracts = await import('./index.js');
    expect(contracts.createSessionBody).toBeDefined();
    expect(contracts.namedApiSchemas()).toEqual([]);
    // The gateway's document loads them, once.
    await import('./api-schema-names.js');
    expect(contracts.namedApiSchemas().map(({ id }) => id)).toEqual(expect.arrayContaining(['Link', 'CreateSessionRequest']));
    expect(contracts.namedApiSchemas().find(({ id }) => id === 'Link')?.schema).toBe(contracts.publicLink);
  });
});
