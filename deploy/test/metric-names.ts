import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './services.js';

// What the dashboard and the alert rules read is checked against what the code registers: the
// metric names of a PromQL expression, and every `parley_…` name given to a metric in the sources.

/** PromQL words that are neither metrics nor functions (functions are told by their parenthesis). */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression reads. */
export function metricNames(expr: string): string[] {
  const bare = expr
    // Grafana's label_values(metric, label): the second argument is a label.
    .replace(/\blabel_values\(([^,()]+),\s*\w+\)/g, '($1)')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  return [...bare.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(\s*\()?/g)].flatMap((match) =>
    match[2] !== undefined || KEYWORDS.has(match[1] ?? '') ? [] : [match[1] ?? ''],
  );
}

/** Every `parley_…` name the code gives a metric: string literals in the sources of services, libs and platform (tests aside). */
export function registeredNames(): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') visit(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/name:\s*['"`](parley_\w+)['"`]/g)) names.add(match[1] ?? '');
      }
    }
  };
  for (const group of ['services', 'libs']) {
    for (const entry of readdirSync(join(repoRoot, group), { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(repoRoot, group, entry.name, 'src'));
    }
  }
  visit(join(repoRoot, 'platform', 'src'));
  return names;
}

/** A histogram's series (`_bucket`, `_sum`, `_count`) belong to the name it was registered with. */
export function registeredAs(series: string, registered: Set<string>): string | undefined {
  if (registered.has(series)) return series;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  return registered.has(base) ? base : undefined;
}
