import { connectPlatformBus, type PlatformBus, type WorkQueueOptions } from '@parley/bus';
import type { TestContext } from './test-context.js';

/**
 * What a harness set up, undone in reverse order: the last thing started is the first stopped
 * (services before their bus, the bus before the context's database and streams).
 */
export class Teardown {
  private readonly steps: Array<() => Promise<void>>;

  constructor(...steps: Array<() => Promise<void>>) {
    this.steps = steps;
  }

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  /** Runs every step once, newest first; a later call finds nothing left to do. */
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}

/**
 * A connection to the real NATS in the context's namespace, as a separate process would have;
 * drained at teardown. `workQueues`: its work queues' settings (the bus's defaults when absent).
 */
export async function connectTestBus(ctx: TestContext, teardown: Teardown, name: string, workQueues: WorkQueueOptions = {}): Promise<PlatformBus> {
  const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name, workQueues });
  teardown.add(() => bus.drain());
  return bus;
}
