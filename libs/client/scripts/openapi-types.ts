import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The client's API types come from openapi.json, the gateway's OpenAPI document as committed
 * beside this package (written by `npm run openapi -w @parley/gateway`): generating them builds
 * and imports nothing of the gateway.
 */

/** The committed document, relative to this package. */
export const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);
/** Where the committed types live, relative to this package. */
export const GENERATED_FILE = new URL('../src/openapi.ts', import.meta.url);
/** Writes src/openapi.ts from openapi.json. */
export const GENERATE_COMMAND = 'npm run generate -w @parley/client';

const HEADER = `/**
 * The gateway's HTTP API as TypeScript types, generated from openapi.json (the gateway's OpenAPI
 * document, written by \`npm run openapi -w @parley/gateway\`) by \`${GENERATE_COMMAND}\`.
 * Do not edit: regenerate after changing a route.
 */

`;

/**
 * The types module as the generator writes it from the committed document.
 * `defaultNonNullable: false`: a request body's field with a default may be left out; an answer lists
 * every field it always carries as required, defaults included (docs/api.md, "OpenAPI document and reference page").
 */
export async function generatedTypes(): Promise<string> {
  const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as Record<string, unknown>;
  const ast = await openapiTS(document as never, { exportType: false, alphabetize: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}
