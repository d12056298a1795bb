/**
 * A model calls a function by a name of `[A-Za-z0-9_-]{1,64}`, while nodes name an MCP server's
 * tool `server.tool` (docs/workflow.md "Tools"), and a server's own tool names may hold any
 * character and run longer. This is the one mapping from the one to the other.
 */

/** The longest function name a model takes. */
export const MAX_FUNCTION_NAME = 64;
/** `_` and 8 hex digits: what a cut name ends with. */
const HASH_SUFFIX_LENGTH = 9;

/** FNV-1a over the UTF-16 units, as 8 hex digits: short, stable, no I/O or crypto needed. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The function name the model sees for a tool: dots become `__` (`crm.find_customer` →
 * `crm__find_customer`), any other character a function name cannot hold becomes `_`. A name
 * longer than 64 characters is cut and ends with a hash of the whole name, so two long names
 * that start alike stay apart.
 */
export function toolFunctionName(name: string): string {
  const readable = name.replaceAll('.', '__').replace(/[^A-Za-z0-9_-]/g, '_');
  if (readable.length === 0) return '_';
  if (readable.length <= MAX_FUNCTION_NAME) return readable;
  return `${readable.slice(0, MAX_FUNCTION_NAME - HASH_SUFFIX_LENGTH)}_${shortHash(name)}`;
}
