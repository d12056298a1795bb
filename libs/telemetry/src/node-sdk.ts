import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';
import type * as ContextAsyncHooksModule from '@opentelemetry/context-async-hooks';
import type * as CoreModule from '@opentelemetry/core';
import type * as OtlpHttpExporterModule from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtlpProtoExporterModule from '@opentelemetry/exporter-trace-otlp-proto';
import type * as InstrumentationModule from '@opentelemetry/instrumentation';
import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';
import type * as IORedisInstrumentationModule from '@opentelemetry/instrumentation-ioredis';
import type * as PgInstrumentationModule from '@opentelemetry/instrumentation-pg';
import type * as UndiciInstrumentationModule from '@opentelemetry/instrumentation-undici';
import type * as ResourcesModule from '@opentelemetry/resources';
import type * as SdkTraceModule from '@opentelemetry/sdk-trace';
import type { Env } from './start-tracing.js';
import { type TraceSettings, traceSettings } from './trace-env.js';
import { clientUrlAttributes, redactedClientUrl, serverUrlAttributes } from './url-privacy.js';

/**
 * The OpenTelemetry SDK, loaded with `require` when tracing starts and never otherwise: these
 * imports are types only, so a process without tracing loads none of it, and a bundle keeps the
 * packages external (resolved from node_modules at run time, like every npm dependency).
 *
 * The pieces are put together here rather than through the all-in-one NodeSDK, whose package
 * brings every exporter (gRPC included) into every install: traces leave over OTLP/HTTP only,
 * http/protobuf by default or http/json (see trace-env.ts).
 *
 * Everything instrumented here is CommonJS (pg, ioredis, node:http) or observed through
 * diagnostics channels (undici), so the instrumentations' require hooks are enough – see
 * preloadForHooks for why they also patch what was loaded before tracing started.
 */
const load = createRequire(import.meta.url);

const isClientRequest = (request: ClientRequest | IncomingMessage): request is ClientRequest => 'setHeader' in request;

/** Probes and scrapes: polled every few seconds, they would bury the traces worth reading. */
const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

export interface RunningSdk {
  shutdown(): Promise<void>;
}

export function startNodeSdk(options: { serviceName: string; env: Env }): RunningSdk {
  // Read first: a variable that cannot be honoured stops the start before anything is patched.
  const settings = traceSettings(options.env);
  const api = load('@opentelemetry/api') as typeof OtelApi;
  const { AsyncLocalStorageContextManager } = load('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooksModule;
  const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = load('@opentelemetry/core') as typeof CoreModule;
  const { registerInstrumentations } = load('@opentelemetry/instrumentation') as typeof InstrumentationModule;
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } = load('@opentelemetry/resources') as typeof ResourcesModule;
  const { BatchSpanProcessor, TracerProvider } = load('@opentelemetry/sdk-trace') as typeof SdkTraceModule;

  // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables itself.
  const exporter =
    settings.protocol === 'http/json'
      ? new (load('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttpExporterModule).OTLPTraceExporter()
      : new (load('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpProtoExporterModule).OTLPTraceExporter();
  const provider = new TracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES add to the defaults; the service's name wins over a service.name among them.
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ 'service.name': options.serviceName })),
    sampler: samplerFor(settings.sampler),
    spanProcessors: [new BatchSpanProcessor({ exporter, ...settings.batch })],
  });

  const contextManager = new AsyncLocalStorageContextManager().enable();
  api.context.setGlobalContextManager(contextManager);
  api.propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  api.trace.setGlobalTracerProvider(provider);
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: instrumentations() });
  preloadForHooks();
  return {
    async shutdown() {
      unregister();
      try {
        await provider.shutdown();
      } finally {
        api.trace.disable();
        api.propagation.disable();
        api.context.disable();
      }
    },
  };
}

function samplerFor({ kind, ratio }: TraceSettings['sampler']): SdkTraceModule.Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = load('@opentelemetry/sdk-trace') as typeof SdkTraceModule;
  switch (kind) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

function instrumentations(): InstrumentationModule.Instrumentation[] {
  const { HttpInstrumentation } = load('@opentelemetry/instrumentation-http') as typeof HttpInstrumentationModule;
  const { UndiciInstrumentation } = load('@opentelemetry/instrumentation-undici') as typeof UndiciInstrumentationModule;
  const { PgInstrumentation } = load('@opentelemetry/instrumentation-pg') as typeof PgInstrumentationModule;
  const { IORedisInstrumentation } = load('@opentelemetry/instrumentation-ioredis') as typeof IORedisInstrumentationModule;
  return [
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
  ];
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
