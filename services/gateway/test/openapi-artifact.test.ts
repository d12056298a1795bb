import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_BASE_URL, artifactText, gatewayDocument, OPENAPI_FILE, REGENERATE_COMMAND } from '../scripts/openapi-artifact.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

/** Each operation of a document, `METHOD /path`: what a failure names, rather than a diff of half a megabyte. */
function operationsOf(text: string): string[] {
  const paths = (JSON.parse(text) as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}

describe("libs/client/openapi.json, the gateway's OpenAPI document as committed", () => {
  let h: GatewayHarness;
  let served: Record<string, unknown>;

  beforeAll(async () => {
    h = await startGatewayHarness({ publicBaseUrl: ARTIFACT_BASE_URL });
    const answer = await h.inject({ method: 'GET', url: '/openapi.json' });
    expect(answer.status).toBe(200);
    served = answer.body;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is what the gateway serves at /openapi.json: a route changed without regenerating it fails here', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    const fresh = artifactText(served);
    const stale = `libs/client/openapi.json is not what the gateway serves: run \`${REGENERATE_COMMAND}\` (it writes the document, then the client's types from it) and commit both`;
    expect(operationsOf(committed), stale).toEqual(operationsOf(fresh));
    expect(committed === fresh, stale).toBe(true);
  });

  it('is what the script that writes it builds: the gateway in this process, without its services', async () => {
    expect(artifactText(await gatewayDocument())).toBe(artifactText(served));
  });
});
