import { apiSchemas } from '@parley/contracts';
// The API's schemas are given their names (and examples) where the document is made, and only here:
// the other services never make it, and load none of them.
import '@parley/contracts/api-schema-names';
import { z } from 'zod';

/**
 * The route schemas (zod) as the OpenAPI document's JSON Schema, with every schema named in
 * `apiSchemas` (@parley/contracts) once under components.schemas and referred to from where it is
 * used (docs/api.md, "OpenAPI document and reference page").
 *
 * Not fastify-type-provider-zod's transform: it takes its names from one registry and reads every
 * other metadata (`.describe()`, `.meta()`) from that same registry, so names kept out of zod's
 * global one (the MCP tools render these schemas too) would cost the document every description.
 * The conversion is zod's own `toJSONSchema`, with the provider's settings.
 */

export type JsonSchema = Record<string, unknown>;
export type Io = 'input' | 'output';

export const COMPONENT_REF = '#/components/schemas/';

/**
 * Marks a reference to a schema's request form until every route is converted: it is named as the
 * response form is when the two are the same, else `<Name>Input` (defaults filled in, say).
 */
const INPUT_FORM = '@input';

/** Marks where a reference had keywords beside it (a description), which the swagger plugin would drop; undone at the end. */
const REF_SIBLINGS = 'x-parley-ref-siblings';

/**
 * The metadata zod reads as it converts: every schema's own (zod's global registry: descriptions,
 * formats), plus the name of a schema of `apiSchemas`, which makes zod move it to `$defs`.
 */
class DocumentMetadata extends z.core.$ZodRegistry<Record<string, unknown>> {
  constructor(private readonly named: boolean) {
    super();
  }

  override get<S extends z.core.$ZodType>(schema: S): Record<string, unknown> | undefined {
    // An `id` of the global registry names nothing here: only apiSchemas' names make components.
    const { id: _, ...meta } = z.globalRegistry.get(schema) ?? {};
    const name = this.named && apiSchemas.has(schema) ? apiSchemas.get(schema)?.id : undefined;
    return name === undefined ? meta : { ...meta, id: name };
  }
}

const WITH_NAMES = new DocumentMetadata(true);
const WITHOUT_NAMES = new DocumentMetadata(false);

/** A schema converted: the schema itself and the named schemas it uses, by name. */
export interface Converted {
  schema: JsonSchema;
  named: Map<string, JsonSchema>;
}

/**
 * One route schema as JSON Schema draft 2020-12. `named`: its named schemas become references (a
 * body, a response); without, everything is inline (parameters, which the document lists one by one).
 */
export function convert(schema: z.core.$ZodType, io: Io, named: boolean): Converted {
  const {
    $schema: _,
    $defs,
    ...json
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    metadata: named ? WITH_NAMES : WITHOUT_NAMES,
    // As fastify-type-provider-zod converts: what JSON cannot hold is any value, a cycle a reference.
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
    override: (context) => overrides(context, io),
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  // Only a named schema moves to $defs, or else a schema that contains itself: that one needs a name.
  const refOf = (id: string) => {
    if (id.startsWith('__schema')) throw new Error('a schema that contains itself needs a name in apiSchemas (@parley/contracts)');
    return `${COMPONENT_REF}${id}${io === 'input' ? INPUT_FORM : ''}`;
  };
  const rewrite = (value: unknown) => rewriteRefs(value, (ref) => (ref.startsWith('#/$defs/') ? refOf(ref.slice('#/$defs/'.length)) : ref));
  return {
    schema: rewrite(json) as JsonSchema,
    named: new Map(Object.entries($defs ?? {}).map(([id, body]) => [id, rewrite(body) as JsonSchema])),
  };
}

/**
 * A converted body or answer that is a named schema, with that schema's description beside the
 * reference: the swagger plugin takes it as the request body's or the response's description.
 */
export function describedByName({ schema, named }: Converted): JsonSchema {
  if (typeof schema.$ref !== 'string' || 'description' in schema) return schema;
  const description = named.get(schema.$ref.slice(COMPONENT_REF.length).replace(INPUT_FORM, ''))?.description;
  return typeof description === 'string' ? { ...schema, description } : schema;
}

/** fastify-type-provider-zod's adjustments: no empty member in a union; a date answered is a string, an undefined answer null. */
function overrides({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }, io: Io): void {
  const type = zodSchema._zod.def.type;
  if (type === 'union' && Array.isArray(jsonSchema.anyOf)) jsonSchema.anyOf = jsonSchema.anyOf.filter((member) => Object.keys(member).length > 0);
  if (io === 'output' && type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
  if (io === 'output' && type === 'undefined') jsonSchema.type = 'null';
}

/** The value with every `$ref` rewritten. */
export function rewriteRefs(value: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rewrite));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, key === '$ref' && typeof child === 'string' ? rewrite(child) : rewriteRefs(child, rewrite)]),
  );
}

