import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { API } from 'typescript/unstable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every workspace package that declares what it offers (`exports`, `main`, `types`) is imported by
// its package name here, the way a consumer's bundler, Node and TypeScript resolve it – not by a
// path into its folder, as the packages' own tests import their sources. The consumer is a folder
// outside the repository whose node_modules is the repository's (the workspace's links to the
// packages), so nothing resolves relative to a package's own folder by accident.
//
// All the libraries and services are imported by their names: the services by the platform, which
// runs them in one process, and by the tests; the platform and the CLI offer their entry points
// too. web declares nothing to import: it is built into the static assets the gateway serves.

const repoRoot = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));
const execFileAsync = promisify(execFile);

/**
 * What a browser app bundles whole, its own dependencies included: the widget components, the
 * client, and the parts of the contracts the pages use (the rest of the contracts is for Node). A
 * Node app runs the others.
 */
const FOR_BROWSERS = new Set([
  '@parley/widget-react',
  '@parley/widget-vue',
  '@parley/widget-embed',
  '@parley/client',
  '@parley/contracts/live-decode',
  '@parley/contracts/canned-replies',
]);

type Manifest = { name: string; exports?: unknown; main?: string; types?: string };
type Workspace = { dir: string; name: string; specifiers: string[] };

/** The workspace folders of the root package.json (`libs/*`, `services/*`, `platform`, …). */
function workspaceDirs(): string[] {
  const patterns = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const group = pattern.slice(0, -2);
    return readdirSync(join(repoRoot, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${group}/${entry.name}`);
  });
}

/** The names a consumer imports: the package's name and each subpath of its `exports`. */
function specifiersOf(manifest: Manifest): string[] {
  const { exports } = manifest;
  if (exports === undefined) return manifest.main !== undefined || manifest.types !== undefined ? [manifest.name] : [];
  // A string, or conditions (`import`, `types`, …) of the package itself, is the one entry point `.`.
  const subpaths = typeof exports === 'object' && exports !== null && Object.keys(exports).some((key) => key.startsWith('.')) ? Object.keys(exports) : ['.'];
  return subpaths.map((subpath) => {
    if (subpath.includes('*')) throw new Error(`${manifest.name}: a pattern subpath (${subpath}) needs a case of its own in this test`);
    return `${manifest.name}${subpath.slice(1)}`;
  });
}

const workspaces: Workspace[] = workspaceDirs()
  .filter((dir) => existsSync(join(repoRoot, dir, 'package.json')))
  .map((dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as Manifest;
    return { dir, name: manifest.name, specifiers: specifiersOf(manifest) };
  });
const offered = workspaces.filter((workspace) => workspace.specifiers.length > 0);
const specifiers = offered.flatMap((workspace) => workspace.specifiers);

/** Whether a file is inside a workspace's folder. */
function isInside(file: string, workspace: Workspace): boolean {
  const path = relative(join(repoRoot, workspace.dir), existsSync(file) ? realpathSync(file) : file);
  return !path.startsWith('..') && !path.startsWith('/');
}

let consumer = '';

beforeAll(async () => {
  consumer = await mkdtemp(join(tmpdir(), 'parley-consumer-'));
  await symlink(join(repoRoot, 'node_modules'), join(consumer, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe('the workspace packages, imported by their names', () => {
  it("are found in the root package.json's workspaces, the widget components among them", () => {
    expect(offered.map((workspace) => workspace.name)).toEqual(
      expect.arrayContaining(['@parley/widget-react', '@parley/widget-vue', '@parley/widget-embed', '@parley/client', '@parley/contracts', '@parley/gateway']),
    );
    // web is the pages' assets: it offers nothing to import, and the test says so if that changes.
    expect(workspaces.find((workspace) => workspace.dir === 'web')?.specifiers).toEqual([]);
  });

  it('resolve in Node to a file that exists, inside the package', async () => {
    const script = join(consumer, 'resolve.mjs');
    await writeFile(
      script,
      `const out = {};\nfor (const name of ${JSON.stringify(specifiers)}) {\n  try { out[name] = import.meta.resolve(name); } catch (error) { out[name] = String(error.message); }\n}\nconsole.log(JSON.stringify(out));\n`,
    );
    const { stdout } = await execFileAsync(process.execPath, [script], { cwd: consumer });
    const resolved = JSON.parse(stdout) as Record<string, string>;
    const problems = offered.flatMap((workspace) =>
      workspace.specifiers.flatMap((name) => {
        const url = resolved[name] ?? '';
        if (!url.startsWith('file:')) return [`${name}: ${url}`];
        const file = fileURLToPath(url);
        if (!existsSync(file)) return [`${name}: resolves to ${relative(consumer, file)}, which does not exist`];
        return isInside(file, workspace) ? [] : [`${name}: resolves to ${file}, outside ${workspace.dir}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('are bundled by esbuild: whole for a browser app, or for Node with their dependencies left to Node', async () => {
    const problems: string[] = [];
    for (const workspace of offered) {
      for (const [i, name] of workspace.specifiers.entries()) {
        const browser = FOR_BROWSERS.has(name);
        const entry = join(consumer, `bundle-${workspace.dir.replaceAll('/', '-')}-${i}.js`);
        await writeFile(entry, `export * from ${JSON.stringify(name)};\n`);
        // For Node, what the package imports by a bare name (its dependencies, Node's modules) stays
        // an import, as a Node app's bundler leaves node_modules; the package's own name is resolved.
        const dependenciesLeftToNode: Plugin = {
          name: 'dependencies-left-to-node',
          setup(plugin) {
            plugin.onResolve({ filter: /^[^./]/ }, (args) => (args.importer === entry ? undefined : { external: true }));
          },
        };
        try {
          const result = await build({
            entryPoints: [entry],
            absWorkingDir: consumer,
            bundle: true,
            write: false,
            metafile: true,
            format: 'esm',
            platform: browser ? 'browser' : 'node',
            jsx: 'automatic',
            define: { 'process.env.NODE_ENV': '"production"' },
            plugins: browser ? [] : [dependenciesLeftToNode],
            logLevel: 'silent',
          });
          const inputs = Object.keys(result.metafile.inputs).map((input) => join(consumer, input));
          if (!inputs.some((input) => isInside(input, workspace))) problems.push(`${name}: the bundle holds nothing of ${workspace.dir}`);
        } catch (error) {
          const errors = (error as { errors?: Array<{ text: string }> }).errors?.map((e) => e.text).join('; ');
          problems.push(`${name} (${browser ? 'browser' : 'node'}): ${errors ?? String(error)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // TypeScript 7 is the Go compiler (no JS compiler in the package): its program API, a child
  // process, checks the consumer's one file, so the rest of the repository is not type-checked
  // here – a whole `tsc` run over what the file imports would take far longer.
  it.each([
    { resolution: 'bundler', module: 'ESNext', file: 'consumer.ts' },
    { resolution: 'NodeNext', module: 'NodeNext', file: 'consumer.mts' },
  ])(
    'resolve in TypeScript with moduleResolution $resolution, with their types',
    async ({ resolution, module, file }) => {
      const dir = join(consumer, `ts-${resolution}`);
      await mkdir(dir);
      const config = join(dir, 'tsconfig.json');
      await writeFile(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            module,
            moduleResolution: resolution,
            jsx: 'react-jsx',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: ['node'],
          },
          files: [file],
        }),
      );
      await writeFile(join(dir, file), specifiers.map((name, i) => `export * as p${i} from ${JSON.stringify(name)};\n`).join(''));
      const api = new API({ cwd: dir });
      try {
        const project = api.updateSnapshot({ openProjects: [config] }).getProject(config);
        expect(project).toBeDefined();
        const program = project?.program;
        const diagnostics = [...(program?.getSyntacticDiagnostics(join(dir, file)) ?? []), ...(program?.getSemanticDiagnostics(join(dir, file)) ?? [])];
        // No TS2307 "Cannot find module" (nor TS7016 "no declaration file", nor any other error) in the consumer's file.
        const source = readFileSync(join(dir, file), 'utf8');
        expect(diagnostics.map((d) => `TS${d.code} at ${source.slice(d.pos, d.end).trim() || d.pos}: ${d.text}`)).toEqual([]);
        // And each name is a module of its package: the names resolved to the packages' files.
        const files = program?.getSourceFileNames() ?? [];
        const missing = offered.filter((workspace) => !files.some((name) => isInside(name, workspace))).map((workspace) => workspace.name);
        expect(missing).toEqual([]);
      } finally {
        api.close();
      }
      // It parses every file the packages import: seconds, more on a busy machine.
    },
    90_000,
  );
});
