import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';
import { turnRunner } from './turn-runner.js';

/** Workflow turns. */
export const turnHandlers = handlers({
  /**
   * One workflow turn, taken from the work queue the runners share, at most RUNNER_MAX_IN_FLIGHT at
   * once per runner; the caller (sessions) commits the outcome.
   */
  'runner.turn': {
    build: (parts) => {
      const run = turnRunner(parts);
      const { metrics } = parts;
      return async (request, ctx) => {
        metrics.inFlight += 1;
        metrics.waits.observe((ctx.queuedMs ?? 0) / 1000);
        const stopTimer = metrics.durations.startTimer();
        try {
          return await withLogContext({ sessionId: request.sessionId }, () => run(request, ctx));
        } finally {
          stopTimer();
          metrics.inFlight -= 1;
        }
      };
    },
    options: ({ maxInFlight }) => ({ maxInFlight }),
  },
});
