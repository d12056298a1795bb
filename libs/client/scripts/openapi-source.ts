import { createLogger } from '@parley/logger';
import { buildGateway, gatewayConfigFrom } from '@parley/gateway';
import { Registry } from 'prom-client';
import openapiTS, { astToString } from 'openapi-typescript';

/** Where the committed types live, relative to this package. */
export const GENERATED_FILE = new URL('../src/openapi.ts', import.meta.url);

const HEADER = `/**
 * The gateway's HTTP API as TypeScript types, generated from its OpenAPI document by
 * \`npm run generate -w @parley/client\`. Do not edit: regenerate after changing a route.
 */

`;

/**
 * Stands in for the gateway's bus and nonce store: whatever is asked of it answers itself (a
 * subscription set up while routes register), never a promise. Nothing is served, so nothing
 * it stands for is ever really used.
 */
const inert: unknown = new Proxy(() => {}, {
  get: (_target, name) => (name === 'then' || typeof name === 'symbol' ? undefined : inert),
  apply: () => inert,
});

/**
 * The gateway's OpenAPI document, built in this process: the gateway's routes are registered
 * without connecting to anything (no request is served, so its bus, stores and Redis are never
 * called), and the document is read as /openapi.json answers it.
 */
export async function gatewayDocument(): Promise<Record<string, unknown>> {
  const config = gatewayConfigFrom({
    PORT: 8080,
    HOST: '127.0.0.1',
    ADMIN_API_KEY: 'unused-admin-key',
    CHAT_API_SECRET: 'unused-chat-secret',
    BODY_LIMIT_BYTES: 65_536,
    // A fixed server, so the document does not depend on where it was built.
    PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
  });
  const app = await buildGateway({
    bus: inert as never,
    nonces: inert as never,
    redis: undefined,
    logger: createLogger({ service: 'openapi', level: 'silent' }),
    registry: new Registry(),
    config,
  });
  try {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`/openapi.json answered ${response.statusCode}`);
    return response.json() as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** The types module as the generator writes it from the gateway's document. */
export async function generatedTypes(): Promise<string> {
  const ast = await openapiTS(structuredClone(await gatewayDocument()) as never, { exportType: false, alphabetize: true });
  return HEADER + astToString(ast);
}
