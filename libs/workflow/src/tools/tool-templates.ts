/**
 * A tool's templates (docs/workflow.md "Tools"): `{{args.x}}` is the call's argument, `{{secrets.NAME}}`
 * the tenant's secret, anything else the conversation's variable (reading into a kept result:
 * `{{order.status}}`). Secrets may appear only in a tool's URL, headers and body, never in what a
 * node says or sends as an argument.
 */

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
/** A placeholder alone, nothing around it: in a JSON body it keeps its value's type. */
const ONLY_PLACEHOLDER = /^\{\{\s*([^{}\s]+)\s*\}\}$/;
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Every placeholder's name in `text`, in order. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** The secret names `text` uses (`{{secrets.NAME}}`). */
export function secretsIn(text: string): string[] {
  return placeholdersOf(text)
    .filter((name) => name.startsWith('secrets.'))
    .map((name) => name.slice('secrets.'.length));
}

export interface ToolScope {
  args: Record<string, unknown>;
  variables: Readonly<Record<string, string>>;
  secrets: Readonly<Record<string, string>>;
}

/** A value read from the scope by a placeholder's name; undefined when there is none. */
export function lookup(name: string, scope: ToolScope): unknown {
  if (name.startsWith('secrets.')) {
    const secret = name.slice('secrets.'.length);
    return Object.hasOwn(scope.secrets, secret) ? scope.secrets[secret] : undefined;
  }
  if (name.startsWith('args.')) return walk(scope.args, name.slice('args.'.length).split('.'));
  return variable(name, scope.variables);
}

/** A variable, or a path into one that holds JSON (`order.items.0.name`); the whole name first, as link variables carry dots (`context.page`). */
export function variable(name: string, variables: Readonly<Record<string, string>>): unknown {
  if (Object.hasOwn(variables, name)) return variables[name];
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const head = name.slice(0, dot);
  if (!Object.hasOwn(variables, head)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(variables[head] ?? '');
  } catch {
    return undefined;
  }
  return walk(parsed, name.slice(dot + 1).split('.'));
}

function walk(value: unknown, path: string[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    // Own members only: `{{args.constructor}}` reads nothing.
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A value as text in a template: strings as they are, anything else as JSON; nothing is empty. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A text template (a header, a string body): placeholders replaced by their values as text. */
export function renderText(template: string, scope: ToolScope, encode: (text: string) => string = (text) => text): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => encode(asText(lookup(name, scope))));
}

/**
 * A URL template: each value is encoded as a URL component, so an argument cannot add a path, a
 * query or another host (`{{args.id}}` = `1/../admin` stays one segment). Secrets are encoded too.
 */
export function renderUrl(template: string, scope: ToolScope): string {
  return renderText(template, scope, encodeURIComponent);
}

/** A JSON body: every string leaf rendered, a leaf that is one placeholder alone keeping its value's JSON type. */
export function renderBody(body: unknown, scope: ToolScope): unknown {
  if (typeof body === 'string') {
    const only = ONLY_PLACEHOLDER.exec(body);
    if (only) {
      const value = lookup(only[1] ?? '', scope);
      return value === undefined ? null : value;
    }
    return renderText(body, scope);
  }
  if (Array.isArray(body)) return body.map((item) => renderBody(item, scope));
  if (body !== null && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, renderBody(value, scope)]));
  return body;
}

/** A node's `call` arguments: templates over the conversation's variables only (a secret never becomes an argument). */
export function renderArguments(args: Record<string, unknown>, variables: Readonly<Record<string, string>>): Record<string, unknown> {
  return renderBody(args, { args: {}, variables, secrets: {} }) as Record<string, unknown>;
}
