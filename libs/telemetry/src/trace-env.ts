import type { Env } from './start-tracing.js';

/**
 * The standard OTEL_* variables that tracing honours beyond the exporter's own (endpoint, headers,
 * timeout, which the OTLP exporter reads itself): the protocol, the sampler and the batch
 * processor's timing. Read here because the SDK's packages no longer read them themselves.
 */
export interface TraceSettings {
  protocol: 'http/protobuf' | 'http/json';
  sampler: { kind: SamplerKind; ratio: number };
  batch: { scheduledDelayMillis?: number; maxQueueSize?: number; maxExportBatchSize?: number; exportTimeoutMillis?: number };
}

export type SamplerKind = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

const samplerKinds: readonly SamplerKind[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/** A variable that is set but says nothing Parley can act on: the process does not start. */
export class TraceSettingsError extends Error {
  override name = 'TraceSettingsError';
}

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

function protocolOf(env: Env): TraceSettings['protocol'] {
  const name = value(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = value(env, name) ?? 'http/protobuf';
  if (protocol === 'http/protobuf' || protocol === 'http/json') return protocol;
  if (protocol === 'grpc') {
    throw new TraceSettingsError(
      `${name}=grpc is not supported: traces are exported over OTLP/HTTP only – set http/protobuf (the default) or http/json, and point the endpoint at the collector's HTTP port (4318)`,
    );
  }
  throw new TraceSettingsError(`${name} must be http/protobuf or http/json, got "${protocol}"`);
}

function samplerOf(env: Env): TraceSettings['sampler'] {
  const kind = (value(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on') as SamplerKind;
  if (!samplerKinds.includes(kind)) {
    throw new TraceSettingsError(`OTEL_TRACES_SAMPLER must be one of ${samplerKinds.join(', ')}, got "${kind}"`);
  }
  const arg = value(env, 'OTEL_TRACES_SAMPLER_ARG');
  let ratio = 1;
  if (arg !== undefined && kind.endsWith('traceidratio')) {
    ratio = Number(arg);
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      throw new TraceSettingsError(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${arg}"`);
    }
  }
  return { kind, ratio };
}

function millisOrCount(env: Env, name: string): number | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new TraceSettingsError(`${name} must be a whole number of at least 1, got "${raw}"`);
  }
  return parsed;
}

export function traceSettings(env: Env): TraceSettings {
  const batch: TraceSettings['batch'] = {};
  const scheduledDelayMillis = millisOrCount(env, 'OTEL_BSP_SCHEDULE_DELAY');
  const maxQueueSize = millisOrCount(env, 'OTEL_BSP_MAX_QUEUE_SIZE');
  const maxExportBatchSize = millisOrCount(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE');
  const exportTimeoutMillis = millisOrCount(env, 'OTEL_BSP_EXPORT_TIMEOUT');
  if (scheduledDelayMillis !== undefined) batch.scheduledDelayMillis = scheduledDelayMillis;
  if (maxQueueSize !== undefined) batch.maxQueueSize = maxQueueSize;
  if (maxExportBatchSize !== undefined) batch.maxExportBatchSize = maxExportBatchSize;
  if (exportTimeoutMillis !== undefined) batch.exportTimeoutMillis = exportTimeoutMillis;
  return { protocol: protocolOf(env), sampler: samplerOf(env), batch };
}
