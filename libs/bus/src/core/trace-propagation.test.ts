import { randomBytes } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInProcessBus } from '../in-process/bus.js';
import { createNatsBus } from '../nats/bus.js';
import { deleteNamespaceStreams } from '../nats/events.js';
import type { Bus } from '../types.js';
import { captureTraceContext, injectTraceContext, withRemoteContext } from './trace-propagation.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'bus-trace-test', level: 'silent' });

const catalog = {
  rpc: {
    ask: { subject: 'trace.ask', request: z.object({ text: z.string() }), response: z.object({ text: z.string() }), timeoutMs: 5_000, queue: 'trace' },
    // As runner.turn: stored in a work queue, taken by a responder with room.
    queued: {
      subject: 'trace.queued',
      request: z.object({ text: z.string() }),
      response: z.object({ text: z.string() }),
      timeoutMs: 5_000,
      queue: 'trace-workers',
      workQueue: { maxDeliver: 2 },
    },
  },
  events: {
    told: { subject: 'events.trace.told', payload: z.object({ text: z.string() }), retry: { maxDeliver: 2, backoffMs: [20] } },
  },
};

// Runs first, while no SDK is registered: this file's process has none until the describe below.
describe('trace propagation without an SDK', () => {
  it('adds no header, captures nothing and runs the handler as it is', async () => {
    const headers = natsHeaders();
    trace.getTracer('test').startActiveSpan('outer', (span) => {
      injectTraceContext(headers);
      span.end();
    });
    expect(headers.keys()).toEqual([]);
    expect(captureTraceContext()).toBeUndefined();
    const seen = await withRemoteContext(headers, 'trace.ask', SpanKind.SERVER, async () => trace.getSpan(context.active()));
    expect(seen).toBeUndefined();
  });
});

describe('trace propagation with an SDK', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  beforeAll(() => {
    // The global tracer provider, the AsyncLocalStorage context manager and W3C propagation, as a traced service has them.
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const adapters: Array<{ name: string; system: string; make: () => Promise<{ bus: Bus<typeof catalog>; cleanup: () => Promise<void> }> }> = [
    {
      name: 'in-process',
      system: 'in_process',
      make: async () => {
        const bus = createInProcessBus({ catalog, logger });
        return { bus, cleanup: () => bus.drain() };
      },
    },
    {
      name: 'nats',
      system: 'nats',
      make: async () => {
        const namespace = `t_${randomBytes(6).toString('hex')}`;
        const bus = await createNatsBus({ catalog, servers, namespace, logger, name: 'bus-trace-test' });
        return {
          bus,
          cleanup: async () => {
            await bus.drain();
            await deleteNamespaceStreams(servers, namespace);
          },
        };
      },
    },
  ];

  for (const adapter of adapters) {
    it(`${adapter.name}: a request, the queued request and the event it makes are handled in child spans of the caller's trace`, async () => {
      exporter.reset();
      const { bus, cleanup } = await adapter.make();
      try {
        let delivered!: () => void;
        const consumed = new Promise<void>((resolve) => {
          delivered = resolve;
        });
        bus.serve('ask', async ({ text }) => {
          await bus.publish('told', { text });
          return { text: (await bus.request('queued', { text })).text.toUpperCase() };
        });
        bus.serve('queued', async ({ text }) => ({ text: `${text}!` }));
        bus.consume('told', 'trace-test', async () => delivered());

        const tracer = provider.getTracer('test');
        const reply = await tracer.startActiveSpan('caller', { kind: SpanKind.CLIENT }, async (span) => {
          try {
            return await bus.request('ask', { text: 'hello' });
          } finally {
            span.end();
          }
        });
        expect(reply).toEqual({ text: 'HELLO!' });
        await consumed;
        // The consumer's span ends right after its handler returns.
        await expect.poll(() => exporter.getFinishedSpans().length).toBeGreaterThanOrEqual(4);

        const spans = exporter.getFinishedSpans();
        const named = (name: string) => spans.find((span) => span.name === name) as ReadableSpan;
        const caller = named('caller');
        const server = named('trace.ask');
        const consumer = named('events.trace.told');
        const queued = named('trace.queued');
        expect(server.kind).toBe(SpanKind.SERVER);
        expect(queued.kind).toBe(SpanKind.SERVER);
        expect(consumer.kind).toBe(SpanKind.CONSUMER);
        const traceId = caller.spanContext().traceId;
        expect(server.spanContext().traceId).toBe(traceId);
        expect(consumer.spanContext().traceId).toBe(traceId);
        expect(server.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
        expect(consumer.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
        expect(queued.spanContext().traceId).toBe(traceId);
        expect(queued.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
        expect(server.attributes).toMatchObject({ 'messaging.system': adapter.system, 'messaging.destination.name': `${bus.namespace}.trace.ask` });
      } finally {
        await cleanup();
      }
    });
  }

  it('extracts the parent from W3C headers, and starts a new trace without them', async () => {
    exporter.reset();
    const headers = natsHeaders();
    const tracer = provider.getTracer('test');
    const outer = tracer.startSpan('outer');
    context.with(trace.setSpan(context.active(), outer), () => injectTraceContext(headers));
    outer.end();
    expect(headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    await withRemoteContext(headers, 'with-parent', SpanKind.SERVER, async () => undefined);
    await withRemoteContext(natsHeaders(), 'without-parent', SpanKind.SERVER, async () => undefined);
    const spans = exporter.getFinishedSpans();
    const withParent = spans.find((span) => span.name === 'with-parent') as ReadableSpan;
    const withoutParent = spans.find((span) => span.name === 'without-parent') as ReadableSpan;
    expect(withParent.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(withParent.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(withoutParent.parentSpanContext).toBeUndefined();
    expect(withoutParent.spanContext().traceId).not.toBe(outer.spanContext().traceId);
  });

  it('marks a span failed when its handler throws', async () => {
    exporter.reset();
    await expect(
      withRemoteContext(undefined, 'failing', SpanKind.CONSUMER, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });
});
