import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';

/** The routes API.md gives the Text Chat API and the Management API, as OpenAPI paths. */
const textChatRoutes = [
  ['post', '/api/chat/sessions'],
  ['post', '/api/chat/sessions/{session_id}/messages'],
  ['get', '/api/chat/sessions/{session_id}'],
  ['delete', '/api/chat/sessions/{session_id}'],
] as const;
const managementRoutes = [
  ['post', '/api/tenants'],
  ['post', '/api/tenants/{id}/keys'],
  ['post', '/api/agents'],
  ['get', '/api/agents'],
  ['get', '/api/agents/{name}'],
  ['post', '/api/agents/{name}/versions'],
  ['put', '/api/agents/{name}/active-version'],
] as const;

/** The JSON body schema of an operation. */
const bodySchema = (operation: any) => operation?.requestBody?.content?.['application/json']?.schema;

describe('OpenAPI document and reference page', () => {
  let h: TestPlatform;
  let spec: any;

  beforeAll(async () => {
    h = await startTestPlatform();
    const response = await fetch(`${h.platform.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    spec = await response.json();
  });
  afterAll(async () => h?.stop());

  it('is OpenAPI 3.1 with both security schemes', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.info.title).toEqual(expect.any(String));
    expect(spec.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      hmac: { type: 'apiKey', in: 'header', name: 'X-Signature' },
    });
  });

  it('lists every Text Chat API route, signed with HMAC', () => {
    for (const [method, path] of textChatRoutes) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(operation.security).toEqual([{ hmac: [] }]);
      expect(operation.summary).toEqual(expect.any(String));
    }
  });

  it('lists every Management API route, with the bearer key', () => {
    for (const [method, path] of managementRoutes) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });

  it('every operation tagged Text Chat API or Management is signed or takes the bearer key', () => {
    const operations = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
    );
    const tagged = (tag: string) => operations.filter(({ operation }) => operation.tags?.includes(tag));
    expect(tagged('Text Chat API').map(({ route }) => route)).toEqual(expect.arrayContaining(textChatRoutes.map(([m, p]) => `${m} ${p}`)));
    expect(tagged('Management').map(({ route }) => route)).toEqual(expect.arrayContaining(managementRoutes.map(([m, p]) => `${m} ${p}`)));
    for (const { route, operation } of tagged('Text Chat API')) expect(operation.security, route).toEqual([{ hmac: [] }]);
    for (const { route, operation } of tagged('Management')) expect(operation.security, route).toEqual([{ bearer: [] }]);
    // The documentation routes themselves are not part of the API.
    expect(spec.paths['/openapi.json']).toBeUndefined();
    expect(spec.paths['/docs']).toBeUndefined();
  });

  it('gives the request schemas: the create-session body requires tenant_id and agent_id', () => {
    const schema = bodySchema(spec.paths['/api/chat/sessions'].post);
    expect(spec.paths['/api/chat/sessions'].post.requestBody.required).toBe(true);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['tenant_id', 'agent_id']));
    expect(schema.required).not.toContain('version');
    expect(schema.properties).toMatchObject({
      tenant_id: { type: 'string', format: 'uuid' },
      agent_id: { type: 'string', format: 'uuid' },
      version: { type: 'integer', minimum: 1 },
      metadata: { type: 'object' },
    });
    expect(schema.additionalProperties).toBe(false);
  });

  it('gives the message content limit: 1 to 10,000 characters', () => {
    const operation = spec.paths['/api/chat/sessions/{session_id}/messages'].post;
    const content = bodySchema(operation).properties.content;
    expect(bodySchema(operation).required).toEqual(['content']);
    expect(content).toMatchObject({ type: 'string', minLength: 1 });
    const limitStated = content.maxLength === 10_000 || /10,?000/.test(content.description ?? '');
    expect(limitStated, JSON.stringify(content)).toBe(true);
    expect(operation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'path', name: 'session_id', required: true, schema: expect.objectContaining({ pattern: expect.stringContaining('text_') }) })]),
    );
  });

  it('gives the management request schemas', () => {
    const tenant = bodySchema(spec.paths['/api/tenants'].post);
    expect(tenant.required).toEqual(['name']);
    expect(tenant.properties.name).toMatchObject({ type: 'string', minLength: 1 });
    const agent = bodySchema(spec.paths['/api/agents'].post);
    expect(agent.required).toEqual(expect.arrayContaining(['name', 'config']));
    expect(agent.properties.name).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(bodySchema(spec.paths['/api/agents/{name}/versions'].post).required).toEqual(['config']);
    const active = bodySchema(spec.paths['/api/agents/{name}/active-version'].put);
    expect(active.required).toEqual(['version']);
    expect(active.properties.version).toMatchObject({ type: 'integer', minimum: 1 });
  });

  it('gives the response of each route and the error shape', () => {
    const created = spec.paths['/api/chat/sessions'].post.responses;
    expect(created['201'].content['application/json'].schema.properties).toHaveProperty('session_id');
    expect(created['401'].content['application/json'].schema.properties.error.required).toEqual(expect.arrayContaining(['code', 'message']));
    expect(spec.paths['/api/tenants/{id}/keys'].post.responses['201'].content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['key_id', 'key']),
    );
    expect(spec.paths['/api/agents/{name}'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('versions');
  });

  it('GET /docs answers an HTML page that loads /openapi.json', async () => {
    const response = await fetch(`${h.platform.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain('/openapi.json');
    // Self-contained: no script or stylesheet from another origin.
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
  });
});
