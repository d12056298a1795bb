import { z } from 'zod';
import { jsonSchemaProblem } from './json-schema.js';
import { placeholdersOf } from './tool-templates.js';

/**
 * An agent's tools (docs/workflow.md "Tools"): what its nodes may call, declared once in the
 * config and used by name. An `http` tool is a request made of templates; an `mcp` tool is a
 * server whose tools (those `allow` names) are used as `server.tool`.
 */

/** A tool's name as nodes name it: a letter, then letters, digits, `_` or `-` (no dot: `a.b` names an MCP server's tool). */
export const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** The default and the most a call may take (docs/workflow.md "Tools"). */
export const DEFAULT_TOOL_TIMEOUT_MS = 5_000;
export const MAX_TOOL_TIMEOUT_MS = 30_000;
/** Calls a prompt node's model may make in one turn: by default, and at most. */
export const DEFAULT_MAX_TOOL_CALLS = 4;
export const MAX_TOOL_CALLS = 10;
/** Tools one config may declare. */
export const MAX_TOOLS = 50;

const template = z.string().max(4_000, 'a template is at most 4,000 characters');

/** A URL template: http or https, whatever its placeholders render to. */
const urlTemplate = template.refine(
  (url) => /^https?:\/\/[^/{}\s]/i.test(url),
  'must be an http:// or https:// URL whose host is written out (not a placeholder)',
);

/** Header values are templates; a name is a token, and neither may break a line. */
const headers = z
  .record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name'),
    template.refine((value) => !/[\r\n]/.test(value), 'must be one line'),
  )
  .refine((record) => Object.keys(record).length <= 30, 'at most 30 headers');

/** A JSON body whose strings are templates; a string that is a placeholder alone keeps its argument's JSON type. */
const jsonBody: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonBody), z.record(z.string(), jsonBody)]));

export const httpToolSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  url: urlTemplate,
  headers: headers.optional(),
  /** A string is sent as it renders; anything else as JSON (with `content-type: application/json` unless a header says otherwise). */
  body: jsonBody.optional(),
});

export const mcpToolSchema = z.object({
  url: urlTemplate,
  headers: headers.optional(),
});

const parametersSchema = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  if (schema.type !== 'object') ctx.addIssue({ code: 'custom', path: ['type'], message: 'a tool’s parameters are a JSON Schema of "type": "object"' });
  const problem = jsonSchemaProblem(schema);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `not a valid JSON Schema: ${problem}` });
});

export const toolSchema = z
  .object({
    name: z.string().regex(TOOL_NAME, 'must start with a letter, then letters, digits, _ or - (at most 64)'),
    description: z.string().max(1_000).optional(),
    http: httpToolSchema.optional(),
    mcp: mcpToolSchema.optional(),
    /** An http tool's arguments (JSON Schema, `type: object`); an MCP server's tools bring their own. */
    parameters: parametersSchema.optional(),
    /** An MCP server's tools usable by nodes; absent: all of them. */
    allow: z.array(z.string().min(1).max(128)).max(100).optional(),
    timeout_ms: z.int().min(100).max(MAX_TOOL_TIMEOUT_MS).default(DEFAULT_TOOL_TIMEOUT_MS),
  })
  .superRefine((tool, ctx) => {
    if ((tool.http === undefined) === (tool.mcp === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['http'], message: 'a tool has either http or mcp' });
      return;
    }
    if (tool.mcp && tool.parameters !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'an mcp tool’s parameters come from its server' });
    }
    if (tool.http && tool.allow !== undefined) ctx.addIssue({ code: 'custom', path: ['allow'], message: 'allow names an mcp server’s tools' });
    // An http tool's placeholders: `args.` names a declared parameter.
    if (tool.http) {
      const declared = new Set(Object.keys((tool.parameters?.properties as Record<string, unknown> | undefined) ?? {}));
      for (const { path, text } of httpTemplates(tool.http)) {
        for (const placeholder of placeholdersOf(text)) {
          if (placeholder.startsWith('args.')) {
            const name = placeholder.slice('args.'.length).split('.')[0] ?? '';
            if (!declared.has(name))
              ctx.addIssue({ code: 'custom', path: ['http', ...path], message: `{{${placeholder}}}: "${name}" is not one of the tool’s parameters` });
          }
        }
      }
    }
  });

export type ToolConfig = z.output<typeof toolSchema>;
export type HttpToolConfig = z.output<typeof httpToolSchema>;

/** Every template of an http tool, with where it is (for messages that name the place). */
export function httpTemplates(http: {
  url: string;
  headers?: Record<string, string> | undefined;
  body?: unknown;
}): { path: (string | number)[]; text: string }[] {
  const out: { path: (string | number)[]; text: string }[] = [{ path: ['url'], text: http.url }];
  for (const [name, value] of Object.entries(http.headers ?? {})) out.push({ path: ['headers', name], text: value });
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') out.push({ path, text: value });
    else if (Array.isArray(value)) for (const [index, item] of value.entries()) walk(item, [...path, index]);
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  if (http.body !== undefined) walk(http.body, ['body']);
  return out;
}

/** A node's `call`: a tool called when the node is entered, its result kept as a variable. */
export const nodeCallSchema = z.object({
  tool: z.string().min(1).max(200),
  /** Arguments, as templates over the conversation's variables. */
  args: z.record(z.string(), jsonBody).optional(),
  save_as: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits and _, not starting with a digit)'),
});
export type NodeCall = z.output<typeof nodeCallSchema>;
