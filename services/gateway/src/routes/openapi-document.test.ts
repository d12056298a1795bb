import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
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
