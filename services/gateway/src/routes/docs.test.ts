import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../test/gateway-harness.js';

/** The routes docs/api.md gives the Text Chat API and the Management API, as OpenAPI paths. */
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

const SIGNED = [{ hmac: [], hmac_timestamp: [] }];
const BEARER_OR_SESSION = [{ bearer: [] }, { session: [] }];
const ERROR_REF = { $ref: '#/components/schemas/Error' };
const PUBLIC_BASE_URL = 'https://parley.test';
const rootPackage = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { license: string };

/** The largest value of the PostgreSQL integer column that versions live in. */
const MAX_INT4 = 2_147_483_647;

/** A named schema's own schema (components.schemas), what stands beside the reference winning; any other schema as it is. */
const resolved = (spec: any, schema: any) => {
  if (typeof schema?.$ref !== 'string') return schema;
  const { $ref, ...beside } = schema;
  return { ...spec.components.schemas[$ref.slice(COMPONENT_REF.length)], ...beside };
};
const COMPONENT_REF = '#/components/schemas/';

/** The CSP directive `name` of a policy, as its list of sources. */
function directive(policy: string, name: string): string[] | undefined {
  const found = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name);
  return found?.slice(1);
}

describe('OpenAPI document', () => {
  let h: GatewayHarness;
  let spec: any;
  /** The JSON body schema of an operation, a named one resolved. */
  const bodySchema = (operation: any) => resolved(spec, operation?.requestBody?.content?.['application/json']?.schema);
  /** The JSON schema of an operation's answer with `status`, a named one resolved. */
  const answerSchema = (operation: any, status: string) => resolved(spec, operation?.responses?.[status]?.content?.['application/json']?.schema);

  beforeAll(async () => {
    h = await startGatewayHarness({ publicBaseUrl: `${PUBLIC_BASE_URL}/` });
    const response = await h.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    spec = response.body;
  });
  afterAll(async () => h?.stop());

  it('is OpenAPI 3.1 with the security schemes, the licence and this deployment as its server', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.info.title).toEqual(expect.any(String));
    expect(spec.info.license.identifier).toBe(rootPackage.license);
    expect(spec.servers).toEqual([expect.objectContaining({ url: PUBLIC_BASE_URL })]);
    expect(spec.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
      hmac: { type: 'apiKey', in: 'header', name: 'X-Signature' },
      hmac_timestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp' },
    });
  });

  it('gives every operation a unique camelCase operationId from its method and path, and a declared tag', () => {
    const operations = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    // Digits only where the path has them (`/a2a/…`: `postA2aByToken`).
    for (const id of ids) expect(id).toMatch(/^(get|post|put|patch|delete)[A-Z][A-Za-z0-9]*$/);
    expect(spec.paths['/api/chat/sessions/{session_id}/messages'].post.operationId).toBe('postChatSessionsBySessionIdMessages');
    expect(spec.paths['/api/agents/{name}/active-version'].put.operationId).toBe('putAgentsByNameActiveVersion');
    const declared = (spec.tags as Array<{ name: string; description: string }>).map((tag) => tag.name);
    expect(new Set(declared).size).toBe(declared.length);
    for (const tag of spec.tags) expect(tag.description, tag.name).toEqual(expect.any(String));
    for (const { method, path, operation } of operations) {
      expect(operation.tags.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const tag of operation.tags) expect(declared, `${method} ${path}`).toContain(tag);
    }
  });

  it('marks every public route `security: []`, and only those', () => {
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        // The public chat, and a link as an A2A agent (docs/open-protocols.md, "A2A").
        if (path.startsWith('/api/public/') || path.startsWith('/a2a/')) expect(operation.security, `${method} ${path}`).toEqual([]);
        else expect(operation.security.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it('lists every Text Chat API route, signed with HMAC', () => {
    for (const [method, path] of textChatRoutes) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(operation.security).toEqual(SIGNED);
      expect(operation.summary).toEqual(expect.any(String));
    }
  });

  it('lists every Management API route, with the bearer key or the console session', () => {
    for (const [method, path] of managementRoutes) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(operation.security).toEqual(BEARER_OR_SESSION);
    }
  });

  it('every operation tagged Text Chat API or Management is signed or takes the bearer key', () => {
    const operations = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
    );
    const tagged = (tag: string) => operations.filter(({ operation }) => operation.tags?.includes(tag));
    expect(tagged('Text Chat API').map(({ route }) => route)).toEqual(expect.arrayContaining(textChatRoutes.map(([m, p]) => `${m} ${p}`)));
    expect(tagged('Management').map(({ route }) => route)).toEqual(expect.arrayContaining(managementRoutes.map(([m, p]) => `${m} ${p}`)));
    for (const { route, operation } of tagged('Text Chat API')) expect(operation.security, route).toEqual(SIGNED);
    for (const { route, operation } of tagged('Management')) expect(operation.security, route).toEqual(BEARER_OR_SESSION);
    // The documentation routes themselves are not part of the API.
    for (const path of Object.keys(spec.paths)) expect(path).not.toMatch(/^\/(openapi\.json|docs)/);
  });

  it('gives the request schemas: the create-session body requires tenant_id and agent_id; version fits the column', () => {
    const schema = bodySchema(spec.paths['/api/chat/sessions'].post);
    expect(spec.paths['/api/chat/sessions'].post.requestBody.required).toBe(true);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['tenant_id', 'agent_id']));
    expect(schema.required).not.toContain('version');
    expect(schema.properties).toMatchObject({
      tenant_id: { type: 'string', format: 'uuid' },
      // The agent's id or its name (docs/text-chat-api.md "Create a session").
      agent_id: { type: 'string', minLength: 1, maxLength: 100 },
      version: { type: 'integer', minimum: 1, maximum: MAX_INT4 },
      metadata: { type: 'object' },
    });
    expect(schema.additionalProperties).toBe(false);
  });

  it('gives the message route: content of 1 to 10,000 characters, the session id and the Idempotency-Key header', () => {
    const operation = spec.paths['/api/chat/sessions/{session_id}/messages'].post;
    const content = bodySchema(operation).properties.content;
    expect(bodySchema(operation).required).toEqual(['content']);
    expect(content).toMatchObject({ type: 'string', minLength: 1 });
    const limitStated = content.maxLength === 10_000 || /10,?000/.test(content.description ?? '');
    expect(limitStated, JSON.stringify(content)).toBe(true);
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'session_id', required: true }),
        expect.objectContaining({ in: 'header', name: 'idempotency-key', required: false, schema: expect.objectContaining({ type: 'string' }) }),
      ]),
    );
  });

  it('gives the management request schemas; the active version fits the column', () => {
    const tenant = bodySchema(spec.paths['/api/tenants'].post);
    expect(tenant.required).toEqual(['name']);
    expect(tenant.properties.name).toMatchObject({ type: 'string', minLength: 1 });
    const agent = bodySchema(spec.paths['/api/agents'].post);
    expect(agent.required).toEqual(expect.arrayContaining(['name', 'config']));
    expect(agent.properties.name).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(bodySchema(spec.paths['/api/agents/{name}/versions'].post).required).toEqual(['config']);
    const active = bodySchema(spec.paths['/api/agents/{name}/active-version'].put);
    expect(active.required).toEqual(['version']);
    expect(active.properties.version).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_INT4 });
  });

  it('gives the response of each route, and every error response as the one error envelope', () => {
    const created = spec.paths['/api/chat/sessions'].post.responses;
    expect(answerSchema(spec.paths['/api/chat/sessions'].post, '201').properties).toHaveProperty('session_id');
    expect(spec.components.schemas.Error.properties.error.required).toEqual(expect.arrayContaining(['code', 'message', 'request_id']));
    expect(created['401'].description).toMatch(/^unauthorized/);
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
          if (Number(status) >= 400) expect(response.content?.['application/json']?.schema, `${method} ${path} ${status}`).toEqual(ERROR_REF);
        }
      }
    }
    expect(answerSchema(spec.paths['/api/tenants/{id}/keys'].post, '201').required).toEqual(expect.arrayContaining(['key_id', 'key']));
    expect(answerSchema(spec.paths['/api/agents/{name}'].get, '200').properties).toHaveProperty('versions');
  });

  it('gives the analytics answer its outcomes: the resolution rate always, the comparison of versions when there is one', () => {
    for (const path of ['/api/links/{id}/analytics', '/api/agents/{name}/analytics']) {
      const schema = answerSchema(spec.paths[path].get, '200');
      expect(schema.required, path).toEqual(expect.arrayContaining(['resolution_rate', 'sessions']));
      expect(schema.required, path).not.toEqual(expect.arrayContaining(['versions']));
      expect(schema.required, path).not.toEqual(expect.arrayContaining(['resolution_difference']));
      expect(schema.properties.sessions.required, path).toContain('resolved');
      expect(schema.properties.versions.items.required, path).toEqual(
        expect.arrayContaining(['version', 'sessions', 'completion_rate', 'escalation_rate', 'resolution_rate', 'csat_avg', 'tokens', 'response_ms_p50']),
      );
      expect(Object.keys(schema.properties.resolution_difference.properties), path).toEqual(['versions', 'estimate', 'ci95']);
    }
  });

  it('lists the errors each route really answers: the message route 400 to 503, management 429 and 503', () => {
    const message = spec.paths['/api/chat/sessions/{session_id}/messages'].post.responses;
    for (const status of ['400', '401', '404', '409', '410', '413', '503']) {
      expect(message[status]?.content?.['application/json']?.schema, `message ${status}`).toEqual(ERROR_REF);
    }
    for (const [method, path] of managementRoutes) {
      const responses = spec.paths[path][method].responses;
      for (const status of ['429', '503']) expect(responses[status], `${method} ${path} ${status}`).toBeDefined();
    }
  });

  it('names each body and answer: a reference to components.schemas, or a list of them, never an object written inline', () => {
    // Answers that are not JSON objects – an event stream, a CSV, a file's bytes, none – need no name.
    const named = (schema: any): boolean => {
      if (schema === undefined || typeof schema.$ref === 'string') return true;
      const members = schema.anyOf ?? schema.oneOf;
      if (members) return members.every(named);
      if (schema.type === 'array') return named(schema.items);
      return schema.type !== 'object' && schema.properties === undefined;
    };
    const inline = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => [
        ...(named(operation.requestBody?.content?.['application/json']?.schema) ? [] : [`${method} ${path} body`]),
        ...Object.entries(operation.responses as Record<string, any>)
          .filter(([status, response]) => /^2/.test(status) && !named(response.content?.['application/json']?.schema))
          .map(([status]) => `${method} ${path} ${status}`),
      ]),
    );
    expect(inline).toEqual([]);
    const link = spec.paths['/api/agents/{name}/public-links'];
    expect(link.post.requestBody.content['application/json'].schema).toEqual({ $ref: `${COMPONENT_REF}CreateLinkRequest` });
    expect(link.post.responses['201'].content['application/json'].schema).toEqual({ $ref: `${COMPONENT_REF}CreatedLink` });
    expect(spec.components.schemas.LinkList.properties.links.items).toEqual({ $ref: `${COMPONENT_REF}LinkWithUsage` });
    expect(spec.components.schemas.AgentList.properties.agents.items).toEqual({ $ref: `${COMPONENT_REF}Agent` });
    expect(spec.components.schemas.InboxList.properties.items.items).toEqual({ $ref: `${COMPONENT_REF}InboxItem` });
  });

  it('holds each named schema once, PascalCase, each used and each reference resolving', () => {
    const names = Object.keys(spec.components.schemas);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    const references = [...JSON.stringify({ paths: spec.paths, components: spec.components }).matchAll(/"\$ref":"([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    for (const reference of references) expect(names, reference).toContain(reference.slice(COMPONENT_REF.length));
    expect(names.filter((name) => !references.includes(`${COMPONENT_REF}${name}`))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['Link', 'Agent', 'AgentVersion', 'InboxItem', 'Webhook', 'TenantSecret', 'KnowledgeBase', 'Schedule', 'AuditEntry']),
    );
    // A request form apart from its answer's (a default filled in) is `<Name>Input`; the answer's keeps the name.
    expect(spec.components.schemas.LinkTheme.required).toContain('mode');
    expect(spec.components.schemas.LinkThemeInput.required ?? []).not.toContain('mode');
  });

  it('gives each operation an example body and answer, each valid against its schema (JSON Schema 2020-12)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: its plugin is the module's `default`.
    formats.default(ajv);
    // The named schemas as one schema of their own (its $defs), which every reference then names.
    const COMPONENTS = 'https://parley.test/components';
    const asDefs = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(COMPONENT_REF, `${COMPONENTS}#/$defs/`));
    ajv.addSchema({ $id: COMPONENTS, $defs: asDefs(spec.components.schemas) });
    const problems: string[] = [];
    const check = (schema: any, example: unknown, where: string) => {
      if (example === undefined) {
        problems.push(`${where}: no example`);
        return;
      }
      const validate = ajv.compile(asDefs(schema));
      if (!validate(example)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    };
    for (const [name, schema] of Object.entries(spec.components.schemas as Record<string, any>)) check(schema, schema.examples?.[0], name);
    // A body or answer that is a named schema has that schema's example; any other, its own.
    const exampleOf = (media: any) => media.example ?? resolved(spec, media.schema).examples?.[0];
    for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const body = operation.requestBody?.content?.['application/json'];
        if (body) check(body.schema, exampleOf(body), `${method} ${path} body`);
        for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
          const answer = response.content?.['application/json'];
          // A file's bytes (any value) has no example that says more than its description.
          if (/^2/.test(status) && answer && Object.keys(answer.schema).some((key) => key !== 'description')) {
            check(answer.schema, exampleOf(answer), `${method} ${path} ${status}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows the main schemas with examples written for them: the order-desk agent and its link', () => {
    const example = (name: string) => spec.components.schemas[name].examples[0];
    expect(example('Agent')).toMatchObject({ name: 'order-desk', created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(example('Link')).toMatchObject({ id: expect.stringMatching(/^lnk_/), agent: 'order-desk' });
    expect(example('CreatedLink').token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(example('CreateSessionRequest').tenant_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(example('LinkList').links[0]).toEqual(example('LinkWithUsage'));
  });
});

describe('API reference page (/docs)', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('is Swagger UI from the gateway itself: no script or stylesheet from another origin', async () => {
    const page = await h.inject({ method: 'GET', url: '/docs' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(/<!doctype html>/i);
    expect(page.text).not.toMatch(/<(script|link)[^>]+(src|href)=["']?(https?:)?\/\//i);
    const scripts = [...page.text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => new URL(match[1] as string, 'http://gateway.test/docs').pathname);
    expect(scripts).toContain('/docs/static/swagger-ui-bundle.js');
    // No inline code: every script element loads a file.
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);

    for (const path of scripts) {
      const script = await h.inject({ method: 'GET', url: path });
      expect(script.status, path).toBe(200);
      expect(script.headers['content-type'], path).toMatch(/javascript/);
      expect(script.text.length, path).toBeGreaterThan(0);
    }
    const bundle = await h.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.text).toContain('SwaggerUIBundle');
  });

  it('loads this gateway’s OpenAPI document', async () => {
    const initializer = await h.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.status).toBe(200);
    expect(initializer.text).toContain("'./json'");
    const shown = await h.inject({ method: 'GET', url: '/docs/json' });
    const served = await h.inject({ method: 'GET', url: '/openapi.json' });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(served.body);
  });

  it('is served under the strict page policy: scripts from this origin only, no inline script', async () => {
    for (const path of ['/docs', '/docs/static/swagger-ui-bundle.js']) {
      const response = await h.inject({ method: 'GET', url: path });
      const policy = String(response.headers['content-security-policy'] ?? '');
      expect(directive(policy, 'default-src'), path).toEqual(["'none'"]);
      expect(directive(policy, 'script-src'), path).toEqual(["'self'"]);
      expect(directive(policy, 'frame-ancestors'), path).toEqual(["'none'"]);
      expect(policy, path).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});
