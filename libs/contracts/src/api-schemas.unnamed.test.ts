import { describe, expect, it } from 'vitest';
import { createSessionBody, namedApiSchemas, publicLink } from './index.js';

describe('the package without the API document', () => {
  it('names none of the API schemas: a service that never makes the OpenAPI document loads no names or examples', async () => {
    expect(createSessionBody).toBeDefined();
    expect(namedApiSchemas()).toEqual([]);
    // The gateway's document loads them, once.
    await import('./api-schema-names.js');
    expect(namedApiSchemas().map(({ id }) => id)).toEqual(expect.arrayContaining(['Link', 'CreateSessionRequest']));
    expect(namedApiSchemas().find(({ id }) => id === 'Link')?.schema).toBe(publicLink);
  });
});
