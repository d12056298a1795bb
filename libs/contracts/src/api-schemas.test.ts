import { describe, expect, it } from 'vitest';
import './api-schema-names.js';
import { namedApiSchemas } from './index.js';

describe('the names of the API schemas', () => {
  it('name the main schemas, each with an example the schema itself accepts', () => {
    const named = namedApiSchemas();
    const withExamples = named.filter(({ example }) => example !== undefined);
    expect(withExamples.map(({ id }) => id)).toEqual(expect.arrayContaining(['Link', 'Agent', 'InboxItem', 'Webhook', 'Schedule', 'AnalyticsReport']));
    // Checked by zod too: its refinements (one expiry, a split's distinct versions) are not in the JSON Schema.
    for (const { id, schema, example } of withExamples) {
      const parsed = schema.safeParse(example);
      expect(parsed.success, `${id}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
