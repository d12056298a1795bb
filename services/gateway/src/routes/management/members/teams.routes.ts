import type { PlatformBus } from '@parley/bus';
import { createTeamBody, team, teamList, updateTeamBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

// Any string: an id of another shape is simply not found (404), like any unknown id.
const teamParams = z.object({ id: z.string().min(1).max(64).meta({ description: 'The team id (`team_…`)' }) });

/**
 * Teams of operators (docs/escalation.md "Teams, presence and assignment"): owners group members into teams, each with business hours and a cap per operator;
 * a link's `team` or a handoff node's `handoff_team` sends its escalations to one. Operators read
 * them (the inbox filters by team, and transfers name one).
 */
export const teamsRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);
  // Teams of operators: owners shape them, operators read them.
  app.post(
    '/api/teams',
    {
      config: {
        auth: 'management',
        role: 'owner',
        // A team by id and name, its members by count (who they are is the members' own entries).
        audit: {
          action: 'team.create',
          kind: 'team',
          id: (_p, a) => a?.id,
          details: (_p, a) => ({ name: a?.name, members: Array.isArray(a?.members) ? a.members.length : 0, open_to_all_operators: a?.open_to_all_operators }),
        },
      },
      schema: {
        tags: ['Inbox'],
        summary:
          'A team of operators: members (who may answer in the inbox), business hours (time zone, weekly spans, holidays), a cap of open conversations per operator, and whether every operator of the tenant reads its escalations (`open_to_all_operators`)',
        body: createTeamBody,
        response: { 201: team, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await bus.request('sessions.teams.create', { tenantId: tenantOf(request), team: request.body }, { requestId: request.id })),
  );

  app.get(
    '/api/teams',
    {
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary: "This tenant's teams by name, each with its members and whether it is within its hours now",
        response: { 200: teamList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('sessions.teams.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.get(
    '/api/teams/:id',
    {
      config: { auth: 'management', role: 'operator' },
      schema: { tags: ['Inbox'], summary: 'One team', params: teamParams, response: { 200: team, ...errorResponses(400, 401, 403, 404, 429, 503) } },
    },
    async (request) => bus.request('sessions.teams.get', { tenantId: tenantOf(request), teamId: request.params.id }, { requestId: request.id }),
  );

  app.put(
    '/api/teams/:id',
    {
      config: {
        auth: 'management',
        role: 'owner',
        audit: { action: 'team.update', kind: 'team', id: (p) => p.id, details: (_p, a, b) => ({ changed: Object.keys(b ?? {}), name: a?.name }) },
      },
      schema: {
        tags: ['Inbox'],
        summary: 'Change a team: name, members (the whole list), hours (null: always open), cap (null: none) or `open_to_all_operators`',
        params: teamParams,
        body: updateTeamBody,
        response: { 200: team, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request) =>
      bus.request('sessions.teams.update', { tenantId: tenantOf(request), teamId: request.params.id, team: request.body }, { requestId: request.id }),
  );

  app.delete(
    '/api/teams/:id',
    {
      config: {
        auth: 'management',
        role: 'owner',
        audit: { action: 'team.delete', kind: 'team', id: (p) => p.id, details: () => ({}) },
      },
      schema: {
        tags: ['Inbox'],
        summary: "Delete a team: its waiting escalations join the tenant's queue; links and handoff nodes naming it fall back to that queue",
        params: teamParams,
        response: { 204: z.null().meta({ description: 'Deleted' }), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request('sessions.teams.delete', { tenantId: tenantOf(request), teamId: request.params.id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
