import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '@parley/config';
import type { Logger } from '@parley/logger';
import { startTracing, stopTracing } from '@parley/telemetry';
import { watchLauncher } from './launcher.js';

export interface RunningService {
  /**
   * Called at SIGTERM, before the shutdown delay: report not-ready (and, over HTTP, ask clients to
   * close their connections) while still serving, so load balancers move away before `stop`.
   */
  startDraining?(): void;
  /** Stop taking work, finish what is in flight, release connections. */
  stop(): Promise<void>;
}

/**
 * Prints one line for a failure at start-up and exits non-zero: a wrong variable or an
 * unreachable server is an operator's mistake, not a crash to dump a stack for.
 */
export function exitOnStartupFailure(name: string, error: unknown): never {
  let line: string;
  if (error instanceof ConfigError) {
    line = `invalid configuration: ${error.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`;
  } else if (isAddressInUse(error)) {
    line = `port ${error.port} is already in use (set ${error.variable ?? 'PORT'} or stop the other process)`;
  } else if (error instanceof Error) {
    line = error.message.split('\n')[0] ?? String(error);
  } else {
    line = String(error);
  }
  process.stderr.write(`${name}: ${line}\n`);
  process.exit(1);
}

/** `variable` names the setting of the port when the listener knows it (see startHealthServer). */
function isAddressInUse(error: unknown): error is { code: string; port: number; variable?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EADDRINUSE';
}

/**
 * Runs a service as the process: starts it, and on SIGTERM/SIGINT drains it – not-ready at once,
 * still serving for `shutdownDelaySeconds` – then stops it gracefully within
 * `shutdownTimeoutSeconds` and exits 0. A second signal, or the deadline (delay + timeout), exits
 * at once with 1.
 *
 * With `withChildren` (the one-process mode, whose embedded PostgreSQL must not outlive it): the
 * signals are answered from the start – one during start-up aborts it (`start`'s signal) and what
 * had started is stopped before the process exits 0 – SIGHUP (a closed terminal) stops it like
 * SIGTERM, and so does the exit of the npm process that launched it (watchLauncher).
 *
 * Tracing starts first, before the service opens a server, a pool or a connection, when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (service name `parley-<name>` unless OTEL_SERVICE_NAME says
 * otherwise); the spans it still holds are exported before a graceful exit.
 */
export async function runProcess(options: {
  name: string;
  logger: Logger;
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  withChildren?: boolean;
  start: (signal: AbortSignal) => Promise<RunningService>;
}): Promise<void> {
  const { logger } = options;
  const delaySeconds = options.shutdownDelaySeconds;
  const aborting = new AbortController();
  let service: RunningService | undefined;
  let stopping = false;
  /** Stops the running service and exits: 0 when it stopped cleanly. */
  const stopService = async (running: RunningService, delay: number) => {
    try {
      running.startDraining?.();
      // Balancers learn of the 503 only at their next poll: until then requests keep arriving and
      // are served as usual.
      if (delay > 0) await sleep(delay * 1000);
      await running.stop();
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      await stopTracing();
      process.exit(1);
    }
    logger.info('stopped');
    await stopTracing();
    process.exit(0);
  };
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, delaySeconds }, 'shutting down');
    const deadline = setTimeout(
      () => {
        logger.error('graceful shutdown took too long: exiting');
        process.exit(1);
      },
      (delaySeconds + options.shutdownTimeoutSeconds) * 1000,
    );
    deadline.unref();
    // Still starting: the start gives up at its next step and stops what it started (below).
    if (!service) {
      aborting.abort(new Error(`${signal} during start-up`));
      return;
    }
    await stopService(service, delaySeconds);
  };
  const signals: NodeJS.Signals[] = options.withChildren ? ['SIGTERM', 'SIGINT', 'SIGHUP'] : ['SIGTERM', 'SIGINT'];
  const listen = () => {
    for (const signal of signals) process.on(signal, () => void shutdown(signal));
  };
  if (options.withChildren) {
    listen();
    // Its exit is no second signal: a Ctrl+C reaches npm's script shell too, which may exit first.
    watchLauncher((reason) => {
      if (!stopping) void shutdown(reason);
    });
  }
  try {
    // An OTEL_* value tracing cannot honour is a configuration error like any other: one line, exit 1.
    startTracing({ serviceName: options.name.startsWith('parley') ? options.name : `parley-${options.name}` });
    service = await options.start(aborting.signal);
  } catch (error) {
    if (aborting.signal.aborted) {
      // The start stopped what it had started before it gave up.
      logger.info('stopped during start-up');
      await stopTracing();
      process.exit(0);
    }
    exitOnStartupFailure(options.name, error);
  }
  if (!options.withChildren) listen();
  // A signal came while the last step of the start ran: no delay, nobody was sent here yet.
  else if (stopping) await stopService(service, 0);
}
