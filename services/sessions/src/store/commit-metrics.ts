import type { StatementGroupsOptions } from '@parley/db';
import { Histogram, type Registry } from 'prom-client';
import type { TurnCommit } from './conversation.store.js';

/** Commit statements and the waits behind them span these, in seconds: a lone turn's few ms to a slow server's seconds. */
const SECONDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * What the turns' commits tell the metrics (docs/architecture.md "The services", grouped statements): the
 * turns each statement carried and, for each turn, how long it waited behind the statement under
 * way before its own went – the price of grouping, in a turn's time – and how long its own took.
 */
export function commitMetrics(registry: Registry): Pick<StatementGroupsOptions<TurnCommit>, 'onGroup' | 'onStatement'> {
  const groups = new Histogram({
    name: 'parley_sessions_turn_commit_group_turns',
    help: 'Turns committed by one statement: turns that finish while a commit is under way go together in the next',
    buckets: [1, 2, 4, 8, 16, 32, 64, 100],
    registers: [registry],
  });
  const statements = new Histogram({
    name: 'parley_sessions_turn_commit_seconds',
    help: 'Time of the commit statement each turn went in, from being sent to its answer (observed once per turn)',
    buckets: SECONDS,
    registers: [registry],
  });
  const waits = new Histogram({
    name: 'parley_sessions_turn_commit_wait_seconds',
    help: 'Time each turn waited before its own commit statement was sent: behind the one under way, or for the end of its event-loop turn',
    buckets: [0, ...SECONDS],
    registers: [registry],
  });
  return {
    onGroup: (turns) => groups.observe(turns),
    onStatement: ({ tookMs, waitedMs }) => {
      for (const ms of waitedMs) {
        statements.observe(tookMs / 1000);
        waits.observe(ms / 1000);
      }
    },
  };
}
