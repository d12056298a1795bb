import { z } from 'zod';

/**
 * The names the OpenAPI document gives the API's schemas (docs/api.md, "OpenAPI document and
 * reference page"): each named schema appears once under `components.schemas` and operations refer
 * to it, so a client generated in any language gets a type called `Link`, not `InlineResponse201`.
 * A registry of its own, not zod's global one: the MCP tools render the same schemas as JSON Schema
 * (libs/mcp-tools), and an `id` in the global registry would turn them into `$ref`s there too.
 */

/** What the document knows of a named schema. */
export interface ApiSchemaMeta {
  /** Its name under components.schemas: PascalCase, unique in the API. */
  id: string;
  /** A realistic instance, the document's example of it; without one the document builds one from the schema. */
  examples?: [unknown];
}

export const apiSchemas = z.registry<ApiSchemaMeta>();

/** Each named schema by its name, in the order named. */
const named = new Map<string, { schema: z.ZodType; meta: ApiSchemaMeta }>();

/** Names a schema, with an example of it as sent or as answered (typed by the schema; tests check it against the document). */
export function nameApiSchema<S extends z.ZodType>(schema: S, id: string, example?: z.input<S> | z.output<S>): S {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(id)) throw new Error(`${id}: a schema's name is PascalCase`);
  if (named.has(id)) throw new Error(`${id}: two schemas of the API have this name`);
  if (apiSchemas.has(schema)) throw new Error(`${id}: the schema is named ${apiSchemas.get(schema)?.id} already`);
  const meta: ApiSchemaMeta = example === undefined ? { id } : { id, examples: [example] };
  named.set(id, { schema, meta });
  apiSchemas.add(schema, meta);
  return schema;
}

/** The example written for the schema named `id`, if it has one. */
export function apiSchemaExample(id: string): unknown {
  return named.get(id)?.meta.examples?.[0];
}

/** Every schema named so far, with its example when it has one written. */
export function namedApiSchemas(): Array<{ id: string; schema: z.ZodType; example: unknown }> {
  return [...named.values()].map(({ schema, meta }) => ({ id: meta.id, schema, example: meta.examples?.[0] }));
}
