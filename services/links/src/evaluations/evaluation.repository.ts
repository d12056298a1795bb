import type { AgentTestBody, TestResult } from '@parley/contracts';
import { afterPageKey, type DB, type PageKey, pageKeyOf } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** A test as a run keeps it: what it was when the run started. */
export interface TestSnapshot extends AgentTestBody {
  id: string;
  updated_at: string;
}

/** A run a worker holds: `attempt` fences what it writes against a worker that lost the lease. */
export interface ClaimedRun {
  id: string;
  tenantId: string;
  agentId: string;
  version: number;
  tests: TestSnapshot[];
  /** The results stored so far, in the tests' order: the tests an earlier worker finished. */
  results: TestResult[];
  attempt: number;
  createdAt: Date;
}

const testColumns = ['id', 'name', 'turns', 'start', 'created_at', 'updated_at'] as const;

/** agent_tests, agent_test_runs and agents.require_tests (docs/evaluations.md). */
export class EvaluationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  requireTests(agentId: string) {
    return this.db
      .selectFrom('agents')
      .select('require_tests')
      .where('id', '=', agentId)
      .executeTakeFirst()
      .then((row) => row?.require_tests ?? false);
  }

  setRequireTests(agentId: string, requireTests: boolean) {
    return this.db
      .updateTable('agents')
      .set({ require_tests: requireTests, updated_at: new Date() })
      .where('id', '=', agentId)
      .returning(['id', 'name', 'active_version', 'require_tests'])
      .executeTakeFirstOrThrow();
  }

  createTest(agentId: string, test: AgentTestBody) {
    return this.db
      .insertInto('agent_tests')
      .values({ agent_id: agentId, name: test.name, turns: JSON.stringify(test.turns), start: test.start ? JSON.stringify(test.start) : null })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  listTests(agentId: string) {
    return this.db.selectFrom('agent_tests').select(testColumns).where('agent_id', '=', agentId).orderBy('created_at').orderBy('id').execute();
  }

  findTest(agentId: string, id: string) {
    return this.db.selectFrom('agent_tests').select(testColumns).where('agent_id', '=', agentId).where('id', '=', id).executeTakeFirst();
  }

  updateTest(agentId: string, id: string, test: AgentTestBody) {
    return this.db
      .updateTable('agent_tests')
      .set({ name: test.name, turns: JSON.stringify(test.turns), start: test.start ? JSON.stringify(test.start) : null, updated_at: new Date() })
      .where('agent_id', '=', agentId)
      .where('id', '=', id)
      .returning(testColumns)
      .executeTakeFirst();
  }

  async deleteTest(agentId: string, id: string): Promise<boolean> {
    const deleted = await this.db.deleteFrom('agent_tests').where('agent_id', '=', agentId).where('id', '=', id).executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  }

  createRun(tenantId: string, agentId: string, version: number, tests: TestSnapshot[]) {
    return this.db
      .insertInto('agent_test_runs')
      .values({ tenant_id: tenantId, agent_id: agentId, version, tests: JSON.stringify(tests), lease_until: null })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  findRun(agentId: string, id: string) {
    return this.db
      .selectFrom('agent_test_runs')
      .select(['id', 'version', 'status', 'passed', 'failed', 'results', 'duration_ms'])
      .where('agent_id', '=', agentId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The agent's runs (of one version, when given), newest first: `limit` rows after the key, `page_key` each row's for the next page. */
  listRuns(agentId: string, filter: { version?: number | undefined; limit: number; after?: PageKey | undefined }) {
    let query = this.db
      .selectFrom('agent_test_runs')
      .select(['id', 'version', 'status', 'passed', 'failed', 'duration_ms', 'created_at', pageKeyOf('created_at').as('page_key')])
      .where('agent_id', '=', agentId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.version !== undefined) query = query.where('version', '=', filter.version);
    if (filter.after) query = query.where(afterPageKey('created_at', 'id', filter.after));
    return query.execute();
  }

  /** The newest finished run of a version, with the tests it ran. */
  latestFinishedRun(agentId: string, version: number) {
    return this.db
      .selectFrom('agent_test_runs')
      .select(['status', 'tests'])
      .where('agent_id', '=', agentId)
      .where('version', '=', version)
      .where('status', '!=', 'running')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Runs nobody holds (new, or their worker's lease ran out), each claimed for `leaseMs` with one
   * attempt more; SKIP LOCKED: two replicas never claim the same run.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedRun[]> {
    const rows = await this.db
      .updateTable('agent_test_runs')
      .set({ lease_until: sql`now() + make_interval(secs => ${leaseMs / 1000})`, attempts: sql`attempts + 1` })
      .where(
        'id',
        'in',
        this.db
          .selectFrom('agent_test_runs')
          .select('id')
          .where('status', '=', 'running')
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
          .orderBy('created_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'tenant_id', 'agent_id', 'version', 'tests', 'results', 'attempts', 'created_at'])
      .execute();
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      agentId: row.agent_id,
      version: row.version,
      tests: row.tests as unknown as TestSnapshot[],
      results: row.results as unknown as TestResult[],
      attempt: row.attempts,
      createdAt: row.created_at,
    }));
  }

  /** Holds the run `leaseMs` longer; false: another worker has it now. */
  async renewLease(run: ClaimedRun, leaseMs: number): Promise<boolean> {
    const renewed = await this.db
      .updateTable('agent_test_runs')
      .set({ lease_until: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
      .where('id', '=', run.id)
      .where('attempts', '=', run.attempt)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return renewed.numUpdatedRows > 0n;
  }

  /**
   * One test's result, stored as soon as the test has run, after those stored before it; its
   * counts with it. False: another worker has the run now, and the result is not stored.
   */
  async storeResult(run: ClaimedRun, result: TestResult): Promise<boolean> {
    const stored = await this.db
      .updateTable('agent_test_runs')
      .set((eb) => ({
        results: sql`results || ${JSON.stringify([result])}::jsonb`,
        passed: eb('passed', '+', result.passed ? 1 : 0),
        failed: eb('failed', '+', result.passed ? 0 : 1),
      }))
      .where('id', '=', run.id)
      .where('attempts', '=', run.attempt)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return stored.numUpdatedRows > 0n;
  }

  /**
   * Hands the run back (its worker is stopping between two tests): free to be claimed at once,
   * and the claim not counted as an attempt, since no worker died. Safe to number the next claim
   * as this one: every test begun under it has its result stored.
   */
  async releaseRun(run: ClaimedRun): Promise<void> {
    await this.db
      .updateTable('agent_test_runs')
      .set({ lease_until: null, attempts: sql`attempts - 1` })
      .where('id', '=', run.id)
      .where('attempts', '=', run.attempt)
      .where('status', '=', 'running')
      .execute();
  }

  async finishRun(run: ClaimedRun, results: TestResult[], durationMs: number): Promise<void> {
    const passed = results.filter((result) => result.passed).length;
    const failed = results.length - passed;
    await this.db
      .updateTable('agent_test_runs')
      .set({
        status: failed === 0 ? 'passed' : 'failed',
        results: JSON.stringify(results),
        passed,
        failed,
        lease_until: null,
        finished_at: new Date(),
        duration_ms: Math.round(durationMs),
      })
      .where('id', '=', run.id)
      .where('attempts', '=', run.attempt)
      .where('status', '=', 'running')
      .execute();
  }
}
