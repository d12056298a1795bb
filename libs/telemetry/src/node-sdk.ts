import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';
import type * as IORedisInstrumentationModule from '@opentelemetry/instrumentation-ioredis';
import type * as PgInstrumentationModule from '@opentelemetry/instrumentation-pg';
import type * as UndiciInstrumentationModule from '@opentelemetry/instrumentation-undici';
import type * as SdkNodeModule from '@opentelemetry/sdk-node';
import type { Env } from './start-tracing.js';
import { clientUrlAttributes, redactedClientUrl, serverUrlAttributes } from './url-privacy.js';

/**
 * The OpenTelemetry SDK, loaded with `require` when tracing starts and never otherwise: these
 * imports are types only, so a process without tracing loads none of it, and a bundle keeps the
 * packages external (resolved from node_modules at run time, like every npm dependency).
 *
 * Everything instrumented here is CommonJS (pg, ioredis, node:http) or observed through
 * diagnostics channels (undici), so the SDK's require hooks are enough – see preloadForHooks for
 * why they also patch what was loaded before tracing started.
 */
const load = createRequire(import.meta.url);

const isClientRequest = (request: ClientRequest | IncomingMessage): request is ClientRequest => 'setHeader' in request;

/** Probes and scrapes: polled every few seconds, they would bury the traces worth reading. */
const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

export interface RunningSdk {
  shutdown(): Promise<void>;
}

export function startNodeSdk(options: { serviceName: string; env: Env }): RunningSdk {
  const { NodeSDK } = load('@opentelemetry/sdk-node') as typeof SdkNodeModule;
  const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof HttpInstrumentationModule;
  const { UndiciInstrumentation } = load('@opentelemetry/instrumentation-undici') as typeof UndiciInstrumentationModule;
  const { PgInstrumentation } = load('@opentelemetry/instrumentation-pg') as typeof PgInstrumentationModule;
  const { IORedisInstrumentation } = load('@opentelemetry/instrumentation-ioredis') as typeof IORedisInstrumentationModule;
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    instrumentations: [
      // No credential in a URL reaches a span (see url-privacy.ts).
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => probePaths.has((request.url ?? '').split('?')[0] ?? ''),
        startIncomingSpanHook: (request: IncomingMessage) => serverUrlAttributes(request.url),
        requestHook: (span, request) => {
          // Outgoing (webhooks, Slack, Teams): the URL the instrumentation computed, cut to its origin.
          if (!isClientRequest(request)) return;
          const full = (span as unknown as { attributes?: Record<string, unknown> }).attributes?.['url.full'];
          if (typeof full === 'string') span.setAttribute('url.full', redactedClientUrl(full));
        },
      }),
      // The LLM calls go through undici (fetch, or its dispatcher API), observed through its diagnostics channels.
      new UndiciInstrumentation({ startSpanHook: (request) => clientUrlAttributes(`${request.origin}${request.path}`) }),
      // Queries and commands are traced as part of a request or a turn, not on their own (pool
      // upkeep, the live-event subscriber's blocking reads, timers). Statements are recorded with
      // their placeholders, never their parameters.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      // The command name only: arguments carry keys and values (nonces, live events).
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
    // Traces only by default: the services' metrics are Prometheus's (/metrics) and their logs
    // pino's. OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER still turn the SDK's own on.
    ...(options.env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(options.env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  preloadForHooks();
  return sdk;
}

/**
 * The require hooks patch a module when it is required. The services import these from ES
 * modules, which load CommonJS without going through `require` (and a bundle imports them before
 * any of its own code runs), so each is required once here, hooked: that patches the very objects
 * – Server.prototype, pg's Client, ioredis's Redis – that the services' imports hold.
 */
const hooked = ['node:http', 'node:https', 'pg', 'pg-pool', 'ioredis'];

function preloadForHooks(): void {
  for (const name of hooked) {
    try {
      load(name);
    } catch {
      // Not installed where this service runs: nothing of it to trace.
    }
  }
}
