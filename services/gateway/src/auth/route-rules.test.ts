import Fastify, { type FastifyContextConfig } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AuditSpec } from '../audit/trail.js';
import { installRouteRules } from './route-rules.js';

const handler = async () => ({});
const created: AuditSpec = { action: 'thing.create', kind: 'thing', id: (_p, a) => a?.id };

/** Adds one route with this method and config to an app under the route rules; what adding it threw, if anything. */
function add(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', config: FastifyContextConfig): Error | undefined {
  const app = Fastify();
  installRouteRules(app);
  try {
    app.route({ method, url: '/api/things', config, handler });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('the route rules, as the app is built', () => {
  it('refuses a bearer route without a role, or with one that is not a role', () => {
    expect(add('GET', { auth: 'management' })?.message).toMatch(/GET \/api\/things: a bearer route needs its least role/);
    expect(add('GET', { auth: 'management', role: 'admin' as never })?.message).toMatch(/needs its least role/);
  });

  it('refuses a bearer route that changes something and says nothing of the audit log', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(add(method, { auth: 'management', role: 'editor' })?.message).toMatch(new RegExp(`${method} /api/things: .*needs its audit action`));
    }
  });

  it('refuses `audit: false` on a change without the reason it is not recorded', () => {
    expect(add('POST', { auth: 'management', role: 'editor', audit: false })?.message).toMatch(/needs notAudited/);
    expect(add('POST', { auth: 'management', role: 'editor', audit: false, notAudited: '  ' })?.message).toMatch(/needs notAudited/);
  });

  it('refuses a role on a route that takes no bearer key: it would be enforced nowhere', () => {
    expect(add('GET', { role: 'owner' })?.message).toMatch(/a role is enforced on bearer routes only/);
    expect(add('POST', { auth: 'hmac', role: 'owner' })?.message).toMatch(/a role is enforced on bearer routes only/);
  });

  it('refuses a reason without `audit: false`, and an audit spec without its action, kind or id', () => {
    expect(add('POST', { auth: 'management', role: 'editor', audit: created, notAudited: 'why' })?.message).toMatch(/notAudited goes with audit: false/);
    expect(add('POST', { auth: 'management', role: 'editor', audit: { ...created, action: '' } })?.message).toMatch(/names its action/);
  });

  it('takes a bearer read with its role, a change with its audit spec or a reason, and a route of another credential', () => {
    expect(add('GET', { auth: 'management', role: 'viewer' })).toBeUndefined();
    expect(add('POST', { auth: 'management', role: 'editor', audit: created })).toBeUndefined();
    expect(add('DELETE', { auth: 'management', role: 'operator', audit: false, notAudited: 'a typing notice changes nothing' })).toBeUndefined();
    expect(add('GET', { auth: 'management', role: 'owner', audit: { ...created, action: 'thing.export', onRead: true } })).toBeUndefined();
    expect(add('POST', {})).toBeUndefined();
    expect(add('POST', { auth: 'hmac' })).toBeUndefined();
    expect(add('POST', { audit: { ...created, action: 'member.sign_out' } })).toBeUndefined();
  });

  it('lists every route added, with its config, once for a GET and its HEAD', async () => {
    const app = Fastify();
    installRouteRules(app);
    app.get('/api/things', { config: { auth: 'management', role: 'viewer' } }, handler);
    app.post('/api/things', { config: { auth: 'management', role: 'editor', audit: created } }, handler);
    await app.ready();
    expect(app.declaredRoutes.map(({ method, url, config }) => [method, url, config.role, config.audit ? config.audit.action : undefined])).toEqual([
      ['GET', '/api/things', 'viewer', undefined],
      ['POST', '/api/things', 'editor', 'thing.create'],
    ]);
    await app.close();
  });
});
