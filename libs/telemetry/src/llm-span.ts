import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** How an attempt at an LLM call ended, as @parley/llm reports it. */
export interface LlmSpanOutcome {
  /** The kind of failure; undefined: the model answered. */
  error?: string | undefined;
  usage?: { input: number; output: number } | undefined;
  responseModel?: string | undefined;
}

/** One attempt's span, started when the attempt starts. */
export interface LlmSpan {
  /** Runs `fn` with the span active: the HTTP request it makes is the span's child. */
  within<T>(fn: () => T): T;
  /** Ends the span with the attempt's outcome; only the first call counts. */
  end(outcome: LlmSpanOutcome): void;
}

const tracer = () => trace.getTracer('@parley/llm');

/**
 * A span for one attempt at an LLM call (docs/architecture.md "The services"), named and described by
 * OpenTelemetry's GenAI semantic conventions: `chat {model}`, a client span with
 * gen_ai.operation.name and gen_ai.request.model from its start (a sampler sees them), and at its
 * end the tokens the server counted, the model that answered when it said, or error.type. A child
 * of the span active where the call was made (the turn's), and the parent of the HTTP client span
 * of the request made `within` it. Nothing without a tracer provider: the API's no-op tracer
 * drops it.
 */
export function startLlmSpan(model: string): LlmSpan {
  const span = tracer().startSpan(`chat ${model}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': model },
  });
  const active = trace.setSpan(context.active(), span);
  let ended = false;
  return {
    within: (fn) => context.with(active, fn),
    end(outcome) {
      if (ended) return;
      ended = true;
      if (outcome.responseModel) span.setAttribute('gen_ai.response.model', outcome.responseModel);
      if (outcome.usage) {
        span.setAttributes({ 'gen_ai.usage.input_tokens': outcome.usage.input, 'gen_ai.usage.output_tokens': outcome.usage.output });
      }
      if (outcome.error !== undefined) {
        span.setAttribute('error.type', outcome.error);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}
