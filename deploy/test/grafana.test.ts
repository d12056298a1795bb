import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricNames, registeredAs, registeredNames } from './metric-names.js';
import { repoRoot } from './services.js';

// deploy/grafana/parley.json must keep reading metrics that exist: every name a panel's query
// uses is looked up in the sources that register metrics, so renaming a metric without the
// dashboard (or the other way round) fails here rather than on an empty panel.

interface Target {
  expr?: string;
  refId?: string;
}
interface Panel {
  id?: number;
  type: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  panels?: Panel[];
  datasource?: { type?: string; uid?: string };
}
interface Dashboard {
  uid?: string;
  title?: string;
  schemaVersion?: number;
  panels: Panel[];
  templating?: { list: Array<{ name: string; type: string; query?: string | { query?: string }; definition?: string }> };
}

const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'grafana', 'parley.json'), 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const queryPanels = panels.filter((panel) => panel.type !== 'row');

const expressions = [
  ...queryPanels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr ?? '' }))),
  ...(dashboard.templating?.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({ where: `variable ${variable.name}`, expr: typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '') })),
];

describe('deploy/grafana/parley.json', () => {
  it('is a dashboard: uid, title, schema version, panels with unique ids and a place on the grid', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThan(30);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos, `${panel.title} gridPos`).toBeDefined();
      expect((panel.gridPos?.x ?? 0) + (panel.gridPos?.w ?? 0), `${panel.title} fits the 24 columns`).toBeLessThanOrEqual(24);
    }
  });

  it('queries Prometheus through the datasource variable in every panel', () => {
    expect(dashboard.templating?.list.some((variable) => variable.name === 'datasource' && variable.type === 'datasource')).toBe(true);
    for (const panel of queryPanels) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable syntax
      expect(panel.datasource?.uid, `${panel.title} datasource`).toBe('${datasource}');
      expect(panel.targets?.length, `${panel.title} has a query`).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.expr, `${panel.title} ${target.refId}`).toBeTruthy();
    }
  });

  it('reads only metrics the code registers', () => {
    const registered = registeredNames();
    const unknown = expressions.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((series) => registeredAs(series, registered) === undefined)
        .map((series) => `${where}: ${series}`),
    );
    expect(unknown, 'metrics no source under services/, libs/ or platform/ registers').toEqual([]);
  });

  it('shows turns, latency, the turn queue, runner utilisation, live connections and rate-limit refusals', () => {
    const read = new Set(expressions.flatMap(({ expr }) => metricNames(expr)).map((series) => series.replace(/_(bucket|sum|count)$/, '')));
    for (const name of [
      'parley_runner_turns_total',
      'parley_runner_turn_duration_seconds',
      'parley_http_request_duration_seconds',
      'parley_turn_queue_depth',
      'parley_turn_queue_oldest_seconds',
      'parley_turn_queue_wait_seconds',
      'parley_runner_in_flight',
      'parley_runner_capacity',
      'parley_live_connections',
      'parley_rate_limit_refusals_total',
    ]) {
      expect(read.has(name), `a panel reads ${name}`).toBe(true);
    }
  });

  it('shows LLM calls, webhook and mail deliveries, the database pool and the NATS connection', () => {
    const read = new Set(expressions.flatMap(({ expr }) => metricNames(expr)).map((series) => series.replace(/_(bucket|sum|count)$/, '')));
    for (const name of [
      'parley_llm_request_duration_seconds',
      'parley_llm_tokens_total',
      'parley_llm_errors_total',
      'parley_webhook_attempts_total',
      'parley_webhook_attempt_duration_seconds',
      'parley_mail_deliveries_total',
      'parley_db_pool_total_clients',
      'parley_db_pool_idle_clients',
      'parley_db_pool_waiting_clients',
      'parley_db_pool_max_clients',
      'parley_nats_connected',
      'parley_nats_reconnects_total',
      'parley_nats_bytes_total',
    ]) {
      expect(read.has(name), `a panel reads ${name}`).toBe(true);
    }
  });

  it('places no panel over another', () => {
    const cells = new Map<string, string>();
    for (const panel of panels) {
      const { x = 0, y = 0, w = 0, h = 0 } = panel.gridPos ?? {};
      for (let row = y; row < y + h; row++) {
        for (let column = x; column < x + w; column++) {
          const taken = cells.get(`${row},${column}`);
          expect(taken, `${panel.title} overlaps ${taken}`).toBeUndefined();
          cells.set(`${row},${column}`, panel.title ?? String(panel.id));
        }
      }
    }
  });

  it('finds the metric names in PromQL (functions, labels, ranges and grouping aside)', () => {
    expect(
      metricNames('histogram_quantile(0.95, sum by (le, route) (rate(parley_x_seconds_bucket{namespace=~"$ns", route!="a b"}[$__rate_interval])))'),
    ).toEqual(['parley_x_seconds_bucket']);
    expect(metricNames('sum(parley_a{job="x"}) / sum(parley_b) and on (pod) parley_c offset 5m')).toEqual(['parley_a', 'parley_b', 'parley_c']);
    expect(metricNames('label_values(parley_d_count, namespace)')).toEqual(['parley_d_count']);
  });
});
