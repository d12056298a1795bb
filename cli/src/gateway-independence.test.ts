import { globSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CLI talks to the gateway over HTTP only, with the types of the committed OpenAPI document
// (@parley/client) and the contracts (docs/api.md, "OpenAPI document and reference page"): it is
// installed and run without the server, so neither it nor a package it depends on may bring the
// gateway in.

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = resolve(root, 'cli');
const gatewayDir = resolve(root, 'services/gateway');
const GATEWAY = '@parley/gateway';

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as Manifest;
const dependenciesOf = (manifest: Manifest): string[] =>
  Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });

/** The workspace packages by name, as npm links them (the root package.json's workspaces). */
function workspacePackages(): Map<string, Manifest> {
  const dirs = (manifestOf(root).workspaces ?? []).flatMap((pattern) =>
    globSync(`${pattern}/package.json`, { cwd: root }).map((file) => resolve(root, dirname(file))),
  );
  return new Map(dirs.map((dir) => [manifestOf(dir).name, manifestOf(dir)]));
}

/** Each chain of workspace packages from `start` that ends at the gateway ("@parley/chat-cli → @parley/x → @parley/gateway"). */
function chainsToGateway(start: Manifest, packages: Map<string, Manifest>): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const walk = (manifest: Manifest, path: string[]) => {
    for (const name of dependenciesOf(manifest)) {
      if (name === GATEWAY) chains.push([...path, name].join(' → '));
      const next = packages.get(name);
      if (next && !seen.has(name)) {
        seen.add(name);
        walk(next, [...path, name]);
      }
    }
  };
  walk(start, [start.name]);
  return chains;
}

/**
 * Every module specifier of a source: what follows `from` or `import` (static, side-effect,
 * dynamic and type imports, re-exports), quoted. A lookalike in a comment or a string counts too:
 * a guard that errs towards a false alarm.
 */
const SPECIFIER = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

/** The module specifiers of a source that reach the gateway: its package, or a relative path into services/gateway. */
function gatewayImports(file: string, text: string): string[] {
  return [...text.matchAll(SPECIFIER)]
    .map((match) => match[1] ?? '')
    .filter((specifier) => {
      if (specifier === GATEWAY || specifier.startsWith(`${GATEWAY}/`)) return true;
      if (!specifier.startsWith('.')) return false;
      const target = resolve(dirname(file), specifier);
      return target === gatewayDir || target.startsWith(`${gatewayDir}${sep}`);
    });
}

describe('the CLI never imports the gateway', () => {
  it('depends on no package that is or brings in @parley/gateway', () => {
    expect(chainsToGateway(manifestOf(cli), workspacePackages())).toEqual([]);
  });

  it('imports nothing of the gateway in its sources and launchers', () => {
    // This file names the gateway in its own examples below, as text.
    const files = globSync(['src/**/*.{ts,tsx,mts,js,mjs}', 'bin/**/*.{ts,mts,js,mjs}'], { cwd: cli })
      .map((file) => resolve(cli, file))
      .filter((file) => file !== fileURLToPath(import.meta.url));
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => gatewayImports(file, readFileSync(file, 'utf8')).map((specifier) => `${relative(root, file)}: ${specifier}`));
    expect(found).toEqual([]);
  });

  it('would see an import of the gateway, by its package or by a path into it', () => {
    const file = resolve(cli, 'src/main.ts');
    const text = [
      "import { buildApp } from '@parley/gateway';",
      "import type { GatewayConfig } from '../../services/gateway/src/config.js';",
      "const routes = await import('../../services/gateway/src/routes/index.js');",
      "export * from '@parley/gateway/testing';",
      "import { parseOptions } from './options.js';",
      "import { z } from 'zod';",
      "import '../../services/gateway-tools/src/index.js';",
    ].join('\n');
    expect(gatewayImports(file, text)).toEqual([
      '@parley/gateway',
      '../../services/gateway/src/config.js',
      '../../services/gateway/src/routes/index.js',
      '@parley/gateway/testing',
    ]);
  });

  it('would see a package that brings the gateway in', () => {
    const packages = new Map<string, Manifest>([
      ['@parley/tools', { name: '@parley/tools', dependencies: { '@parley/gateway': '*' } }],
      ['@parley/gateway', { name: '@parley/gateway' }],
    ]);
    expect(chainsToGateway({ name: '@parley/chat-cli', dependencies: { '@parley/tools': '*' } }, packages)).toEqual([
      '@parley/chat-cli → @parley/tools → @parley/gateway',
    ]);
  });
});
