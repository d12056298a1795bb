import { openDatabase } from '@parley/db';
import { createSessionsService } from '@parley/sessions';
import { redisOperatorPresence } from '@parley/stores';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../test/gateway-harness.js';
import { type OperatorMember, operatorMember, straightTo } from './operators.test-kit.js';
import { listen } from './public-events.test-kit.js';

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
    await waitFor(async () => {
      const counts = await h.db.selectFrom('escalations').select(['state', (eb) => eb.fn.countAll<string>().as('n')]).where('tenant_id', '=', tenantId).groupBy('state').execute();
      expect(Object.fromEntries(counts.map((row) => [row.state, Number(row.n)]))).toEqual({ assigned: placed, waiting: ESCALATIONS - placed });
    }, 20_000);

    // Every escalation exists once, and each assigned one was offered exactly once.
    const escalations = await h.db.selectFrom('escalations').select(['id', 'conversation_id', 'state', 'operator_key_id']).where('tenant_id', '=', tenantId).execute();
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
    const oldest = await sql<{ id: string }>`SELECT id FROM escalations WHERE tenant_id = ${tenantId} AND state = 'waiting' ORDER BY created_at, id LIMIT 1`.execute(h.db);
    expect((await first.call('POST', `/api/inbox/${mine.id}/accept`)).status).toBe(200);
    expect((await first.call('POST', `/api/inbox/${mine.id}/close`)).status).toBe(200);
    await waitFor(async () => {
      const row = await h.db.selectFrom('escalations').select(['state', 'operator_key_id']).where('id', '=', oldest.rows[0]!.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'assigned', operator_key_id: first.memberId });
    });
    await waitFor(async () => {
      const row = await h.db.selectFrom('escalations').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('state', '=', 'waiting').executeTakeFirstOrThrow();
      expect(Number(row.n)).toBe(ESCALATIONS - placed - 1);
    });
    const after = await operators[0]!.call('GET', '/api/inbox/presence');
    expect(after.body.operators.map((o: { open: number }) => o.open)).toEqual(Array(OPERATORS).fill(CAP));
  });
});
