import { type Role, roles } from '@parley/contracts';
import type { FastifyContextConfig, FastifyInstance, RouteOptions } from 'fastify';

/** A route as it was added: its method, its path and what its config declares. */
export interface DeclaredRoute {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Every route of the app, as it was added (no HEAD twin of a GET): the role matrix test and
     * the docs' table of roles (scripts/role-table.ts) read each one's role and audit action here.
     */
    declaredRoutes: readonly DeclaredRoute[];
  }
}

/** The methods that change something: a bearer route taking one says what the audit log records of it. */
const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses, as the app is built, a route whose config does not say what the docs promise of it
 * (docs/management-api.md, "Roles" and "Audit log"): every bearer route (`auth: 'management'`) names the least
 * role it needs; every one that changes something names its audit action, or `audit: false` with
 * `notAudited` saying why; a role anywhere else would be enforced nowhere.
 */
export function assertRouteRules(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void {
  const config: FastifyContextConfig = route.config ?? {};
  const methods = [route.method].flat();
  const where = `${methods.join(',')} ${route.url}`;
  const changes = methods.some((method) => CHANGING.has(method));
  if (config.auth === 'management') {
    if (config.role === undefined || !roles.includes(config.role as Role)) {
      throw new Error(`${where}: a bearer route needs its least role in its config (role: ${roles.map((role) => `'${role}'`).join(' | ')})`);
    }
    if (changes && config.audit === undefined) {
      throw new Error(
        `${where}: a bearer route that changes something needs its audit action in its config (audit: { action, kind, id }), or audit: false with notAudited saying why`,
      );
    }
    if (changes && config.audit === false && !config.notAudited?.trim()) {
      throw new Error(`${where}: audit: false on a change needs notAudited: '<why the audit log does not record it>'`);
    }
  } else if (config.role !== undefined) {
    throw new Error(`${where}: a role is enforced on bearer routes only – add auth: 'management' to its config, or remove the role`);
  }
  if (config.notAudited !== undefined && config.audit !== false) throw new Error(`${where}: notAudited goes with audit: false only`);
  if (config.audit) {
    const { action, kind, id } = config.audit;
    if (!action || !kind || typeof id !== 'function')
      throw new Error(`${where}: an audit spec names its action, the kind of its target and how to find the target's id`);
  }
}

/**
 * Checks every route added to the app from now on (assertRouteRules) and keeps the list of them
 * (`app.declaredRoutes`). Installed before any route, by the request pipeline that enforces the
 * roles.
 */
export function installRouteRules(app: FastifyInstance): void {
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', (route) => {
    assertRouteRules(route);
    for (const method of [route.method].flat()) {
      // The HEAD twin Fastify adds to a GET shares the GET's config: the GET stands for both.
      if (method !== 'HEAD') declared.push({ method, url: route.url, config: route.config ?? {} });
    }
  });
}
