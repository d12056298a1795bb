import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsWithRoleTable, END_MARKER, gatewayRoutes, ROLE_TABLE_COMMAND, roleTable, START_MARKER } from '../../scripts/role-table.js';

describe('the table of roles in the docs (docs/management-api.md "Roles")', () => {
  it('is what the routes declare: a role or audit action changed without regenerating it fails here', async () => {
    const { file, current, expected } = await docsWithRoleTable();
    // Not toBe on the whole file: the rows that differ say what changed.
    const rows = (text: string) => text.slice(text.indexOf(START_MARKER), text.indexOf(END_MARKER)).split('\n').slice(1);
    expect(rows(current), `${relative(process.cwd(), file)}: the table of roles is stale – run \`${ROLE_TABLE_COMMAND}\``).toEqual(rows(expected));
    expect(current === expected, `${relative(process.cwd(), file)}: the table of roles is stale – run \`${ROLE_TABLE_COMMAND}\``).toBe(true);
  }, 60_000);

  it('has a row for every bearer route, each with its least role and what the audit log records', async () => {
    const routes = await gatewayRoutes();
    const table = roleTable(routes);
    const bearer = routes.filter((route) => route.config.auth === 'management');
    expect(bearer.length).toBeGreaterThan(50);
    expect(table.split('\n')).toHaveLength(bearer.length + 2);
    expect(table).toContain('| `POST /api/agents/{name}/public-links` | `editor` | `link.create` |');
    expect(table).toContain('| `GET /api/visitors/{email}/export` | `owner` | `visitor.export` |');
    expect(table).toContain('| `POST /api/inbox/{escalation_id}/typing` | `operator` | not recorded |');
    expect(table).toContain('| `GET /api/agents` | `viewer` | – |');
    // Public, Text Chat API and page routes take no bearer key: they have no row.
    expect(table).not.toMatch(/\/api\/public\/|\/api\/chat\/|\/console/);
  }, 60_000);
});
