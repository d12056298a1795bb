import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@parley/logger';
import type { Registry } from 'prom-client';

/** A named dependency check for /readyz: resolves when the dependency answers. */
export type ReadinessChecks = Record<string, () => Promise<void>>;

const CHECK_TIMEOUT_MS = 2_000;

/** Runs every check in parallel, each bounded in time, and reports per dependency. */
export async function checkReadiness(checks: ReadinessChecks): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('no answer in time')), CHECK_TIMEOUT_MS);
          }),
        ]);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : 'failed'] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: entries.every(([, state]) => state === 'ok'), checks: Object.fromEntries(entries) };
}

export interface HealthServer {
  readonly port: number;
  /** From now on /readyz answers 503: the process is shutting down and takes no new work. */
  markStopping(): void;
  close(): Promise<void>;
}

const ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The access line of a request to the internal port (ACCESS_LOG): the probes and scrapes that
 * poll it all day at debug, anything else – a wrong method, a path that is not served (named
 * `unmatched`, never as asked) – at info.
 */
function logAccess(logger: Logger, req: IncomingMessage, res: ServerResponse, path: string, started: number): void {
  const route = ROUTES.has(path) ? path : 'unmatched';
  const line = { method: req.method, route, status: res.statusCode, durationMs: Math.round(performance.now() - started) };
  if (route !== 'unmatched' && req.method === 'GET') logger.debug(line, 'request completed');
  else logger.info(line, 'request completed');
}

/**
 * /healthz (the process is alive), /readyz (its dependencies answer) and /metrics on an internal
 * port (HEALTH_PORT) of every process: the gateway's public port keeps only /healthz, so metrics
 * and dependency details are not served to the internet.
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  logger: Logger;
  checks: ReadinessChecks;
  registry: Registry;
  /** One line per request (ACCESS_LOG; default true). */
  accessLog?: boolean;
}): Promise<HealthServer> {
  let stopping = false;
  const accessLog = options.accessLog ?? true;
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(type === 'application/json' ? JSON.stringify(body) : String(body));
    };
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (accessLog) res.once('finish', () => logAccess(options.logger, req, res, path, started));
    if (req.method !== 'GET') return send(405, { error: { code: 'invalid', message: 'method not allowed' } });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz') {
      if (stopping) return send(503, { status: 'stopping' });
      void checkReadiness(options.checks).then((result) =>
        send(result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'unavailable', checks: result.checks }),
      );
      return;
    }
    if (path === '/metrics') {
      void options.registry.metrics().then((text) => send(200, text, options.registry.contentType));
      return;
    }
    send(404, { error: { code: 'not_found', message: 'no such route' } });
  });
  await new Promise<void>((resolve, reject) => {
    // A taken port is reported by the variable that sets it (see exitOnStartupFailure).
    server.once('error', (error) => reject(Object.assign(error, { variable: 'HEALTH_PORT' })));
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.debug({ port }, 'health endpoints listening');
  return {
    port,
    markStopping: () => {
      stopping = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
