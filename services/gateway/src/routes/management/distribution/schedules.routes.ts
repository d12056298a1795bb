import type { PlatformBus } from '@parley/bus';
import { createScheduleBody, schedule, scheduleList, scheduleRun, scheduleRunList, updateScheduleBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 413, 429, 503);
// Any string: an id of another shape is simply not found (404), like any unknown id.
const scheduleParams = z.object({ id: z.string().max(64).meta({ description: 'The schedule id (`schd_…`)' }) });

/**
 * Schedules (docs/management-api.md, "Schedules"): a cron in a time zone that makes personalised links and sends
 * them. Each slot runs once across replicas; a slot missed while the platform was down runs on
 * its return within SCHEDULE_CATCH_UP_MINUTES, or is recorded as skipped.
 */
export const schedulesRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number }; publicBaseUrl: string }> = async (
  app,
  { bus, rateLimit, publicBaseUrl },
) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/schedules',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'schedule.create',
          kind: 'schedule',
          id: (_p, a) => a?.id,
          details: (_p, a) => ({ name: a?.name, cron: a?.cron, timezone: a?.timezone, recipients: Array.isArray(a?.recipients) ? a.recipients.length : 0 }),
        },
      },
      schema: {
        tags: ['Schedules'],
        summary: 'Create a schedule (five-field cron, IANA time zone) that makes and sends links to its recipients at each slot',
        body: createScheduleBody,
        response: { 201: schedule, ...errors },
      },
    },
    async (request, reply) => {
      const created = await bus.request(
        'links.schedules.create',
        { tenantId: tenantOf(request), body: request.body, publicBaseUrl },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/schedules',
    {
      config: { auth: 'management', role: 'editor' },
      schema: { tags: ['Schedules'], summary: "The tenant's schedules with their next run", response: { 200: scheduleList, ...errors } },
    },
    async (request) => bus.request('links.schedules.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.get(
    '/api/schedules/:id',
    {
      config: { auth: 'management', role: 'editor' },
      schema: { tags: ['Schedules'], summary: 'One schedule', params: scheduleParams, response: { 200: schedule, ...errors } },
    },
    async (request) => bus.request('links.schedules.get', { tenantId: tenantOf(request), scheduleId: request.params.id }, { requestId: request.id }),
  );

  app.put(
    '/api/schedules/:id',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'schedule.update', kind: 'schedule', id: (p) => p.id, details: (_p, _a, b) => ({ changed: Object.keys(b ?? {}) }) },
      },
      schema: {
        tags: ['Schedules'],
        summary: 'Change a schedule; a new cron, time zone or `active` recomputes its next run',
        params: scheduleParams,
        body: updateScheduleBody,
        response: { 200: schedule, ...errors },
      },
    },
    async (request) =>
      bus.request('links.schedules.update', { tenantId: tenantOf(request), scheduleId: request.params.id, changes: request.body }, { requestId: request.id }),
  );

  app.delete(
    '/api/schedules/:id',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'schedule.delete', kind: 'schedule', id: (p) => p.id, details: () => ({}) } },
      schema: {
        tags: ['Schedules'],
        summary: 'Delete a schedule and its run history: 204 with no body (links it made stay)',
        params: scheduleParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await bus.request('links.schedules.delete', { tenantId: tenantOf(request), scheduleId: request.params.id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/schedules/:id/runs',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Schedules'],
        summary: 'The schedule’s runs, newest first: slot time, links made, deliveries sent, errors',
        params: scheduleParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: scheduleRunList, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.schedules.runs',
        { tenantId: tenantOf(request), scheduleId: request.params.id, limit: request.query.limit },
        { requestId: request.id },
      ),
  );

  app.post(
    '/api/schedules/:id/run',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'schedule.run', kind: 'schedule', id: (p) => p.id, details: (_p, a) => ({ links: a?.links, state: a?.state }) },
      },
      schema: {
        tags: ['Schedules'],
        summary: 'Run the schedule now, outside its cron (its next slot stays as it is)',
        params: scheduleParams,
        response: { 201: scheduleRun, ...errors },
      },
    },
    async (request, reply) => {
      const now = new Date().toISOString();
      const run = await bus.request(
        'links.schedules.run',
        { tenantId: tenantOf(request), scheduleId: request.params.id, slotAt: now, now, trigger: 'manual', catchUpMinutes: 0 },
        { requestId: request.id },
      );
      return reply.status(201).send(run);
    },
  );
};
