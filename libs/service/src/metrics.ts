import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per service instance (one-process mode runs several), labelled by service. */
export function createMetricsRegistry(service: string, options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The metric `config.name` of `registry`, made by `make` unless the registry has it already: in
 * the one-process mode every service shares one registry, and several may count into the same
 * family (the gateway's, the links' and the sessions' mails), which prom-client registers once.
 */
export function metricOnce<C extends { name: string }, M>(registry: Registry, config: C, make: (config: C & { registers: Registry[] }) => M): M {
  return (registry.getSingleMetric(config.name) as M | undefined) ?? make({ ...config, registers: [registry] });
}

/**
 * A label value from input that is not ours (a model name an agent config chose): kept while it
 * is a plain name and fewer than `max` have been seen, else `other`, so no caller can make the
 * series – and the scrape – grow without bound.
 */
export function boundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max || !/^[\w.:/@-]{1,64}$/.test(value)) return 'other';
    seen.add(value);
    return value;
  };
}
