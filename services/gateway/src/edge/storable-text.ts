import { AppError } from '@parley/contracts';

/**
 * Text that PostgreSQL cannot hold must be refused at the edge, naming the field, instead of
 * failing as a 500 deep inside a service: U+0000 (text columns and jsonb refuse it) and lone
 * UTF-16 surrogates (jsonb refuses them; a text column would silently turn them into U+FFFD,
 * changing what the user sent). Nesting is bounded too, so no document is too deep to store.
 */

export const MAX_JSON_DEPTH = 64;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  const match = unstorable.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000' ? 'contains U+0000 (NUL), which cannot be stored' : 'contains a lone UTF-16 surrogate (not valid Unicode text)';
}

/** `body.metadata.note`, `body.config.workflow.nodes[2].id` – the notation of `details`. */
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Walks a parsed JSON value (iteratively: a deep document cannot overflow the stack) and throws
 * `invalid` naming the first string – value or key – that cannot be stored.
 */
export function assertStorableJson(value: unknown, root: string): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof item.value === 'string') {
      const reason = unstorableReason(item.value);
      if (reason) throw invalidField(item.path, reason);
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= MAX_JSON_DEPTH) throw invalidField(item.path, `nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(item.value)) {
      for (const [index, child] of item.value.entries()) stack.push({ value: child, path: childPath(item.path, index), depth: item.depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = childPath(item.path, key);
      const reason = unstorableReason(key);
      if (reason) throw invalidField(path, `key ${reason}`);
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
}

/** The same check for a flat record of strings: path parameters, the query string. */
export function assertStorableFields(fields: unknown, root: string): void {
  if (typeof fields !== 'object' || fields === null) return;
  for (const [key, value] of Object.entries(fields)) {
    const values = Array.isArray(value) ? value : [value];
    for (const text of values) {
      const reason = typeof text === 'string' ? unstorableReason(text) : undefined;
      if (reason) throw invalidField(`${root}.${key}`, reason);
    }
  }
}

function invalidField(path: string, reason: string): AppError {
  return new AppError('invalid', `${path}: ${reason}`, { details: [{ path, message: reason }] });
}
