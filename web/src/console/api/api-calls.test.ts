import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The console and the command-line tools speak to the platform only through @parley/client, so a
 * change to the HTTP API shows up in one place (its generated types) and each caller inherits its
 * credentials, signing and error body. This names any source file that reaches the network by
 * itself instead.
 */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CALLERS = ['web/src/console', 'cli/src'];
/** What a browser or Node offers to reach a server directly. */
const DIRECT = /\bfetch\s*\(|\bnew\s+(EventSource|XMLHttpRequest|WebSocket)\b|\bsendBeacon\s*\(|from\s+['"](undici|node:https?|axios|ky)['"]/;

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Comments say how things work and may name fetch; only code counts. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('calls to the platform', () => {
  it('the console and the CLI make none of their own: every request goes through @parley/client', () => {
    const files = CALLERS.flatMap((folder) => sources(join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(20);
    const direct = files.filter((file) => DIRECT.test(withoutComments(readFileSync(file, 'utf8')))).map((file) => relative(ROOT, file));
    expect(direct).toEqual([]);
  });

  it('would notice one', () => {
    expect(DIRECT.test(withoutComments("const answer = await fetch('/api/me');"))).toBe(true);
    expect(DIRECT.test(withoutComments("const feed = new EventSource('/api/inbox/events');"))).toBe(true);
    expect(DIRECT.test(withoutComments('// fetch(…) is what the client does for us'))).toBe(false);
  });
});
