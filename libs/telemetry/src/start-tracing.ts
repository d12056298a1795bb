import { type RunningSdk, startNodeSdk } from './node-sdk.js';

/**
 * Tracing is opt-in: it starts only when an OTLP endpoint is configured, and otherwise nothing of
 * the OpenTelemetry SDK is even loaded – no instrumentation patches http, pg or ioredis, and the
 * bus's hop spans stay one cheap check (see libs/bus/src/core/trace-propagation.ts).
 *
 * The OTEL_* variables are the SDK's own and are read by it (endpoint, protocol, headers, sampler,
 * resource attributes …), so this bootstrap reads them too instead of going through libs/config:
 * they are the one documented exception to "services read env only through their config".
 */

/** The environment as the SDK reads it. */
export type Env = Record<string, string | undefined>;

export interface TracingOptions {
  /** The service's name when OTEL_SERVICE_NAME is unset, e.g. `parley-gateway`. */
  serviceName: string;
  env?: Env;
}

let running: RunningSdk | undefined;

/** OTEL_EXPORTER_OTLP_ENDPOINT (or its traces-only form) set, and the SDK not disabled. */
export function tracingWanted(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Starts the OpenTelemetry SDK when tracing is wanted and says whether it runs. Synchronous, so
 * a process calls it first thing, before it opens a server, a pool or a connection: runProcess
 * (@parley/service) does, for every service and for `npm start`.
 */
export function startTracing(options: TracingOptions): boolean {
  const env = options.env ?? process.env;
  if (running === undefined && tracingWanted(env)) {
    running = startNodeSdk({ serviceName: env.OTEL_SERVICE_NAME?.trim() || options.serviceName, env });
  }
  return running !== undefined;
}

/** How long an exit waits for the last spans to be exported. */
const FLUSH_TIMEOUT_MS = 3_000;

/**
 * Exports the spans still buffered and stops tracing; a no-op when it never started. An
 * unreachable collector delays an exit by FLUSH_TIMEOUT_MS at most and never fails it.
 */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  if (sdk === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
  });
  try {
    await Promise.race([sdk.shutdown().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
