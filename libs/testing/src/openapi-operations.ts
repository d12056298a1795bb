/**
 * The parts of the OpenAPI document the route-sweeping tests (and the gateway-memory bench, which
 * sends the fuzz test's traffic) read: each operation and its body's JSON Schema.
 */

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
};

export interface OpenApiOperation {
  method: string;
  path: string;
  /** The credential the route takes, from its `security`. */
  auth: 'hmac' | 'bearer' | 'none';
  body: JsonSchema | undefined;
}

/**
 * The credential of an operation from its `security`: its first alternative (HMAC, or the bearer
 * key before the console session cookie); `security: []` is a public route, which takes none.
 */
function authOf(security: Array<Record<string, unknown>> | undefined): OpenApiOperation['auth'] {
  if (security === undefined) throw new Error('every operation of the document states its security ([] when public)');
  const first = security[0];
  if (first === undefined) return 'none';
  if ('hmac' in first) return 'hmac';
  if ('bearer' in first) return 'bearer';
  throw new Error(`an operation takes a credential the tests do not know: ${Object.keys(first).join(', ')}`);
}

/** What is read of an operation of the document. */
interface DocumentOperation {
  security?: Array<Record<string, unknown>>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * A schema with each reference to a named schema (components.schemas) replaced by that schema,
 * what stands beside the reference winning, so its fields can be walked. A schema met again inside
 * itself stays a reference.
 */
function resolved(value: unknown, schemas: Record<string, unknown>, within: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => resolved(item, schemas, within));
  if (value === null || typeof value !== 'object') return value;
  const { $ref, ...rest } = value as { $ref?: unknown } & Record<string, unknown>;
  const own = Object.fromEntries(Object.entries(rest).map(([key, child]) => [key, resolved(child, schemas, within)]));
  if (typeof $ref !== 'string' || !$ref.startsWith(COMPONENT_REF)) return $ref === undefined ? own : { $ref, ...own };
  const name = $ref.slice(COMPONENT_REF.length);
  if (within.includes(name)) return value;
  if (!(name in schemas)) throw new Error(`the document refers to ${$ref}, which it does not hold`);
  return { ...(resolved(schemas[name], schemas, [...within, name]) as object), ...own };
}

/** Every operation of `/openapi.json`, with the JSON body schema it documents (named schemas resolved). */
export function openApiOperations(spec: {
  paths: Record<string, Record<string, DocumentOperation>>;
  components?: { schemas?: Record<string, unknown> };
}): OpenApiOperation[] {
  const schemas = spec.components?.schemas ?? {};
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const body = op.requestBody?.content?.['application/json']?.schema;
      return { method: method.toUpperCase(), path, auth: authOf(op.security), body: body && (resolved(body, schemas) as JsonSchema) };
    }),
  );
}

/**
 * A valid instance of a schema – required fields only, enums' first value, numbers at their
 * minimum – so a request gets past validation; each string is `text(key, schema)`.
 */
export function exampleOf(schema: JsonSchema | undefined, key: string, text: (key: string, schema: JsonSchema) => string): unknown {
  if (!schema) return undefined;
  if (schema.anyOf) return exampleOf(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0], key, text);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = exampleOf(schema.properties?.[name], name, text);
      return out;
    }
    case 'array':
      return [exampleOf(schema.items, key, text)];
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      return text(key, schema);
    default:
      return {};
  }
}
