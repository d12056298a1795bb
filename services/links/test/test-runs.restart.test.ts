import type { PlatformBus } from '@parley/bus';
import type { AgentTestBody, TestResult, TurnOutcome } from '@parley/contracts';
import { connectTestBus, createTestContext, linkTestKeys, Teardown, type TestContext, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinksService } from '../src/app.js';
import { sayingAgent } from './links-harness.js';

/** A runner.turn as the agent runner got it: the test run's attempt, the test and the turn's number (0: the start). */
interface PlayedTurn {
  attempt: number;
  testId: string;
  n: number;
}

/** A test of two turns that each expect the echo the fake runner answers with. */
const echoTest = (name: string): AgentTestBody => ({
  name,
  turns: [
    { user: `${name}: first`, expect: { says: `Echo: ${name}: first` } },
    { user: `${name}: second`, expect: { says: `Echo: ${name}: second` } },
  ],
});

/**
 * Test runs outlive the replica playing them: on the real NATS and PostgreSQL, with the agent
 * runner's side of `runner.turn` played by the test (every turn echoed, each recorded), so it is
 * seen which tests each replica played and how often.
 */
describe('test runs across restarts and replicas', () => {
  let ctx: TestContext;
  const teardown = new Teardown();
  const played: PlayedTurn[] = [];
  /** A turn the runner holds until the test lets it go: `reached` once it has arrived. */
  let hold: { testId: string; reached: () => void; release: Promise<void> } | undefined;
  let client: PlatformBus;
  let tenantId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'links-test-runs' });
    teardown.add(async () => ctx.cleanup());
    const runner = await connectTestBus(ctx, teardown, 'runner');
    await runner.serve('runner.turn', async (turn): Promise<TurnOutcome> => {
      const [, , attempt, testId, n] = (turn.turnKey ?? '').split(':');
      played.push({ attempt: Number(attempt), testId: testId ?? '', n: Number(n) });
      const held = hold;
      if (held && held.testId === testId && Number(n) === 0) {
        held.reached();
        await held.release;
      }
      const text = turn.message === null ? 'Hello.' : `Echo: ${String(turn.message)}`;
      const state = { nodeId: 'hello', collectedData: {}, visitTurns: 0 };
      return {
        state,
        said: [{ nodeId: 'hello', text }],
        response: text,
        transitions: [],
        extractedVariables: null,
        status: 'active',
        llmLatencyMs: 0,
        nodeName: 'Hello',
        previousNodeId: 'hello',
        previousNodeName: 'Hello',
      };
    }).ready;
    client = await connectTestBus(ctx, teardown, 'client');
    const seeding = await startReplica();
    tenantId = (await client.request('links.tenants.create', { name: 'Test runs' })).id;
    await seeding.stop();
  });
  afterAll(async () => teardown.run());

  /** A links service on its own connection, as another replica; `stop()` drains it as SIGTERM does. */
  async function startReplica() {
    const own = new Teardown();
    const bus = await connectTestBus(ctx, own, 'links');
    // The default lease (a minute): a run handed back is continued at once, not after the lease.
    const service = createLinksService({ bus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys, testRuns: { pollIntervalMs: 50 } });
    own.add(() => service.drain());
    await service.ready;
    await bus.ping();
    return { service, stop: () => own.run() };
  }

  /** An agent of its own (a run plays every test of its agent) with a test of each name. */
  async function createTests(agentName: string, names: string[]) {
    const agentId = (await client.request('links.agents.create', { tenantId, name: agentName, config: sayingAgent('Hello.') })).id;
    const ids: string[] = [];
    for (const name of names) ids.push((await client.request('links.tests.create', { tenantId, name: agentName, test: echoTest(name) })).id);
    const tests = await client.request('links.tests.list', { tenantId, name: agentName });
    return { agentId, ids, snapshots: tests.tests.filter((test) => ids.includes(test.id)).map(({ created_at: _c, ...test }) => test) };
  }

  const row = (id: string) =>
    ctx.db
      .selectFrom('agent_test_runs')
      .select(['status', 'results', 'passed', 'failed', 'attempts', 'lease_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const finished = (id: string) =>
    waitFor(
      async () => {
        const run = await row(id);
        return run.status !== 'running' && run;
      },
      { timeoutMs: 15_000 },
    );
  const playedOf = (ids: string[]) => played.filter((turn) => ids.includes(turn.testId));

  it('a run whose worker died after 2 of 4 tests is continued at the third: no test played twice, each in the result once', async () => {
    const replica = await startReplica();
    const { agentId, ids, snapshots } = await createTests('died', ['died-a', 'died-b', 'died-c', 'died-d']);
    // As a worker leaves a run when it dies during its third test: the first two results stored,
    // the claim counted, the lease (run out here rather than waited for) in the past.
    const storedBefore: TestResult[] = snapshots.slice(0, 2).map((test) => ({
      test_id: test.id,
      name: test.name,
      passed: true,
      turns: [{ user: 'played by the worker that died', response: 'kept as it was stored', node: 'hello', failures: [] }],
    }));
    const orphan = await ctx.db
      .insertInto('agent_test_runs')
      .values({
        tenant_id: tenantId,
        agent_id: agentId,
        version: 1,
        tests: JSON.stringify(snapshots),
        results: JSON.stringify(storedBefore),
        passed: 2,
        attempts: 1,
        lease_until: new Date(Date.now() - 1_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const run = await finished(orphan.id);
    await replica.stop();

    expect(run).toMatchObject({ status: 'passed', passed: 4, failed: 0, lease_until: null });
    const results = run.results as unknown as TestResult[];
    expect(results.map((result) => result.test_id)).toEqual(ids);
    // The two stored before are as the dead worker stored them, not played again.
    expect(results.slice(0, 2)).toEqual(storedBefore);
    expect(results[2]?.turns.map((turn) => turn.response)).toEqual(['Echo: died-c: first', 'Echo: died-c: second']);
    // Only the third and fourth tests were played, each turn once, under the second claim.
    const turns = playedOf(ids);
    expect(turns.map((turn) => `${turn.testId}:${turn.n}`)).toEqual([ids[2], ids[3]].flatMap((id) => [`${id}:0`, `${id}:1`, `${id}:2`]));
    expect(new Set(turns.map((turn) => turn.attempt))).toEqual(new Set([2]));
  });

  it('a replica drained during a run stops after its current test; another continues the run at once, each test played once', async () => {
    const first = await startReplica();
    const agentName = 'drained';
    const { ids } = await createTests(agentName, ['drained-a', 'drained-b', 'drained-c', 'drained-d']);
    let reached!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => {
      reached = resolve;
    });
    hold = {
      testId: ids[1] ?? '',
      reached,
      release: new Promise<void>((resolve) => {
        release = resolve;
      }),
    };
    const { id } = await client.request('links.test-runs.start', { tenantId, name: agentName, version: 1 });
    // The second test is being played …
    await arrived;
    // … when the replica is told to stop: it waits for that test to end, and no longer.
    const drained = first.stop();
    release();
    await drained;
    hold = undefined;

    const handedBack = await row(id);
    expect(handedBack).toMatchObject({ status: 'running', passed: 2, failed: 0, lease_until: null, attempts: 0 });
    expect((handedBack.results as unknown as TestResult[]).map((result) => result.test_id)).toEqual(ids.slice(0, 2));
    expect(new Set(playedOf(ids).map((turn) => turn.testId))).toEqual(new Set(ids.slice(0, 2)));

    // Another replica takes it up at its first look, well before the stopped one's lease would have run out.
    const second = await startReplica();
    const run = await finished(id);
    expect(run).toMatchObject({ status: 'passed', passed: 4, failed: 0 });
    expect((run.results as unknown as TestResult[]).map((result) => result.test_id)).toEqual(ids);
    // Every turn of every test played once: two by the stopped replica, two by the other.
    const turns = playedOf(ids).map((turn) => `${turn.testId}:${turn.n}`);
    expect(turns).toEqual(ids.flatMap((test) => [`${test}:0`, `${test}:1`, `${test}:2`]));
    const fetched = await client.request('links.test-runs.get', { tenantId, name: agentName, id });
    expect(fetched.results.map((result) => [result.name, result.passed])).toEqual(ids.map((_, i) => [`drained-${'abcd'[i]}`, true]));
    await second.stop();
  });
});
