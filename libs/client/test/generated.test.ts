import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generatedTypes } from '../scripts/openapi-source.js';

describe('the committed API types', () => {
  it('are what the gateway generates now: a route changed without `npm run generate -w @parley/client` fails here', async () => {
    const committed = await readFile(GENERATED_FILE, 'utf8');
    const fresh = await generatedTypes();
    // Not toBe: a diff of half a megabyte says nothing; the paths that differ do.
    const pathsOf = (source: string) => source.match(/^ {4}"\/[^"]*"/gm) ?? [];
    expect(pathsOf(committed)).toEqual(pathsOf(fresh));
    expect(committed === fresh, 'src/openapi.ts is stale: run `npm run generate -w @parley/client` and commit it').toBe(true);
  });
});
