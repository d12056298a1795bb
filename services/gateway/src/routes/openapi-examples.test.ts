import { describe, expect, it } from 'vitest';
import { ExampleBuilder, fromPattern } from './openapi-examples.js';

describe('fromPattern', () => {
  it('gives the shortest string a simple pattern matches', () => {
    for (const pattern of [
      '^lnk_[A-Za-z0-9_-]{16}$',
      '^\\+[1-9][0-9]{1,14}$',
      '^(?:[01]\\d|2[0-3]):[0-5]\\d$',
      '^#[0-9a-fA-F]{6}$',
      '^[a-z0-9][a-z0-9_-]{0,63}$',
    ]) {
      const example = fromPattern(pattern);
      expect(example, pattern).toBeDefined();
      expect(new RegExp(pattern, 'u').test(example as string), `${pattern}: ${example}`).toBe(true);
    }
    expect(fromPattern('^lnk_[A-Za-z0-9_-]{16}$')).toBe('lnk_AAAAAAAAAAAAAAAA');
  });

  it('gives up on what it does not read: a negated class, a lookahead', () => {
    expect(fromPattern('^[^x]+$')).toBeUndefined();
    expect(fromPattern('^(?=a)a$')).toBeUndefined();
  });
});

describe('ExampleBuilder', () => {
  const schemas = {
    Agent: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    Page: {
      type: 'object',
      properties: { agent: { $ref: '#/components/schemas/Agent' }, size: { type: 'integer', minimum: 10 } },
      required: ['agent', 'size'],
    },
  };
  const written = (name: string) => (name === 'Agent' ? { name: 'order-desk' } : undefined);

  it('takes the example written for a named schema, and builds one for the others from theirs', () => {
    const examples = new ExampleBuilder(schemas, written);
    expect(examples.of('Agent')).toEqual({ name: 'order-desk' });
    expect(examples.of('Page')).toEqual({ agent: { name: 'order-desk' }, size: 10 });
  });

  it('builds a value the schema takes: formats, enums, defaults, lengths, ranges, required fields only', () => {
    const build = (schema: Record<string, unknown>, key = 'field') => new ExampleBuilder({}, () => undefined).build(schema, key);
    expect(build({ type: 'string', format: 'uuid' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(build({ type: 'string', format: 'date-time' })).toBe('2026-03-02T09:30:00.000Z');
    expect(build({ type: 'string' }, 'created_at')).toBe('2026-03-02T09:30:00.000Z');
    expect(build({ type: 'string', enum: ['waiting', 'claimed'] })).toBe('waiting');
    expect(build({ type: 'integer', default: 30 })).toBe(30);
    expect(build({ type: 'string', minLength: 9 }, 'cron')).toBe('cronxxxxx');
    expect(build({ type: 'integer', minimum: -5, maximum: 0 })).toBe(0);
    expect(build({ anyOf: [{ type: 'null' }, { type: 'boolean' }] })).toBe(true);
    expect(build({ type: 'array', items: { type: 'string', pattern: '^team_[A-Za-z0-9_-]{16}$' }, minItems: 2 })).toEqual([
      'team_AAAAAAAAAAAAAAAA',
      'team_AAAAAAAAAAAAAAAA',
    ]);
    expect(build({ type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'boolean' } }, required: ['b'] })).toEqual({ b: true });
  });
});
