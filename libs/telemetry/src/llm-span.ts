import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** An LLM call's attempt as @parley/llm reports it when it ends (its LlmAttempt). */
export interface LlmSpanRecord {
  model: string;
  /** When it started, in milliseconds since the epoch. */
  startedAt: number;
  seconds: number;
  error?: string | undefined;
  usage?: { input: number; output: number } | undefined;
  responseModel?: string | undefined;
}

const tracer = () => trace.getTracer('@parley/llm');

/**
 * A span for one attempt at an LLM call, after the fact (docs/architecture.md): named and
 * described by OpenTelemetry's GenAI semantic conventions – `chat {model}`, a client span with
 * gen_ai.operation.name, gen_ai.request.model, the tokens the server counted and the model that
 * answered when it said. A child of the span active where the call was made (the turn's). Nothing
 * without a tracer provider: the API's no-op tracer drops it.
 */
export function recordLlmSpan(record: LlmSpanRecord): void {
  const span = tracer().startSpan(`chat ${record.model}`, {
    kind: SpanKind.CLIENT,
    startTime: record.startedAt,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': record.model,
      ...(record.responseModel ? { 'gen_ai.response.model': record.responseModel } : {}),
      ...(record.usage ? { 'gen_ai.usage.input_tokens': record.usage.input, 'gen_ai.usage.output_tokens': record.usage.output } : {}),
    },
  });
  if (record.error !== undefined) {
    span.setAttribute('error.type', record.error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(record.startedAt + record.seconds * 1000);
}
