import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@parley/logger';
import { Registry } from 'prom-client';
import { buildGateway } from '../src/app.js';
import type { DeclaredRoute } from '../src/auth/route-rules.js';
import { gatewayConfigFrom } from '../src/config.js';

/**
 * The table of docs/management-api.md "Roles", generated from the routes themselves: every bearer route, the
 * least role its config names and what the audit log records of it. Run
 *
 *   node --import tsx services/gateway/scripts/role-table.ts           prints the table
 *   node --import tsx services/gateway/scripts/role-table.ts --write   puts it in the docs
 *
 * The docs keep it between the markers below, in whichever docs/*.md holds them.
 */
export const ROLE_TABLE_COMMAND = 'node --import tsx services/gateway/scripts/role-table.ts --write';
export const START_MARKER = '<!-- roles:start -->';
export const END_MARKER = '<!-- roles:end -->';
const DOCS = new URL('../../../docs/', import.meta.url);

/**
 * Stands in for the gateway's bus and nonce store: whatever is asked of it answers itself (a
 * subscription set up while routes register), never a promise. Nothing is served, so nothing it
 * stands for is ever really used.
 */
const inert: unknown = new Proxy(() => {}, {
  get: (_target, name) => (name === 'then' || typeof name === 'symbol' ? undefined : inert),
  apply: () => inert,
});

/** Every route of the gateway as it declares itself, from an app built here without a port or a connection. */
export async function gatewayRoutes(): Promise<readonly DeclaredRoute[]> {
  const config = gatewayConfigFrom({
    PORT: 8080,
    HOST: '127.0.0.1',
    ADMIN_API_KEY: 'unused-admin-key',
    CHAT_API_SECRET: 'unused-chat-secret',
    BODY_LIMIT_BYTES: 65_536,
    PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
  });
  const app = await buildGateway({
    bus: inert as never,
    nonces: inert as never,
    redis: undefined,
    logger: createLogger({ service: 'role-table', level: 'silent' }),
    registry: new Registry(),
    config,
  });
  try {
    await app.ready();
    return [...app.declaredRoutes];
  } finally {
    await app.close();
  }
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The markdown table: one row per bearer route, by path then method, `:param` written `{param}` as the docs do. */
export function roleTable(routes: readonly DeclaredRoute[]): string {
  const rows = routes
    .filter((route) => route.config.auth === 'management')
    .map((route) => ({ ...route, path: route.url.replace(/:([A-Za-z_]+)/g, '{$1}') }))
    .sort((a, b) => (a.path === b.path ? METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method) : a.path < b.path ? -1 : 1))
    .map(({ method, path, config }) => {
      const changes = method !== 'GET';
      const audit = config.audit ? `\`${config.audit.action}\`` : changes ? 'not recorded' : '–';
      return `| \`${method} ${path}\` | \`${config.role}\` | ${audit} |`;
    });
  return ['| route | least role | audit log action |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The docs file holding the markers, its text, and its text with the table as the routes say it. */
export async function docsWithRoleTable(): Promise<{ file: string; current: string; expected: string }> {
  const table = roleTable(await gatewayRoutes());
  for (const name of (await readdir(DOCS)).filter((entry) => entry.endsWith('.md')).sort()) {
    const file = fileURLToPath(new URL(name, DOCS));
    const current = await readFile(file, 'utf8');
    const start = current.indexOf(START_MARKER);
    if (start === -1) continue;
    const end = current.indexOf(END_MARKER, start);
    if (end === -1) throw new Error(`${file}: ${START_MARKER} without ${END_MARKER}`);
    const expected = `${current.slice(0, start + START_MARKER.length)}\n${table}\n${current.slice(end)}`;
    return { file, current, expected };
  }
  throw new Error(`no docs/*.md holds ${START_MARKER} … ${END_MARKER} (docs/management-api.md "Roles" keeps the table between them)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--write')) {
    const { file, current, expected } = await docsWithRoleTable();
    if (current !== expected) await writeFile(file, expected);
    console.log(current === expected ? `${file}: the table of roles is up to date` : `${file}: wrote the table of roles`);
  } else {
    console.log(roleTable(await gatewayRoutes()));
  }
}
