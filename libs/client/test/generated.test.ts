import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATE_COMMAND, GENERATED_FILE, generatedTypes } from '../scripts/openapi-types.js';

describe('the committed API types', () => {
  it(`are what the generator makes from the committed openapi.json: one edited by hand, or not regenerated with \`${GENERATE_COMMAND}\`, fails here`, async () => {
    const committed = await readFile(GENERATED_FILE, 'utf8');
    const fresh = await generatedTypes();
    // Not toBe: a diff of half a megabyte says nothing; the paths that differ do.
    const pathsOf = (source: string) => source.match(/^ {4}"\/[^"]*"/gm) ?? [];
    const stale = `src/openapi.ts is not what openapi.json gives: run \`${GENERATE_COMMAND}\` and commit src/openapi.ts`;
    expect(pathsOf(committed), stale).toEqual(pathsOf(fresh));
    expect(committed === fresh, stale).toBe(true);
  });
});
