import { Server } from 'node:http';
import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startTracing, stopTracing, tracingWanted } from './start-tracing.js';

const loadedModules = () => Object.keys(createRequire(import.meta.url).cache);

describe('tracing start-up', () => {
  it('is wanted only with an OTLP endpoint, and not when the SDK is disabled', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracingWanted({ OTEL_SERVICE_NAME: 'parley-gateway' })).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('without OTEL_EXPORTER_OTLP_ENDPOINT starts nothing and loads nothing of the SDK', async () => {
    expect(startTracing({ serviceName: 'parley-test', env: {} })).toBe(false);

    expect(loadedModules().filter((path) => path.includes('@opentelemetry/sdk-') || path.includes('@opentelemetry/instrumentation'))).toEqual([]);
    // No provider registered: the API hands out non-recording spans.
    const span = trace.getTracer('test').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
    // Nothing patched the http server.
    expect((Server.prototype.emit as { __wrapped?: boolean }).__wrapped).toBeUndefined();
    await expect(stopTracing()).resolves.toBeUndefined();
  });
});
