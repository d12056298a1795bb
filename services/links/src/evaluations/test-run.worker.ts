import { randomUUID } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import type { TestResult, TestTurnResult, TurnOutcome } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { LeasedQueueWorker } from '../store/leased-queue-worker.js';
import type { ClaimedRun, EvaluationRepository, TestSnapshot } from './evaluation.repository.js';
import { failuresOf, seenOf } from './expectations.js';

export interface TestRunOptions {
  /** How long a claimed run is held without its worker renewing it: a dead worker's run is picked up again after this. */
  leaseMs: number;
  /** How often the worker looks for runs nobody holds. */
  pollIntervalMs: number;
  /** Runs one replica works on at once. */
  concurrency: number;
  /** Attempts before a run whose workers keep dying is given up as failed. */
  maxAttempts: number;
}

export const defaultTestRunOptions: TestRunOptions = { leaseMs: 60_000, pollIntervalMs: 5_000, concurrency: 2, maxAttempts: 3 };

type History = Array<{ role: 'user' | 'assistant'; content: string }>;

/**
 * Works through test runs (docs/evaluations.md): each turn of each test goes to `runner.turn`, the
 * subject every real turn of an LLM agent takes, with the version's config, tools and knowledge –
 * and nothing else: no session, message, analytics row or budget count is made, as those are
 * written by the sessions service when it commits a real turn, and a test's turn is never committed.
 * A run is held under a lease renewed while it works, and each test's result is stored as the test
 * ends. A worker that dies leaves the run to be claimed again once the lease runs out and continued
 * after the last test stored (one it died in the middle of is played again), and failed after
 * `maxAttempts` such claims. A worker that stops hands its runs back between two tests, to be
 * continued at once by another.
 */
export class TestRunWorker {
  private readonly worker: LeasedQueueWorker<ClaimedRun>;
  private stopping = false;

  constructor(
    private readonly repository: EvaluationRepository,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    private readonly options: TestRunOptions,
  ) {
    this.worker = new LeasedQueueWorker(
      { claimDue: (limit) => repository.claimDue(limit, options.leaseMs), attempt: (run) => this.work(run) },
      { pollIntervalMs: options.pollIntervalMs, concurrency: options.concurrency },
      logger,
      'test runs',
    );
  }

  start(): void {
    this.worker.start();
  }

  /** A run was started: look now rather than at the next poll. */
  kick(): void {
    this.worker.kick();
  }

  /** Claims no more runs; a run being worked on is handed back once its current test has ended. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.worker.stop();
  }

  private async work(run: ClaimedRun): Promise<void> {
    const stored = new Set(run.results.map((result) => result.test_id));
    const remaining = run.tests.filter((test) => !stored.has(test.id));
    if (run.attempt > this.options.maxAttempts) {
      const gaveUp = remaining.map((test) => ({
        test_id: test.id,
        name: test.name,
        passed: false,
        turns: [{ user: '', response: null, node: null, failures: [`the run was interrupted ${this.options.maxAttempts} times and given up`] }],
      }));
      await this.repository.finishRun(run, [...run.results, ...gaveUp], Date.now() - run.createdAt.getTime());
      return;
    }
    let lost = false;
    const renew = setInterval(() => {
      this.repository
        .renewLease(run, this.options.leaseMs)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch((error: unknown) => this.logger.warn({ err: error, runId: run.id }, 'a test run’s lease could not be renewed'));
    }, this.options.leaseMs / 3);
    renew.unref();
    try {
      // A run taken over or continued counts from when it was started, its interruption included.
      const started = run.attempt === 1 && run.results.length === 0 ? Date.now() : run.createdAt.getTime();
      const results = [...run.results];
      for (const test of remaining) {
        if (lost) return;
        if (this.stopping) {
          clearInterval(renew);
          await this.repository.releaseRun(run);
          return;
        }
        const result = await this.runTest(run, test);
        // Not stored: another worker holds the run now, and plays this test itself.
        if (!(await this.repository.storeResult(run, result))) return;
        results.push(result);
      }
      await this.repository.finishRun(run, results, Date.now() - started);
    } finally {
      clearInterval(renew);
    }
  }

  private async runTest(run: ClaimedRun, test: TestSnapshot): Promise<TestResult> {
    const base = {
      agentId: run.agentId,
      version: run.version,
      tenantId: run.tenantId,
      // A conversation of its own that no table holds: nothing a turn is keyed by meets a real one.
      conversationId: randomUUID(),
      sessionId: `eval_${run.id}`,
    };
    const turns: TestTurnResult[] = [];
    const history: History = [];
    const turnKey = (n: number) => `eval:${run.id}:${run.attempt}:${test.id}:${n}`;
    let outcome: TurnOutcome;
    try {
      outcome = await this.bus.request('runner.turn', {
        ...base,
        state: null,
        message: null,
        ...(test.start?.variables ? { initialData: test.start.variables } : {}),
        history: [],
        turnKey: turnKey(0),
      });
    } catch (error) {
      return { test_id: test.id, name: test.name, passed: false, turns: [{ user: '', response: null, node: null, failures: [`start: ${reason(error)}`] }] };
    }
    for (const said of outcome.said) history.push({ role: 'assistant', content: said.text });
    for (const [index, turn] of test.turns.entries()) {
      const n = index + 1;
      if (outcome.status !== 'active' || outcome.handoff) {
        turns.push({
          user: turn.user,
          response: null,
          node: null,
          failures: [`turn ${n}: the conversation had ${outcome.handoff ? 'been handed off' : 'ended'} before it`],
        });
        continue;
      }
      try {
        outcome = await this.bus.request('runner.turn', { ...base, state: outcome.state, message: turn.user, history: [...history], turnKey: turnKey(n) });
      } catch (error) {
        turns.push({ user: turn.user, response: null, node: null, failures: [`turn ${n}: the agent failed: ${reason(error)}`] });
        break;
      }
      const seen = seenOf(outcome);
      history.push({ role: 'user', content: turn.user });
      for (const said of outcome.said) history.push({ role: 'assistant', content: said.text });
      const failures = failuresOf(n, turn.expect, seen);
      if (turn.expect?.judge) failures.push(...(await this.judge(run, n, turn.expect.judge, seen.reply)));
      turns.push({ user: turn.user, response: seen.reply, node: seen.nodeId, failures });
    }
    return { test_id: test.id, name: test.name, passed: turns.every((turn) => turn.failures.length === 0), turns };
  }

  /** The version's LLM asked whether the reply satisfies the statement (runner.judge); a failure to ask fails the turn. */
  private async judge(run: ClaimedRun, n: number, statement: string, reply: string): Promise<string[]> {
    try {
      const { verdict } = await this.bus.request('runner.judge', { agentId: run.agentId, version: run.version, statement, reply });
      return verdict ? [] : [`turn ${n}: the judge found the reply does not satisfy "${statement}"`];
    } catch (error) {
      return [`turn ${n}: the judge could not be asked: ${reason(error)}`];
    }
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
