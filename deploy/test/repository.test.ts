import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What a team checks before adopting the project: the licence it is under, how to report a
// vulnerability, what changed between versions, and how its dependencies are kept up to date.

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(root(path), 'utf8');

interface PackageJson {
  name: string;
  version: string;
  license?: string;
  workspaces?: string[];
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const rootPackage = JSON.parse(read('package.json')) as PackageJson;

/** Every workspace's package.json path, from the root's `workspaces` (a folder, or `folder/*`). */
function workspacePackages(): string[] {
  return (rootPackage.workspaces ?? []).flatMap((pattern) => {
    const folders = pattern.endsWith('/*')
      ? readdirSync(root(pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern];
    return folders.map((folder) => `${folder}/package.json`).filter((path) => existsSync(root(path)));
  });
}

/** A markdown file's headings of one level, in order. */
const headings = (text: string, level: number) => [...text.matchAll(new RegExp(`^${'#'.repeat(level)} (.+)$`, 'gm'))].map((match) => match[1]?.trim());

// SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt, the text as the ASF publishes it.
const APACHE_2_0_SHA256 = 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30';

describe('LICENSE', () => {
  it('is the Apache License 2.0, byte for byte as the ASF publishes it, and package.json says so', () => {
    const text = read('LICENSE');
    expect(text).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(createHash('sha256').update(text).digest('hex')).toBe(APACHE_2_0_SHA256);
    expect(rootPackage.license).toBe('Apache-2.0');
  });

  it('every workspace package declares the same licence', () => {
    const packages = workspacePackages();
    expect(packages.length).toBeGreaterThan(10);
    const licences = Object.fromEntries(packages.map((path) => [path, (JSON.parse(read(path)) as PackageJson).license]));
    expect(licences).toEqual(Object.fromEntries(packages.map((path) => [path, 'Apache-2.0'])));
  });
});

describe('SECURITY.md', () => {
  const text = read('SECURITY.md');

  it('says how to report privately, what is in scope, which versions get fixes and how fast', () => {
    expect(headings(text, 2)).toEqual(['Reporting a vulnerability', 'Scope', 'Supported versions', 'What we commit to']);
    expect(text).toContain('private vulnerability reporting');
    expect(text).toContain('**Report a vulnerability**');
    expect(text).toMatch(/latest minor release line/);
    expect(text).toMatch(/Acknowledge the report \| \d+ working days/);
  });

  it('sends nobody to an address that does not exist', () => {
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(text).not.toMatch(/example\.(com|org)|TODO|<your|\[email/i);
  });
});

describe('CHANGELOG.md', () => {
  const text = read('CHANGELOG.md');
  const versions = headings(text, 2);

  it('follows Keep a Changelog: Unreleased first, then released versions newest first with their dates', () => {
    expect(text).toContain('[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)');
    expect(versions[0]).toBe('[Unreleased]');
    const released = versions.slice(1);
    expect(released.length).toBeGreaterThan(0);
    for (const heading of released) expect(heading).toMatch(/^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/);
    const dates = released.map((heading) => heading?.slice(-10) ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('has a section for the version package.json carries', () => {
    expect(versions.some((heading) => heading?.startsWith(`[${rootPackage.version}] - `))).toBe(true);
  });

  it('groups every section’s entries under the kinds of change Keep a Changelog names', () => {
    const kinds = new Set(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']);
    const found = headings(text, 3);
    expect(found.length).toBeGreaterThan(0);
    for (const kind of found) expect(kinds).toContain(kind);
  });
});

describe('renovate.json', () => {
  interface Rule {
    groupName?: string;
    matchPackageNames?: string[];
    allowedVersions?: string;
  }
  const config = JSON.parse(read('renovate.json')) as {
    extends?: string[];
    automerge?: boolean;
    dependencyDashboard?: boolean;
    lockFileMaintenance?: { enabled?: boolean; schedule?: string[] };
    packageRules?: Rule[];
  };
  const rules = config.packageRules ?? [];
  /** Renovate's package name patterns as used here: `scope/**` (everything under it) or an exact name. */
  const matches = (pattern: string, name: string) => (pattern.endsWith('/**') ? name.startsWith(pattern.slice(0, -2)) : name === pattern);
  const group = (groupName: string) => rules.find((rule) => rule.groupName === groupName);
  const dependencies = [
    ...new Set(
      ['package.json', ...workspacePackages()].flatMap((path) => {
        const pkg = JSON.parse(read(path)) as PackageJson;
        return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
      }),
    ),
  ];

  it('keeps a person in the loop: a dependency dashboard, no automerge, the lock file refreshed weekly', () => {
    expect(config.extends).toContain('config:recommended');
    expect(config.dependencyDashboard).toBe(true);
    expect(config.automerge).toBe(false);
    expect(rules.every((rule) => !('automerge' in rule))).toBe(true);
    expect(config.lockFileMaintenance).toEqual({ enabled: true, schedule: ['before 6am on monday'] });
  });

  it.each([
    ['OpenTelemetry', (name: string) => name.startsWith('@opentelemetry/')],
    ['vitest and vite', (name: string) => /^(vitest|vite|@vitest\/.+|@vitejs\/.+)$/.test(name)],
    ['fastify plugins', (name: string) => name === 'fastify' || name.startsWith('@fastify/') || name.startsWith('fastify-')],
  ])('groups %s: every such dependency of the project is in the group', (groupName, belongs) => {
    const rule = group(groupName);
    expect(rule?.matchPackageNames?.length).toBeGreaterThan(0);
    const members = dependencies.filter(belongs);
    expect(members.length).toBeGreaterThan(0);
    expect(members.filter((name) => !rule?.matchPackageNames?.some((pattern) => matches(pattern, name)))).toEqual([]);
  });

  it('keeps Node.js (engines, the Docker base image, @types/node) on even, LTS majors', () => {
    const rule = rules.find((candidate) => candidate.matchPackageNames?.includes('node'));
    expect(rule?.matchPackageNames).toContain('@types/node');
    const source = /^\/(.+)\/$/.exec(rule?.allowedVersions ?? '')?.[1];
    if (!source) throw new Error('allowedVersions is not a /regex/');
    const allowed = new RegExp(source);
    for (const version of ['22', '24', '24.11.1', 'v24.11.1', '24-bookworm-slim', '26.0.0']) expect(allowed.test(version), version).toBe(true);
    for (const version of ['23', '25.0.0', 'v25.1.0', '25-bookworm-slim', '27']) expect(allowed.test(version), version).toBe(false);
    // What the repository uses today passes the same rule.
    const base = /^FROM node:(\S+)/m.exec(read('Dockerfile'))?.[1];
    expect(base && allowed.test(base), `Dockerfile FROM node:${base}`).toBe(true);
    const engine = /\d+/.exec(rootPackage.engines?.node ?? '')?.[0];
    expect(engine && allowed.test(engine), `engines.node ${rootPackage.engines?.node}`).toBe(true);
  });
});
