import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { llmMetrics } from './llm-metrics.js';
import { mailMetrics } from './mail-metrics.js';
import { boundedLabel, createMetricsRegistry, metricOnce } from './metrics.js';

describe('metrics shared by the services of one process', () => {
  it('register a family once, whoever asks for it first', async () => {
    const registry = createMetricsRegistry('platform', { defaultMetrics: false });
    const make = () => metricOnce(registry, { name: 'parley_test_total', help: 'a test family' }, (config) => new Counter(config));
    const first = make();
    expect(make()).toBe(first);
    // Three mailers (gateway, links, sessions) of the one-process mode count into one family.
    const gateway = mailMetrics(registry);
    const links = mailMetrics(registry);
    await gateway.track('verification_code', Promise.resolve());
    await links.track('link', Promise.resolve());
    await expect(links.track('link', Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    const text = await registry.metrics();
    expect(text.match(/# HELP parley_mail_deliveries_total/g)).toHaveLength(1);
    expect(text).toContain('parley_mail_deliveries_total{kind="verification_code",outcome="sent",service="platform"} 1');
    expect(text).toContain('parley_mail_deliveries_total{kind="link",outcome="failed",service="platform"} 1');
  });
});

describe('a label from input that is not ours', () => {
  it('keeps plain names up to the limit, then calls every new one other', () => {
    const label = boundedLabel(2);
    expect(label('gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(label('meta-llama/Llama-3.1-8B@q4')).toBe('meta-llama/Llama-3.1-8B@q4');
    expect(label('claude-3')).toBe('other');
    // Names seen before keep their label.
    expect(label('gpt-4o-mini')).toBe('gpt-4o-mini');
  });

  it('calls anything that is not a plain name other', () => {
    const label = boundedLabel(10);
    for (const odd of ['', 'a model with spaces', 'x'.repeat(65), 'model"} 1\nfake_metric 1']) expect(label(odd)).toBe('other');
  });

  it('bounds the models of the LLM metrics', async () => {
    const registry = createMetricsRegistry('agent-runner', { defaultMetrics: false });
    const llm = llmMetrics(registry);
    for (let n = 0; n < 60; n++) llm.attempt({ purpose: 'reply', model: `tenant-model-${n}`, seconds: 0.1 });
    const models = new Set([...(await registry.metrics()).matchAll(/model="([^"]+)"/g)].map((match) => match[1]));
    expect(models.size).toBe(51);
    expect(models).toContain('other');
  });
});
