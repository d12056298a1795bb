import { isDeepStrictEqual } from 'node:util';
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { apiErrorBodySchema, apiSchemaExample } from '@parley/contracts';
import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import type { RouteAuth } from '../app.js';
import { SESSION_COOKIE } from '../auth/console-session.js';
import { ComponentCollector, convert, describedByName, type Io, type JsonSchema, protectRefSiblings } from './openapi-components.js';
import { withExamples } from './openapi-examples.js';

/**
 * How the OpenAPI document (/openapi.json) describes every route, decided here once rather than
 * by each route: its operationId from its method and path, its credentials from the one it takes
 * (`config.auth`), and each error response as the one error envelope (docs/api.md, "OpenAPI
 * document and reference page").
 */

/** The document's tags, each declared once with what it groups; a route may use no other. */
export const API_TAGS = [
  { name: 'Text Chat API', description: 'Chat sessions for your own servers, each request signed with HMAC (X-Signature, X-Timestamp).' },
  { name: 'Public chat', description: 'What a visitor of a public link or the widget calls, with no account: the link token and a session credential.' },
  { name: 'Management', description: 'Tenants, agents, their config versions and the playground that tries them.' },
  { name: 'Public links', description: 'Temporary chat links: settings, templates, bulk changes, distribution by email and their sessions.' },
  { name: 'Schedules', description: 'Links made and sent on a schedule.' },
  { name: 'Inbox', description: 'Escalated conversations, answered by people: claim, answer, release, close, and the live feed.' },
  { name: 'Analytics', description: 'Counts per link or agent over a period: sessions, messages, visitors, response times, refusals.' },
  { name: 'Audit', description: 'The hash-chained record of every management change.' },
  { name: 'Privacy', description: "A visitor's data: export and erasure (GDPR, CCPA)." },
  { name: 'Knowledge', description: 'Knowledge bases: the documents agents answer from, and the search their prompt nodes make.' },
  { name: 'Webhooks', description: 'Standard Webhooks, Slack and Teams notifications of escalations, conversations and links.' },
  { name: 'Team', description: "Who acts on the tenant: the caller, members who sign in, API keys, Text Chat API secrets and the secrets of agents' tools." },
  { name: 'MCP', description: 'The Model Context Protocol endpoint: the link, template and schedule tools for AI assistants, over JSON-RPC.' },
  { name: 'Open protocols', description: 'A public link served to agent clients: AG-UI runs (CopilotKit) and an A2A agent, under every rule of the link.' },
] as const;

/** The credentials a route may take; each operation names its own (`security`, [] when public). */
export const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'The platform admin key (with X-Tenant-Id to act on a tenant) or a tenant key.' },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'A console session (docs/management-api.md, "Console sessions"); a changing request also sends its CSRF token as X-CSRF-Token.',
  },
  hmac: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      'Hex HMAC-SHA256 of X-Timestamp + METHOD + request target + hex SHA-256 of the raw body. The signature of a message is accepted once; reads and session creation accept identical requests.',
  },
  hmac_timestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp', description: 'Unix seconds, within ±300 s of the server; signed with the request.' },
} as const;

const SECURITY: Record<RouteAuth, Array<Partial<Record<keyof typeof SECURITY_SCHEMES, []>>>> = {
  hmac: [{ hmac: [], hmac_timestamp: [] }],
  // A bearer key, or else the console's session cookie (docs/management-api.md, "Console sessions").
  management: [{ bearer: [] }, { session: [] }],
  none: [],
};

/** The error envelope every error answer carries, once under components.schemas. */
export const ERROR_SCHEMA_NAME = 'Error';
const errorSchema: JsonSchema = (() => {
  const { $schema: _, ...schema } = z.toJSONSchema(apiErrorBodySchema, { target: 'draft-2020-12', io: 'output' });
  return schema;
})();
/** The envelope without its description: each error response describes it its own way. */
const { description: _, ...errorShape } = errorSchema;
/** The envelope as components.schemas holds it: with the example docs/api.md gives under "Errors". */
export const errorComponent: JsonSchema = {
  ...errorSchema,
  examples: [
    {
      error: {
        code: 'invalid',
        message: 'body.content: content must be 1 to 10,000 characters',
        details: [{ path: 'body.content', message: 'content must be 1 to 10,000 characters' }],
        request_id: 'req_SWbntms70',
      },
    },
  ],
};

/**
 * The operationId of a route: its method and path in camelCase, each parameter as `By<Name>`
 * (`POST /api/agents/:name/versions` → `postAgentsByNameVersions`). Stable as long as the route is.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((segment, index) => segment !== '' && !(index === 1 && segment === 'api'))
    .flatMap((segment) => (segment.startsWith(':') ? ['by', ...wordsOf(segment.slice(1).replace(/\(.*$/, ''))] : wordsOf(segment)));
  return method.toLowerCase() + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
}

const wordsOf = (segment: string) => segment.split(/[-_.]/).filter((word) => word !== '');

/**
 * Refuses, as the app is built, a documented route without a declared tag or a summary, with
 * more than one method (one operationId each), or with a `security` of its own (it comes from
 * `config.auth`, the credential the route really takes): it would reach the document wrong.
 */
