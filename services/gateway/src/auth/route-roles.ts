import type { Role } from '@parley/contracts';

/**
 * The one table of who may call what (docs/api.md, "Roles"): every bearer route, by method and
 * pattern, and the least role a key needs for it. The admin key is an owner. A bearer route
 * missing here cannot even be added (request-pipeline.ts), so none is open to every key by
 * accident.
 */
export const ROUTE_ROLES: Readonly<Record<string, Role>> = {
  // The tenant and its keys.
  'POST /api/tenants': 'owner',
  'PUT /api/tenants/:id': 'owner',
  'GET /api/tenants': 'viewer',
  'POST /api/tenants/:id/keys': 'owner',
  'POST /api/keys': 'owner',
  'GET /api/keys': 'owner',
  'DELETE /api/keys/:key_id': 'owner',
  // The tenant's own Text Chat API secrets.
  'POST /api/chat-secrets': 'owner',
  'GET /api/chat-secrets': 'owner',
  'DELETE /api/chat-secrets/:secret_id': 'owner',
  // Members: the people who sign in to the console.
  'POST /api/members': 'owner',
  'GET /api/members': 'owner',
  'PUT /api/members/:member_id': 'owner',
  'DELETE /api/members/:member_id': 'owner',
  // Who is calling (any caller may ask).
  'GET /api/me': 'viewer',
  // Agents and their versions.
  'GET /api/agents': 'viewer',
  'GET /api/agents/:name': 'viewer',
  'POST /api/agents': 'editor',
  'POST /api/agents/:name/versions': 'editor',
  'GET /api/agents/:name/versions/:version': 'viewer',
  'PUT /api/agents/:name/active-version': 'editor',
  'POST /api/agents/:name/playground/sessions': 'editor',
  'POST /api/agents/:name/playground/sessions/:session_id/messages': 'editor',
  // Links, their sessions and distribution.
  'GET /api/agents/:name/public-links': 'viewer',
  'POST /api/agents/:name/public-links': 'editor',
  'PUT /api/agents/:name/public-links/:id': 'editor',
  'DELETE /api/agents/:name/public-links/:id': 'editor',
  'POST /api/agents/:name/public-links/:id/identity-secret': 'editor',
  'GET /api/agents/:name/public-links/:id/sessions': 'editor',
  'POST /api/agents/:name/public-links/:id/sessions/:conversation_id/end': 'editor',
  'POST /api/agents/:name/public-links/bulk': 'editor',
  'POST /api/public-links/bulk-update': 'editor',
  'POST /api/public-links/bulk-delete': 'editor',
  'POST /api/agents/:name/public-links/:id/rotate': 'editor',
  'GET /api/public-links/:id/deliveries': 'editor',
  'GET /api/link-templates': 'editor',
  'POST /api/link-templates': 'editor',
  'PUT /api/link-templates/:name': 'editor',
  'DELETE /api/link-templates/:name': 'editor',
  'GET /api/schedules': 'editor',
  'POST /api/schedules': 'editor',
  'GET /api/schedules/:id': 'editor',
  'PUT /api/schedules/:id': 'editor',
  'DELETE /api/schedules/:id': 'editor',
  'GET /api/schedules/:id/runs': 'editor',
  'POST /api/schedules/:id/run': 'editor',
  'GET /api/webhooks': 'editor',
  'POST /api/webhooks': 'editor',
  'DELETE /api/webhooks/:id': 'editor',
  'GET /api/webhooks/:id/deliveries': 'editor',
  // Analytics.
  'GET /api/links/:id/analytics': 'viewer',
  'GET /api/agents/:name/analytics': 'viewer',
  // The inbox and the conversations of escalations.
  'GET /api/inbox': 'operator',
  'GET /api/inbox/events': 'operator',
  'POST /api/inbox/:escalation_id/claim': 'operator',
  'POST /api/inbox/:escalation_id/release': 'operator',
  'POST /api/inbox/:escalation_id/close': 'operator',
  'POST /api/inbox/:escalation_id/typing': 'operator',
  'POST /api/inbox/:escalation_id/messages': 'operator',
  'POST /api/inbox/:escalation_id/accept': 'operator',
  'POST /api/inbox/:escalation_id/transfer': 'operator',
  'GET /api/inbox/presence': 'operator',
  'PUT /api/inbox/presence': 'operator',
  // Teams of operators: owners shape them, operators read them.
  'POST /api/teams': 'owner',
  'GET /api/teams': 'operator',
  'GET /api/teams/:id': 'operator',
  'PUT /api/teams/:id': 'owner',
  'DELETE /api/teams/:id': 'owner',
  // A conversation and its files: an operator only those of escalations they may see (the sessions service checks).
  'GET /api/conversations/:conversation_id': 'operator',
  'GET /api/conversations/:conversation_id/uploads/:upload_id': 'operator',
  // An agent's transcripts, every conversation of it: an editor's, as every conversation is (docs/api.md "Roles").
  'GET /api/agents/:name/conversations/export': 'editor',
  // Canned replies: every inbox user reads them and writes their own (a member's); shared ones
  // need an editor, which the links service checks against the reply (docs/api.md "Canned replies").
  'GET /api/canned-replies': 'operator',
  'POST /api/canned-replies': 'operator',
  'PUT /api/canned-replies/:id': 'operator',
  'DELETE /api/canned-replies/:id': 'operator',
  // Privacy and the audit log.
  'GET /api/visitors/:email/export': 'owner',
  'GET /api/visitors/users/:user_id/export': 'owner',
  'DELETE /api/visitors/:email': 'owner',
  'DELETE /api/visitors/users/:user_id': 'owner',
  'GET /api/audit': 'owner',
  'GET /api/audit/verify': 'owner',
  // MCP: any key may open a session; each tool's call is checked against its own route here.
  'GET /mcp': 'viewer',
  'POST /mcp': 'viewer',
  'DELETE /mcp': 'viewer',
};

/** The role a bearer route needs (a HEAD route is its GET's); undefined: the route is not in the table. */
export function roleOfRoute(method: string, url: string): Role | undefined {
  return ROUTE_ROLES[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
