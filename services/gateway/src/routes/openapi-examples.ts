import { COMPONENT_REF, type JsonSchema } from './openapi-components.js';

/**
 * The document's examples (docs/api.md, "OpenAPI document and reference page"): each named schema
 * carries one (`examples`), the one written for it in @parley/contracts or else one built here from
 * the schema; an operation whose body or answer is not a named schema (a list of them, a string)
 * gets its own (`example`). Built the same way every time, so the committed document is stable.
 */

/** A value of each string format zod writes, as JSON Schema's format checkers take it. */
const FORMATS: Record<string, string> = {
  uuid: '3f6c1a52-8d2e-4b7a-9c41-5e0d2f7b9a18',
  'date-time': '2026-03-02T09:30:00.000Z',
  date: '2026-03-02',
  time: '09:30:00',
  duration: 'P1D',
  email: 'ada@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '203.0.113.7',
  ipv6: '2001:db8::7',
  cidrv4: '203.0.113.0/24',
  cidrv6: '2001:db8::/32',
  e164: '+14155550123',
  base64: 'cGFybGV5',
  base64url: 'cGFybGV5',
};

/** Builds examples for one document: each named schema's once, by name. */
export class ExampleBuilder {
  private readonly built = new Map<string, unknown>();
  private readonly building = new Set<string>();

  constructor(
    private readonly schemas: Record<string, JsonSchema>,
    /** The example written for a named schema, if there is one. */
    private readonly written: (name: string) => unknown,
  ) {}

  /** The example of the named schema `name`. */
  of(name: string): unknown {
    if (this.built.has(name)) return this.built.get(name);
    const written = this.written(name);
    if (written !== undefined) {
      this.built.set(name, written);
      return written;
    }
    const schema = this.schemas[name];
    // A schema that contains itself: the inner one is left out (an optional field, an empty list).
    if (schema === undefined || this.building.has(name)) return undefined;
    this.building.add(name);
    const example = this.build(schema, name);
    this.building.delete(name);
    this.built.set(name, example);
    return example;
  }

  /** An instance of `schema`: its own example or default, else the least that it takes, each string as its format or pattern asks. */
  build(schema: JsonSchema, key: string): unknown {
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith(COMPONENT_REF)) return this.of(schema.$ref.slice(COMPONENT_REF.length));
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum)) return schema.enum.find((value) => value !== null) ?? schema.enum[0];
    if ('default' in schema) return schema.default;
    const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (members?.length) return this.build(members.find((member) => member.type !== 'null') ?? (members[0] as JsonSchema), key);
    if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((member) => this.build(member as JsonSchema, key)));
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const type = types.find((candidate) => candidate !== 'null') ?? types[0];
    switch (type) {
      case 'object':
        return this.object(schema);
      case 'array': {
        const count = Math.min(Math.max(1, Number(schema.minItems ?? 1)), Number(schema.maxItems ?? Number.POSITIVE_INFINITY));
        if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((item) => this.build(item as JsonSchema, key));
        return Array.from({ length: count }, () => this.build((schema.items ?? {}) as JsonSchema, key));
      }
      case 'integer':
      case 'number':
        return numberIn(schema, type === 'integer');
      case 'boolean':
        return true;
      case 'string':
        return stringFor(schema, key);
      case 'null':
        return null;
      default:
        // Any value (a free-form config, a tool's arguments): an empty object.
        return {};
    }
  }

  /** Its required fields, or its first when none is required. */
  private object(schema: JsonSchema): Record<string, unknown> {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = (schema.required as string[] | undefined) ?? [];
    const names = required.length > 0 ? required : Object.keys(properties).slice(0, 1);
    return Object.fromEntries(names.filter((name) => properties[name]).map((name) => [name, this.build(properties[name] as JsonSchema, name)]));
  }
}

/** 1 when the range holds it, else the bound nearest it. */
function numberIn(schema: JsonSchema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  const minimum =
    typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + step : undefined;
  const maximum =
    typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - step : undefined;
  if (minimum !== undefined && minimum > 1) return integer ? Math.ceil(minimum) : minimum;
  if (maximum !== undefined && maximum < 1) return integer ? Math.floor(maximum) : maximum;
  return 1;
}

/** What a field's name says of its text, where its schema says nothing: `…_at` is a time, `email` an address. */
function byName(key: string): string | undefined {
  if (key === 'at' || key.endsWith('_at') || key === 'from' || key === 'to') return FORMATS['date-time'];
  if (key === 'email' || key.endsWith('_email')) return FORMATS.email;
  if (key === 'url' || key.endsWith('_url')) return FORMATS.uri;
  return undefined;
}

/** The format's value, else one the pattern matches, else one the field's name suggests, else the name itself, at the length asked. */
function stringFor(schema: JsonSchema, key: string): string {
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  const candidates = [
    FORMATS[String(schema.format)],
    schema.pattern ? fromPattern(String(schema.pattern)) : undefined,
    byName(key),
    key.replace(/[^a-z0-9]+/gi, '-'),
  ];
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Number(schema.maxLength ?? Number.POSITIVE_INFINITY);
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const sized = candidate.length < minLength ? candidate.padEnd(minLength, 'x') : candidate.slice(0, maxLength);
    if (!pattern || pattern.test(sized)) return sized;
  }
  return (candidates.find((candidate) => candidate !== undefined) as string).slice(0, maxLength);
}

