import type { PlatformBus } from '@parley/bus';
import { type Logger, withLogContext } from '@parley/logger';
import type { LiveEventLog } from '@parley/stores';
import type { WorkflowLlm } from '@parley/workflow';
import { Counter, type Registry } from 'prom-client';
import { AgentConfigs } from './agent-configs.js';
import { createTurnHandler } from './turn.handler.js';

export interface RunnerDeps {
  bus: PlatformBus;
  llm: WorkflowLlm;
  logger: Logger;
  registry: Registry;
  /** The conversations' live event log: streamed replies are written to it as they come. */
  live?: LiveEventLog | undefined;
}

/**
 * The agent-runner: takes turns from the `runner.turn` queue group. It keeps no state of its
 * own beyond a config cache, so more replicas simply mean more throughput.
 */
export function createAgentRunner(deps: RunnerDeps) {
  const turns = new Counter({
    name: 'parley_runner_turns_total',
    help: 'Workflow turns executed by this runner',
    labelNames: ['kind', 'status'],
    registers: [deps.registry],
  });
  const configs = new AgentConfigs(deps.bus);
  const handleTurn = createTurnHandler({ configs, llm: deps.llm, logger: deps.logger, turns, live: deps.live });
  const subscription = deps.bus.serve('runner.turn', (request, ctx) => withLogContext({ sessionId: request.sessionId }, () => handleTurn(request, ctx)));
  return {
    drain: () => subscription.drain(),
  };
}