/**
 * Keeps what sits beside a reference (its description) through the swagger plugin, which drops
 * it: `{$ref, …}` travels as `{allOf: [{$ref}], …}`, undone by `restoreRefSiblings`. The root of a
 * response is left as it is: the plugin takes its description as the response's.
 */
export function protectRefSiblings(schema: JsonSchema, root: boolean): JsonSchema {
  const walk = (value: unknown, atRoot: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, false));
    if (value === null || typeof value !== 'object') return value;
    const object = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walk(child, false)])) as JsonSchema;
    if (typeof object.$ref !== 'string' || Object.keys(object).length === 1 || atRoot) return object;
    const { $ref, ...siblings } = object;
    return { allOf: [{ $ref }], ...siblings, [REF_SIBLINGS]: true };
  };
  return walk(schema, root) as JsonSchema;
}

/** Undoes `protectRefSiblings` anywhere in a value. */
function restoreRefSiblings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(restoreRefSiblings);
  if (value === null || typeof value !== 'object') return value;
  const object = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, restoreRefSiblings(child)])) as JsonSchema;
  if (object[REF_SIBLINGS] !== true) return object;
  const { allOf, [REF_SIBLINGS]: _, ...siblings } = object;
  return { ...(allOf as [JsonSchema])[0], ...siblings };
}

/** As the swagger plugin writes the schemas of routes (`convertConstToEnum`), for the components it never sees. */
function constToEnum(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(constToEnum);
  if (value === null || typeof value !== 'object') return value;
  const object = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, key === 'const' ? child : constToEnum(child)])) as JsonSchema;
  if (!('const' in object)) return object;
  const { const: only, ...rest } = object;
  return { ...rest, enum: [only] };
}

/**
 * The named schemas the routes use, gathered as each route is converted, and at the end each
 * form's name: the response form as named, the request form too when it is the same (references
 * included), else `<Name>Input`.
 */
export class ComponentCollector {
  private readonly forms = { input: new Map<string, JsonSchema>(), output: new Map<string, JsonSchema>() };

  add(io: Io, named: Map<string, JsonSchema>): void {
    for (const [id, body] of named) {
      const known = this.forms[io].get(id);
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(body)) throw new Error(`${id}: converted differently by two routes`);
      this.forms[io].set(id, body);
    }
  }

  /** The components, by name (and the schema each name is a form of), and the document's paths with their references named the same way. */
  finish(paths: unknown): { schemas: Record<string, JsonSchema>; idOf: Map<string, string>; paths: unknown } {
    const inputName = this.inputNames();
    const named = (value: unknown) =>
      constToEnum(
        restoreRefSiblings(
          rewriteRefs(value, (ref) => {
            if (!ref.endsWith(INPUT_FORM)) return ref;
            const id = ref.slice(COMPONENT_REF.length, -INPUT_FORM.length);
            return `${COMPONENT_REF}${inputName.get(id)}`;
          }),
        ),
      );
    const schemas: Record<string, JsonSchema> = {};
    const idOf = new Map<string, string>();
    for (const [id, body] of this.forms.output) {
      schemas[id] = named(body) as JsonSchema;
      idOf.set(id, id);
    }
    for (const [id, body] of this.forms.input) {
      const name = inputName.get(id) as string;
      schemas[name] = named(body) as JsonSchema;
      idOf.set(name, id);
    }
    this.forms.input.clear();
    this.forms.output.clear();
    return { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), idOf, paths: named(paths) };
  }

  /** Each request form's name: its response form's when that is the same, references included. */
  private inputNames(): Map<string, string> {
    const asOutput = (body: JsonSchema) => JSON.stringify(rewriteRefs(body, (ref) => (ref.endsWith(INPUT_FORM) ? ref.slice(0, -INPUT_FORM.length) : ref)));
    const refsOf = (body: JsonSchema) => {
      const ids: string[] = [];
      rewriteRefs(body, (ref) => {
        if (ref.endsWith(INPUT_FORM)) ids.push(ref.slice(COMPONENT_REF.length, -INPUT_FORM.length));
        return ref;
      });
      return ids;
    };
    const differs = new Set<string>();
    for (const [id, body] of this.forms.input) {
      const output = this.forms.output.get(id);
      if (output !== undefined && asOutput(body) !== JSON.stringify(output)) differs.add(id);
    }
    // A form that refers to a form named apart is apart too.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [id, body] of this.forms.input) {
        if (differs.has(id) || !this.forms.output.has(id) || !refsOf(body).some((ref) => differs.has(ref))) continue;
        differs.add(id);
        changed = true;
      }
    }
    const names = new Map<string, string>();
    for (const id of this.forms.input.keys()) names.set(id, differs.has(id) ? `${id}Input` : id);
    for (const [id, name] of names) {
      if (name !== id && (this.forms.output.has(name) || this.forms.input.has(name)))
        throw new Error(`${name}: the request form of ${id} takes the name of another schema`);
    }
    return names;
  }
}