/**
 * The shortest string a simple pattern matches: literals, escapes, classes (their first
 * character), groups (their first alternative) and quantifiers (their least count, one at least
 * for `*`). Undefined for anything else.
 */
export function fromPattern(pattern: string): string | undefined {
  let at = 0;
  const CLASS_ESCAPES: Record<string, string> = { d: '0', w: 'a', s: ' ' };
  const sequence = (): string | undefined => {
    let out = '';
    while (at < pattern.length && pattern[at] !== ')' && pattern[at] !== '|') {
      const atom = single();
      if (atom === undefined) return undefined;
      const count = quantifier();
      if (count === undefined) return undefined;
      out += atom.repeat(count);
    }
    return out;
  };
  const alternatives = (): string | undefined => {
    const first = sequence();
    // The first alternative is the example; the others are read past.
    while (pattern[at] === '|') {
      at++;
      if (sequence() === undefined) return undefined;
    }
    return first;
  };
  const single = (): string | undefined => {
    const char = pattern[at++] as string;
    if (char === '^' || char === '$') return '';
    if (char === '\\') {
      const escaped = pattern[at++] as string;
      return CLASS_ESCAPES[escaped] ?? (/[A-Za-z0-9]/.test(escaped) ? undefined : escaped);
    }
    if (char === '[') {
      if (pattern[at] === '^') return undefined;
      let first = pattern[at] === '\\' ? pattern[at + 1] : pattern[at];
      if (pattern[at] === '\\') first = CLASS_ESCAPES[first as string] ?? first;
      const end = pattern.indexOf(']', at + 1);
      if (end < 0) return undefined;
      at = end + 1;
      return first;
    }
    if (char === '(') {
      if (pattern[at] === '?') {
        if (pattern[at + 1] !== ':') return undefined;
        at += 2;
      }
      const inner = alternatives();
      if (pattern[at++] !== ')') return undefined;
      return inner;
    }
    if (char === '.') return 'a';
    if ('*+?{}|)'.includes(char)) return undefined;
    return char;
  };
  const quantifier = (): number | undefined => {
    const char = pattern[at];
    if (char === '?' || char === '*') {
      at++;
      return char === '*' ? 1 : 0;
    }
    if (char === '+') {
      at++;
      return 1;
    }
    if (char === '{') {
      const match = /^\{(\d+)(,\d*)?\}/.exec(pattern.slice(at));
      if (!match) return undefined;
      at += match[0].length;
      return Math.max(Number(match[1]), match[2] === undefined ? 0 : 1);
    }
    return 1;
  };
  const result = alternatives();
  return at === pattern.length ? result : undefined;
}

/** Whether a body or an answer is a named schema, which carries its own example. */
export const isNamed = (schema: JsonSchema | undefined): boolean => typeof schema?.$ref === 'string';

/** Whether a body or an answer may be anything (a file's bytes): no example says more than its description. */
export const isAnyValue = (schema: JsonSchema): boolean => Object.keys(schema).every((key) => key === 'description');

/**
 * The document with its examples: each named schema's under its `examples`, and an `example` for
 * each body or successful JSON answer that is not a named schema.
 */
export function withExamples(
  paths: Record<string, Record<string, Operation>>,
  schemas: Record<string, JsonSchema>,
  written: (name: string) => unknown,
): { paths: Record<string, Record<string, Operation>>; schemas: Record<string, JsonSchema> } {
  const examples = new ExampleBuilder(schemas, written);
  const named = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const example = examples.of(name);
      return [name, example === undefined ? schema : { ...schema, examples: [example] }];
    }),
  );
  const media = (content: Record<string, Media> | undefined, key: string) =>
    content &&
    Object.fromEntries(
      Object.entries(content).map(([type, entry]) => {
        if (entry.example !== undefined || entry.schema === undefined || isNamed(entry.schema) || isAnyValue(entry.schema)) return [type, entry];
        return [type, { ...entry, example: examples.build(entry.schema, key) }];
      }),
    );
  const operations = Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => {
          if (typeof operation !== 'object' || operation === null || !('responses' in operation)) return [method, operation];
          const requestBody = operation.requestBody && { ...operation.requestBody, content: media(operation.requestBody.content, 'body') };
          const responses = Object.fromEntries(
            Object.entries(operation.responses ?? {}).map(([status, response]) => [
              status,
              /^2/.test(status) && response.content ? { ...response, content: media(response.content, 'response') } : response,
            ]),
          );
          return [method, { ...operation, ...(requestBody ? { requestBody } : {}), responses }];
        }),
      ),
    ]),
  );
  return { paths: operations, schemas: named };
}

interface Media {
  schema?: JsonSchema;
  example?: unknown;
}

interface Operation {
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
}