export function assertDocumented(route: RouteOptions): void {
  const schema = route.schema as { hide?: boolean; tags?: string[]; summary?: string; security?: unknown } | undefined;
  if (schema === undefined || schema.hide) return;
  const where = `${route.method} ${route.url}`;
  if (schema.security !== undefined) throw new Error(`${where}: the document takes a route's security from config.auth; set none in its schema`);
  if (Array.isArray(route.method) && route.method.length > 1) throw new Error(`${where}: a documented route has one method`);
  const declared: readonly string[] = API_TAGS.map((tag) => tag.name);
  if (!schema.tags?.length || schema.tags.some((tag) => !declared.includes(tag))) {
    throw new Error(`${where}: a documented route needs a tag declared in openapi-document.ts (${declared.join(', ')})`);
  }
  if (!schema.summary) throw new Error(`${where}: a documented route needs a summary`);
}

type RouteSchema = Partial<Record<'body' | 'headers' | 'querystring' | 'params', z.core.$ZodType>> & {
  hide?: boolean;
  response?: Record<string, z.core.$ZodType>;
  [key: string]: unknown;
};

/**
 * What the swagger plugin runs to write the document: `transform` makes each route's schema what
 * the document shows (zod turned to JSON Schema, its named schemas as references, then the rules
 * above), `transformObject` adds the named schemas to components.schemas once every route is in.
 * One pair per document: the pair holds the schemas its routes use.
 */
export function documentTransforms(): { transform: SwaggerTransform; transformObject: SwaggerTransformObject } {
  const components = new ComponentCollector();
  const named = (schema: z.core.$ZodType, io: Io, where: string, responseRoot: boolean) => {
    if (!(schema instanceof z.core.$ZodType)) throw new Error(`${where}: a route's schemas are zod schemas`);
    const converted = convert(schema, io, true);
    components.add(io, converted.named);
    return protectRefSiblings(describedByName(converted), responseRoot);
  };
  const transform: SwaggerTransform = (input) => {
    const route = input.schema as RouteSchema | undefined;
    if (route === undefined) return { schema: input.schema, url: input.url };
    if (route.hide) return { schema: { hide: true }, url: input.url };
    const method = String(input.route.method);
    const where = `${method} ${input.url}`;
    const { body, headers, querystring, params, response, hide: _, ...rest } = route;
    const transformed: JsonSchema = {};
    // Parameters inline: the document lists them one by one.
    for (const [part, schema] of Object.entries({ headers, querystring, params })) if (schema) transformed[part] = convert(schema, 'input', false).schema;
    if (body) transformed.body = named(body, 'input', where, false);
    const responses = response
      ? Object.fromEntries(Object.entries(response).map(([status, schema]) => [status, named(schema, 'output', `${where} ${status}`, true)]))
      : undefined;
    for (const [key, value] of Object.entries(rest)) if (value) transformed[key] = value;
    const auth: RouteAuth = input.route.config?.auth ?? 'none';
    return {
      url: input.url,
      schema: {
        ...transformed,
        operationId: operationIdOf(method, input.url),
        security: SECURITY[auth],
        ...(responses ? { response: withErrorEnvelope(responses, where) } : {}),
      },
    };
  };
  const transformObject: SwaggerTransformObject = (input) => {
    if (!('openapiObject' in input)) throw new Error('the document is OpenAPI 3');
    const document = input.openapiObject;
    const finished = components.finish(document.paths);
    const { paths, schemas } = withExamples(finished.paths as Parameters<typeof withExamples>[0], finished.schemas, (name) =>
      apiSchemaExample(finished.idOf.get(name) ?? name),
    );
    return {
      ...document,
      paths,
      components: { ...document.components, schemas: { ...document.components?.schemas, ...schemas } },
    } as ReturnType<SwaggerTransformObject>;
  };
  return { transform, transformObject };
}

/** Each error response (4xx, 5xx) as a reference to the one envelope, keeping what it means there. */
function withErrorEnvelope(responses: Record<string, JsonSchema>, where: string): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if (Number(status) < 400) return [status, response];
      // zod's own keys ($schema, $id) are dropped from the document anyway.
      const { description, $schema: _schema, $id: _id, ...shape } = response;
      if (!isDeepStrictEqual(shape, errorShape)) throw new Error(`${where}: the ${status} response is not the error envelope (errorResponses())`);
      return [status, { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } } } }];
    }),
  );
}
