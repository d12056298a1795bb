import { ConfigError } from '@parley/config';
import type { Logger } from '@parley/logger';

export interface RunningService {
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
    line = `port ${error.port} is already in use (set PORT or stop the other process)`;
  } else if (error instanceof Error) {
    line = error.message.split('\n')[0] ?? String(error);
  } else {
    line = String(error);
  }
  process.stderr.write(`${name}: ${line}\n`);
  process.exit(1);
}

function isAddressInUse(error: unknown): error is { code: string; port: number } {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EADDRINUSE';
}

/**
 * Runs a service as the process: starts it, and on SIGTERM/SIGINT stops it gracefully within
 * `shutdownTimeoutSeconds`, then exits 0. A second signal or the deadline exits at once.
 */
export async function runProcess(options: {
  name: string;
  logger: Logger;
  shutdownTimeoutSeconds: number;
  start: () => Promise<RunningService>;
}): Promise<void> {
  let service: RunningService;
  try {
    service = await options.start();
  } catch (error) {
    exitOnStartupFailure(options.name, error);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    options.logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      options.logger.error('graceful shutdown took too long: exiting');
      process.exit(1);
    }, options.shutdownTimeoutSeconds * 1000);
    deadline.unref();
    service
      .stop()
      .then(() => {
        options.logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
