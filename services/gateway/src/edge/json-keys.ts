/**
 * A key that appears twice in one object of a JSON text. `JSON.parse` keeps the last silently,
 * while another reader of the same bytes (a proxy, a log pipeline, the client's own checks) may
 * keep the first: the body the gateway acts on would not be the one they saw. Found by one pass
 * over the text (already known to be valid JSON), allocating only for objects' keys; the path
 * is built only for the duplicate found.
 */

interface Frame {
  /** An object's keys so far; undefined for an array. */
  keys: Set<string> | undefined;
  /** The member or element being read, for the path. */
  at: string | number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The path (`body.a.b[1].c`, as `details` name fields) of the first duplicate key, or undefined. */
export function duplicateKeyPath(text: string, root: string): string | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // The string's end: the next quote not escaped by an odd run of backslashes.
      let end = i + 1;
      let escaped = false;
      for (;;) {
        end = text.indexOf('"', end);
        if (end < 0) return undefined;
        let slashes = 0;
        for (let j = end - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++;
        if (slashes % 2 === 0) break;
        escaped = true;
        end++;
      }
      if (expectKey) {
        const frame = stack[stack.length - 1] as Frame;
        const raw = text.slice(i + 1, end);
        // Escapes name the same key as their characters: "n\u0061me" is "name".
        const key = escaped || raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        frame.at = key;
        if (frame.keys?.has(key)) return pathOf(stack, root);
        frame.keys?.add(key);
        expectKey = false;
      }
      i = end;
      continue;
    }
    switch (code) {
      case 0x7b: // {
        stack.push({ keys: new Set(), at: '' });
        expectKey = true;
        break;
      case 0x5b: // [
        stack.push({ keys: undefined, at: 0 });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop();
        expectKey = false;
        break;
      case 0x2c: {
        // ,
        const frame = stack[stack.length - 1];
        if (frame?.keys) expectKey = true;
        else if (frame) frame.at = (frame.at as number) + 1;
        break;
      }
    }
  }
  return undefined;
}

function pathOf(stack: Frame[], root: string): string {
  let path = root;
  for (const frame of stack) {
    const at = frame.at;
    path += typeof at === 'number' ? `[${at}]` : /^[A-Za-z_$][\w$]*$/.test(at) ? `.${at}` : `[${JSON.stringify(at)}]`;
  }
  return path;
}
