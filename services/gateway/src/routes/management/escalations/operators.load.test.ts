import { openDatabase } from '@parley/db';
import { createSessionsService } from '@parley/sessions';
import { redisOperatorPresence } from '@parley/stores';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen } from '../../public/live/public-events.test-kit.js';
import { type OperatorMember, operatorMember, straightTo } from './operators.test-kit.js';

const OPERATORS = 10;
const ESCALATIONS = 200;
const CAP = 18;

/**
 * Assignment under load: a burst of escalations across ten online operators of one team, placed by
 * two sessions replicas at once. Each escalation is assigned once, none is lost, no operator goes
 * over the team's cap, and what could not be placed waits – and is placed as soon as room frees up.
 */
describe('assignment under load', () => {
  let h: GatewayHarness;
  let base: string;
  let operators: OperatorMember[];
  let tenantId: string;
  let agentId: string;
  let replica: ReturnType<typeof createSessionsService>;
  let replicaDb: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
    base = await listen(h.app);
    const seeded = await h.seedTenant('Busy Desk');
    tenantId = seeded.tenantId;
    operators = [];
    for (let i = 0; i < OPERATORS; i++) operators.push(await operatorMember(h, tenantId, `Op${String(i).padStart(2, '0')}`));
    const team = await h.admin('POST', '/api/teams', { name: 'Load', members: operators.map((o) => o.memberId), max_open_per_operator: CAP }, tenantId);
    expect(team.status, team.text).toBe(201);
    const agent = await h.admin('POST', '/api/agents', { name: 'load-bot', config: straightTo('Load') }, tenantId);
    expect(agent.status, agent.text).toBe(201);
    agentId = agent.body.id;
    // A second sessions replica on the same bus, database and Redis: passes of both run at once.
    replicaDb = await openDatabase({ url: h.ctx.databaseUrl, logger: h.ctx.logger, poolSize: 5 });
    replica = createSessionsService({
      bus: h.bus,
      db: replicaDb.db,
      pool: replicaDb.pool,
      logger: h.ctx.logger,
      options: { runnerAttempts: 2, queueTimeoutMs: 2_500 },
      live: h.live,
      presence: redisOperatorPresence(h.redis, h.ctx.redisPrefix),
      noticeIntervalMs: 0,
      assignmentSweepMs: 0,
    });
    for (const operator of operators) await operator.arrive(base);
  });
  afterAll(async () => {
    for (const operator of operators ?? []) operator.leave();
    await replica?.drain();
    await replicaDb?.close();
    await h?.stop();
  });

  it(`places ${ESCALATIONS} escalations across ${OPERATORS} operators once each, within the cap, losing none`, async () => {
    const started = await Promise.all(
      Array.from({ length: ESCALATIONS }, async () => {
        const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId });
        expect(created.status, created.text).toBe(201);
        return created.body.session_id as string;
      }),
    );
    expect(new Set(started).size).toBe(ESCALATIONS);
    // Both replicas sweep while the burst lands.
    await Promise.all([h.routing.sweep(), replica.escalations.sweep(), h.routing.sweep(), replica.escalations.sweep()]);

    const placed = OPERATORS * CAP;
    await waitFor(
      async () => {
        const counts = await h.db
          .selectFrom('escalations')
          .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
          .where('tenant_id', '=', tenantId)
          .groupBy('state')
          .execute();
        expect(Object.fromEntries(counts.map((row) => [row.state, Number(row.n)]))).toEqual({ assigned: placed, waiting: ESCALATIONS - placed });
      },
      { timeoutMs: 60_000 },
    );

    // Every escalation exists once, and each assigned one was offered exactly once.
    const escalations = await h.db
      .selectFrom('escalations')
      .select(['id', 'conversation_id', 'state', 'operator_key_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(escalations).toHaveLength(ESCALATIONS);
    expect(new Set(escalations.map((e) => e.conversation_id)).size).toBe(ESCALATIONS);
    const offers = await h.db
      .selectFrom('escalation_assignments')
      .select(['escalation_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy('escalation_id')
      .execute();
    expect(offers).toHaveLength(placed);
    expect(offers.every((row) => Number(row.n) === 1)).toBe(true);

    // The cap held for everyone: the load is even.
    const presence = await operators[0]!.call('GET', '/api/inbox/presence');
    expect(presence.body.operators.map((o: { open: number }) => o.open)).toEqual(Array(OPERATORS).fill(CAP));

    // One operator closes a conversation: the oldest waiting one is offered to them at once.
    const first = operators[0]!;
    const mine = escalations.find((e) => e.operator_key_id === first.memberId)!;
    const oldest = await sql<{
      id: string;
    }>`SELECT id FROM escalations WHERE tenant_id = ${tenantId} AND state = 'waiting' ORDER BY created_at, id LIMIT 1`.execute(h.db);
    expect((await first.call('POST', `/api/inbox/${mine.id}/accept`)).status).toBe(200);
    expect((await first.call('POST', `/api/inbox/${mine.id}/close`)).status).toBe(200);
    await waitFor(async () => {
      const row = await h.db.selectFrom('escalations').select(['state', 'operator_key_id']).where('id', '=', oldest.rows[0]!.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'assigned', operator_key_id: first.memberId });
    });
    await waitFor(async () => {
      const row = await h.db
        .selectFrom('escalations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('state', '=', 'waiting')
        .executeTakeFirstOrThrow();
      expect(Number(row.n)).toBe(ESCALATIONS - placed - 1);
    });
    const after = await operators[0]!.call('GET', '/api/inbox/presence');
    expect(after.body.operators.map((o: { open: number }) => o.open)).toEqual(Array(OPERATORS).fill(CAP));
  }, 120_000);

  it('keeps every acknowledged escalation, offered once, when PostgreSQL drops every connection mid-burst', async () => {
    const crew: OperatorMember[] = [];
    for (let i = 0; i < 4; i++) crew.push(await operatorMember(h, tenantId, `Crew${i}`));
    const team = await h.admin('POST', '/api/teams', { name: 'Fault', members: crew.map((o) => o.memberId) }, tenantId);
    expect(team.status, team.text).toBe(201);
    const agent = await h.admin(
      'POST',
      '/api/agents',
      {
        name: 'fault-bot',
        config: {
          workflow: {
            initial_node: 'human',
            nodes: [{ id: 'human', name: 'Human', type: 'handoff', handoff_team: 'Fault', static_text: 'Hold on.', transitions: [] }],
          },
        },
      },
      tenantId,
    );
    expect(agent.status, agent.text).toBe(201);
    for (const member of crew) await member.arrive(base);
    try {
      // Spread over 320 ms, so requests land before, between and after the two cuts below on a
      // machine of any speed (new conversations are created many to a statement: a burst sent at
      // once can be one statement, cut whole).
      const burst = Promise.all(
        Array.from({ length: 80 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * 4));
          const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agent.body.id });
          return { status: created.status, sessionId: created.body?.session_id as string | undefined, code: created.body?.error?.code as string | undefined };
        }),
      );
      // Every connection of every service to the test's database is cut twice while the burst lands.
      for (const pause of [40, 150]) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
          .execute(replicaDb.db)
          .catch(() => undefined);
      }
      const answers = await burst;
      // A request answers, one way or the other: created, or refused as unavailable (503, retry) – never a 500, never left hanging.
      const refusals = answers.filter((a) => a.status !== 201);
      expect(refusals.filter((a) => a.status !== 503 || a.code !== 'unavailable')).toEqual([]);
      const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.sessionId as string);
      expect(acknowledged.length).toBeGreaterThan(0);

      // Sweeps of both replicas place what the cut passes did not.
      await waitFor(
        async () => {
          await Promise.all([h.routing.sweep(), replica.escalations.sweep()]);
          const rows = await sql<{ session_id: string; escalations: string; offers: string; state: string | null }>`
          SELECT c.session_id, count(DISTINCT e.id) AS escalations, count(a.id) AS offers, max(e.state) AS state
          FROM text_conversations c
          LEFT JOIN escalations e ON e.conversation_id = c.id
          LEFT JOIN escalation_assignments a ON a.escalation_id = e.id
          WHERE c.session_id = ANY(${acknowledged}::text[])
          GROUP BY c.session_id`.execute(h.db);
          expect(rows.rows).toHaveLength(acknowledged.length);
          for (const row of rows.rows)
            expect({ ...row, escalations: Number(row.escalations), offers: Number(row.offers) }).toMatchObject({
              escalations: 1,
              offers: 1,
              state: 'assigned',
            });
        },
        { timeoutMs: 30_000 },
      );
      // The load stays even across the crew: fewest open first, whatever the faults.
      const loads = await h.db
        .selectFrom('escalations')
        .select(['operator_key_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where(
          'operator_key_id',
          'in',
          crew.map((o) => o.memberId),
        )
        .groupBy('operator_key_id')
        .execute();
      const counts = loads.map((row) => Number(row.n));
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    } finally {
      for (const member of crew) member.leave();
    }
  }, 120_000);
});
