import { createLogger } from '@parley/logger';
import { createMetricsRegistry } from '@parley/service';
import { buildGateway, gatewayConfigFrom } from '../src/index.js';

/**
 * The gateway's OpenAPI document as a committed file, libs/client/openapi.json: the artifact the
 * client's types are generated from (`npm run generate -w @parley/client`), so the client library
 * never builds or imports the gateway. `npm run openapi -w @parley/gateway` writes it (and then
 * the types); test/openapi-artifact.test.ts fails while it differs from what the gateway serves.
 */

/** Where the committed document lives. */
export const OPENAPI_FILE = new URL('../../../libs/client/openapi.json', import.meta.url);

/** The one command that writes the document and the types from it, named by the checks that fail. */
export const REGENERATE_COMMAND = 'npm run openapi -w @parley/gateway';

/** The server the document names (its `servers`, PUBLIC_BASE_URL): fixed, so the file does not depend on where it was written. */
export const ARTIFACT_BASE_URL = 'http://127.0.0.1:8080';

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
    PUBLIC_BASE_URL: ARTIFACT_BASE_URL,
  });
  const app = await buildGateway({
    bus: inert as never,
    nonces: inert as never,
    redis: undefined,
    logger: createLogger({ service: 'openapi', level: 'silent' }),
    registry: createMetricsRegistry('openapi', { defaultMetrics: false }),
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

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function sortedByKey<T>(entries: Record<string, T>, order: (a: string, b: string) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0)): Record<string, T> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => order(a, b)));
}

/** A path's own fields (parameters, summary…) first, as served, then its operations in HTTP's order. */
function pathItemOrder(a: string, b: string): number {
  const rank = (key: string) => (METHODS.includes(key) ? 1 + METHODS.indexOf(key) : 0);
  return rank(a) - rank(b);
}

/**
 * The document as the committed file holds it: pretty-printed, its paths and schemas sorted by
 * name and each path's operations in a fixed order, so the order the gateway registers its routes
 * in never shows as a change. Everything else is as served.
 */
export function artifactText(document: Record<string, unknown>): string {
  const paths = document.paths as Record<string, Record<string, unknown>> | undefined;
  const components = document.components as Record<string, unknown> | undefined;
  const schemas = components?.schemas as Record<string, unknown> | undefined;
  const stable = {
    ...document,
    ...(paths ? { paths: sortedByKey(Object.fromEntries(Object.entries(paths).map(([path, item]) => [path, sortedByKey(item, pathItemOrder)]))) } : {}),
    ...(components ? { components: { ...components, ...(schemas ? { schemas: sortedByKey(schemas) } : {}) } } : {}),
  };
  return `${JSON.stringify(stable, null, 2)}\n`;
}
