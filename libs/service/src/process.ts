import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '@parley/config';
import type { Logger } from '@parley/logger';
import { startTracing, stopTracing } from '@parley/telemetry';

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
 * Tracing starts first, before the service opens a server, a pool or a connection, when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (service name `parley-<name>` unless OTEL_SERVICE_NAME says
 * otherwise); the spans it still holds are exported before a graceful exit.
 */
export async function runProcess(options: {
  name: string;
  logger: Logger;
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  start: () => Promise<RunningService>;
}): Promise<void> {
  let service: RunningService;
  try {
    // An OTEL_* value tracing cannot honour is a configuration error like any other: one line, exit 1.
    startTracing({ serviceName: options.name.startsWith('parley') ? options.name : `parley-${options.name}` });
    service = await options.start();
  } catch (error) {
    exitOnStartupFailure(options.name, error);
  }
  const delaySeconds = options.shutdownDelaySeconds;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    options.logger.info({ signal, delaySeconds }, 'shutting down');
    const deadline = setTimeout(
      () => {
        options.logger.error('graceful shutdown took too long: exiting');
        process.exit(1);
      },
      (delaySeconds + options.shutdownTimeoutSeconds) * 1000,
    );
    deadline.unref();
    try {
      service.startDraining?.();
      // Balancers learn of the 503 only at their next poll: until then requests keep arriving and
      // are served as usual.
      if (delaySeconds > 0) await sleep(delaySeconds * 1000);
      await service.stop();
    } catch (error) {
      options.logger.error({ err: error }, 'error while stopping');
      await stopTracing();
      process.exit(1);
    }
    options.logger.info('stopped');
    await stopTracing();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
