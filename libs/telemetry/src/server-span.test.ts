import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { nameServerSpan } from './server-span.js';

describe('nameServerSpan', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('names the active server span by its route, keeps the pattern as its path, and the first route wins', async () => {
    const span = trace.getTracer('test').startSpan('POST', { kind: SpanKind.SERVER, attributes: { 'url.path': '/REDACTED' } });
    await context.with(trace.setSpan(context.active(), span), async () => {
      nameServerSpan('POST', '/mcp');
      // A request the handler injects (an MCP tool calling the API) runs in the same context.
      await Promise.resolve();
      nameServerSpan('GET', '/api/public/history/:token');
    });
    span.end();
    const [finished] = exporter.getFinishedSpans();
    expect(finished?.name).toBe('POST /mcp');
    expect(finished?.attributes).toMatchObject({ 'http.route': '/mcp', 'url.path': '/mcp' });
  });

  it('does nothing outside a span', () => {
    expect(() => nameServerSpan('GET', '/healthz')).not.toThrow();
  });
});
