import { describe, expect, it } from 'vitest';
import { TraceSettingsError, traceSettings } from './trace-env.js';

describe('traceSettings', () => {
  it('defaults to OTLP/HTTP with protobuf, parent-based always-on sampling and the batch defaults', () => {
    expect(traceSettings({})).toEqual({ protocol: 'http/protobuf', sampler: { kind: 'parentbased_always_on', ratio: 1 }, batch: {} });
  });

  it('takes http/json, the traces-only protocol over the general one, a ratio sampler and batch timing', () => {
    expect(
      traceSettings({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64',
      }),
    ).toEqual({
      protocol: 'http/json',
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.25 },
      batch: { scheduledDelayMillis: 100, maxExportBatchSize: 64 },
    });
  });

  it('refuses gRPC with a message that says what to set instead', () => {
    expect(() => traceSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(TraceSettingsError);
    expect(() => traceSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTLP\/HTTP only.*http\/protobuf.*4318/);
  });

  it('refuses values it cannot honour, naming the variable', () => {
    expect(() => traceSettings({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'udp' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be/);
    expect(() => traceSettings({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER must be one of/);
    expect(() => traceSettings({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(/ratio from 0 to 1/);
    expect(() => traceSettings({ OTEL_BSP_SCHEDULE_DELAY: '-5' })).toThrow(/OTEL_BSP_SCHEDULE_DELAY must be a whole number/);
  });
});
