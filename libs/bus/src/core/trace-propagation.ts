import type { MsgHdrs } from '@nats-io/transport-node';
import {
  type Attributes,
  type Context,
  context,
  ProxyTracerProvider,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';

/**
 * OpenTelemetry context across the bus: W3C `traceparent`/`tracestate` in the message headers,
 * and a span per handled request or event whose parent is the sender's span.
 *
 * Only the OpenTelemetry API is used here; a process that started no SDK (see @parley/telemetry)
 * has none registered, and then every function below costs one check and allocates nothing: no
 * span, no context, no carrier.
 */

export { SpanKind };

/** The attributes of a span handling a message from `destination` (the namespaced subject). */
const hopAttributes = (system: 'nats' | 'in_process', destination: string): Attributes => ({
  'messaging.system': system,
  'messaging.destination.name': destination,
  'messaging.operation.type': 'process',
});

/**
 * Asked for at each hop, not once at load: the API ships an ES and a CommonJS build, and the SDK
 * registers its provider through the CommonJS one (see libs/telemetry), which this module's ES
 * build finds in the shared global registry – while a tracer taken before the SDK started would
 * stay the ES build's no-op proxy for good. The provider keeps its tracers by name, so this is a
 * map lookup.
 */
const tracer = () => trace.getTracer('@parley/bus');

/** What the API falls back to while no SDK has registered a provider. */
const noopProvider = new ProxyTracerProvider().getDelegate();

/** True once an SDK registered a tracer provider (the API's own proxy then delegates to it). */
function tracing(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== noopProvider;
}

const setter: TextMapSetter<MsgHdrs> = {
  set: (headers, key, value) => headers.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  // MsgHdrs answers '' for a header it does not have.
  get: (headers, key) => headers?.get(key) || undefined,
  keys: (headers) => headers?.keys() ?? [],
};

/** Adds the active span's context to headers about to be sent; nothing without an active span. */
export function injectTraceContext(headers: MsgHdrs): void {
  const active = context.active();
  if (trace.getSpan(active) === undefined) return;
  propagation.inject(active, headers, setter);
}

/** What a span of a handled message records besides its name; built once per subscription, not per message. */
export interface HopSpanOptions<T> {
  attributes?: Attributes;
  /** Marks the span failed for a result that is an error answer rather than a throw. */
  failed?: (result: T) => boolean;
}

const isErrorReply = (frame: { isError: boolean }): boolean => frame.isError;

/** For a responder's span: an error reply (an AppError sent back) marks it failed. */
export const replyHop = (system: 'nats' | 'in_process', destination: string): HopSpanOptions<{ isError: boolean }> => ({
  attributes: hopAttributes(system, destination),
  failed: isErrorReply,
});

const isUnhandled = (outcome: { kind: string }): boolean => outcome.kind !== 'ack';

/** For a consumer's span: an event not acknowledged (redelivered or dropped) marks it failed. */
export const eventHop = (system: 'nats' | 'in_process', destination: string): HopSpanOptions<{ kind: string }> => ({
  attributes: hopAttributes(system, destination),
  failed: isUnhandled,
});

/**
 * Runs `fn` in a span named `spanName` whose parent is the context carried by `headers` (the
 * active context when there are none, as on the in-process bus). Without tracing: just `fn()`.
 */
export function withRemoteContext<T>(
  headers: MsgHdrs | undefined,
  spanName: string,
  kind: SpanKind,
  fn: () => Promise<T>,
  options?: HopSpanOptions<T>,
): Promise<T> {
  if (!tracing()) return fn();
  const parent = headers === undefined ? context.active() : propagation.extract(context.active(), headers, getter);
  return inSpan(parent, spanName, kind, fn, options);
}

/** The context to hand over with a message that is delivered later (in-process events); undefined without tracing. */
export function captureTraceContext(): Context | undefined {
  return tracing() ? context.active() : undefined;
}

/** withRemoteContext for a context captured with captureTraceContext. */
export function withCapturedContext<T>(
  captured: Context | undefined,
  spanName: string,
  kind: SpanKind,
  fn: () => Promise<T>,
  options?: HopSpanOptions<T>,
): Promise<T> {
  if (!tracing()) return fn();
  // Delivered later, from wherever the queue is pumped: no captured context means no parent.
  return inSpan(captured ?? ROOT_CONTEXT, spanName, kind, fn, options);
}

function inSpan<T>(parent: Context, spanName: string, kind: SpanKind, fn: () => Promise<T>, options: HopSpanOptions<T> | undefined): Promise<T> {
  return tracer().startActiveSpan(spanName, { kind, attributes: options?.attributes }, parent, async (span: Span) => {
    try {
      const result = await fn();
      if (options?.failed?.(result)) span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
