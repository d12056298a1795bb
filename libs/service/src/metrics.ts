import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per service instance (one-process mode runs several), labelled by service. */
export function createMetricsRegistry(service: string, options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
