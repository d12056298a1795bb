import { nameApiSchema } from '@parley/contracts';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ComponentCollector, convert } from './openapi-components.js';
import { assertDocumented, operationIdOf } from './openapi-document.js';

describe('operationIdOf', () => {
  it('is the method and the path in camelCase, each parameter as By<Name>', () => {
    expect(operationIdOf('POST', '/api/chat/sessions/:session_id/messages')).toBe('postChatSessionsBySessionIdMessages');
    expect(operationIdOf('PUT', '/api/agents/:name/active-version')).toBe('putAgentsByNameActiveVersion');
    expect(operationIdOf('GET', '/api/me')).toBe('getMe');
    expect(operationIdOf('DELETE', '/api/public-links/:id(^\\d+)')).toBe('deletePublicLinksById');
  });
});

describe('assertDocumented, as routes are added', () => {
  const app = () => {
    const instance = Fastify();
    instance.addHook('onRoute', assertDocumented);
    return instance;
  };
  const handler = async () => ({});

  it('takes a documented route with a declared tag and a summary, and any hidden route', () => {
    const instance = app();
    expect(() => instance.get('/a', { schema: { tags: ['Inbox'], summary: 'A' } }, handler)).not.toThrow();
    expect(() => instance.get('/b', { schema: { hide: true } }, handler)).not.toThrow();
  });

  it('refuses an undeclared or missing tag, a missing summary, and a security of its own', () => {
    const instance = app();
    expect(() => instance.get('/a', { schema: { tags: ['Elsewhere'], summary: 'A' } }, handler)).toThrow(/tag declared/);
    expect(() => instance.get('/b', { schema: { summary: 'B' } }, handler)).toThrow(/tag declared/);
    expect(() => instance.get('/c', { schema: { tags: ['Inbox'] } }, handler)).toThrow(/summary/);
    expect(() => instance.get('/d', { schema: { tags: ['Inbox'], summary: 'D', security: [{ bearer: [] }] } }, handler)).toThrow(/config\.auth/);
  });
});

describe('named schemas (components.schemas)', () => {
  const theme = nameApiSchema(z.strictObject({ mode: z.enum(['light', 'dark']).default('light') }), 'TestTheme');
  const page = nameApiSchema(z.strictObject({ title: z.string().describe('What the page is called'), theme }), 'TestPage');
  const note = nameApiSchema(z.strictObject({ text: z.string() }), 'TestNote');

  it('turns a named schema into a reference, keeping the description of a reference and of every inline field', () => {
    const converted = convert(z.strictObject({ page: page.describe('The page shown'), at: z.string().describe('When') }), 'output', true);
    expect(converted.schema.properties).toEqual({
      page: { $ref: '#/components/schemas/TestPage', description: 'The page shown' },
      at: { type: 'string', description: 'When' },
    });
    expect([...converted.named.keys()].sort()).toEqual(['TestPage', 'TestTheme']);
    expect(converted.named.get('TestPage')?.properties).toMatchObject({ title: { description: 'What the page is called' } });
    // Parameters stay inline: the document lists them one by one.
    expect(convert(page, 'input', false).schema).toMatchObject({ type: 'object', properties: { theme: { type: 'object' } } });
  });

  it('names a request form as its answer when they are the same, else <Name>Input, and a form that refers to one apart is apart too', () => {
    const collector = new ComponentCollector();
    for (const io of ['input', 'output'] as const) collector.add(io, convert(page, io, true).named);
    collector.add('input', convert(note, 'input', true).named);
    collector.add('output', convert(note, 'output', true).named);
    const body = convert(page, 'input', true).schema;
    const { schemas, idOf, paths } = collector.finish({ '/pages': { post: { requestBody: { content: { 'application/json': { schema: body } } } } } });
    expect(Object.keys(schemas)).toEqual(['TestNote', 'TestPage', 'TestPageInput', 'TestTheme', 'TestThemeInput']);
    expect(schemas.TestTheme?.required).toEqual(['mode']);
    expect(schemas.TestThemeInput?.required).toBeUndefined();
    expect(schemas.TestPageInput?.properties).toMatchObject({ theme: { $ref: '#/components/schemas/TestThemeInput' } });
    expect(idOf.get('TestPageInput')).toBe('TestPage');
    expect(JSON.stringify(paths)).toContain('"$ref":"#/components/schemas/TestPageInput"');
  });
});
