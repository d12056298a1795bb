import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorOf, releaseChangelog, releaseNotes } from '../release/changelog.js';
import { prepareRelease } from '../release/main.js';
import { withVersion } from '../release/versions.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

const CHANGELOG = `# Changelog

Intro.

## [Unreleased]

### Added

- Packages on npm.

### Fixed

- A bug.

## [0.1.0] - 2026-11-25

### Added

- Everything.

[Unreleased]: #unreleased
[0.1.0]: #010---2026-11-25
`;

describe('the changelog at a release', () => {
  it('moves the Unreleased entries under the dated version, leaves Unreleased empty and links the new heading', () => {
    expect(releaseChangelog(CHANGELOG, '0.2.0', '2026-12-01')).toBe(`# Changelog

Intro.

## [Unreleased]

## [0.2.0] - 2026-12-01

### Added

- Packages on npm.

### Fixed

- A bug.

## [0.1.0] - 2026-11-25

### Added

- Everything.

[Unreleased]: #unreleased
[0.2.0]: #020---2026-12-01
[0.1.0]: #010---2026-11-25
`);
  });

  it("links to the heading's anchor as GitHub makes it", () => {
    expect(anchorOf('[0.1.0] - 2026-11-25')).toBe('010---2026-11-25');
    expect(anchorOf('[12.3.40] - 2027-01-02')).toBe('12340---2027-01-02');
  });

  it('gives a released version its entries as the notes', () => {
    const released = releaseChangelog(CHANGELOG, '0.2.0', '2026-12-01');
    expect(releaseNotes(released, '0.2.0')).toBe('### Added\n\n- Packages on npm.\n\n### Fixed\n\n- A bug.\n');
    expect(releaseNotes(released, '0.1.0')).toBe('### Added\n\n- Everything.\n');
    expect(() => releaseNotes(released, '0.3.0')).toThrow('CHANGELOG.md has no section for 0.3.0');
  });

  it('refuses a version that is not X.Y.Z, one released already, a bad date and an empty Unreleased section', () => {
    expect(() => releaseChangelog(CHANGELOG, 'v0.2.0', '2026-12-01')).toThrow('v0.2.0 is not a version to release');
    expect(() => releaseChangelog(CHANGELOG, '0.2.0-rc.1', '2026-12-01')).toThrow('is not a version to release');
    expect(() => releaseChangelog(CHANGELOG, '0.1.0', '2026-12-01')).toThrow('CHANGELOG.md has a section for 0.1.0 already');
    expect(() => releaseChangelog(CHANGELOG, '0.2.0', '1 December')).toThrow('1 December is not a date');
    const released = releaseChangelog(CHANGELOG, '0.2.0', '2026-12-01');
    expect(() => releaseChangelog(released, '0.3.0', '2026-12-02')).toThrow("CHANGELOG.md's Unreleased section is empty");
  });

  it("cuts the repository's own CHANGELOG.md into a release its checks accept", async () => {
    const text = await readFile(join(repoRoot, 'CHANGELOG.md'), 'utf8');
    const released = releaseChangelog(text, '99.0.0', '2099-01-01');
    const headings = [...released.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings.slice(0, 2)).toEqual(['[Unreleased]', '[99.0.0] - 2099-01-01']);
    // Nothing lost: the same lines, the new heading and link reference besides.
    const lines = (value: string) => value.split('\n').filter((line) => line.trim() !== '');
    expect(lines(released).sort()).toEqual([...lines(text), '## [99.0.0] - 2099-01-01', '[99.0.0]: #9900---2099-01-01'].sort());
    expect(releaseNotes(released, '99.0.0').trim()).toBe(/## \[Unreleased\]\n([\s\S]*?)\n## \[/.exec(text)?.[1]?.trim());
  });
});

describe('package versions at a release', () => {
  const workspace = new Set(['@parley/widget-embed', '@parley/client', '@parley/auth']);

  it("sets the version, and moves a workspace package's range (not `*`) to the new version", () => {
    const manifest = {
      name: '@parley/widget-react',
      version: '0.1.0',
      dependencies: { '@parley/widget-embed': '^0.1.0', '@parley/auth': '*' },
      peerDependencies: { react: '^18.0.0 || ^19.0.0' },
      devDependencies: { '@parley/client': '0.1.0', esbuild: '^0.28.2' },
    };
    expect(withVersion(manifest, '0.2.0', workspace)).toEqual({
      name: '@parley/widget-react',
      version: '0.2.0',
      dependencies: { '@parley/widget-embed': '^0.2.0', '@parley/auth': '*' },
      peerDependencies: { react: '^18.0.0 || ^19.0.0' },
      devDependencies: { '@parley/client': '^0.2.0', esbuild: '^0.28.2' },
    });
  });
});

describe('npm run release -- prepare, on a repository', () => {
  let root = '';
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function repository(): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'parley-release-'));
    const write = async (path: string, value: unknown) => {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
    };
    await write('package.json', { name: 'parley', version: '0.1.0', private: true, workspaces: ['libs/*', 'cli'] });
    await write('libs/widget-embed/package.json', { name: '@parley/widget-embed', version: '0.1.0' });
    await write('libs/widget-vue/package.json', { name: '@parley/widget-vue', version: '0.1.0', dependencies: { '@parley/widget-embed': '^0.1.0' } });
    await write('libs/notes/README.md', 'a folder without a package');
    await write('cli/package.json', { name: '@parley/chat-cli', version: '0.1.0', private: true, dependencies: { '@parley/widget-embed': '*' } });
    await write('CHANGELOG.md', CHANGELOG);
    return root;
  }

  const manifest = async (path: string) => JSON.parse(await readFile(join(root, path), 'utf8')) as { version: string; dependencies?: Record<string, string> };

  it('sets every package.json and the changelog, and a second run changes nothing', async () => {
    await repository();
    expect(prepareRelease(root, '0.2.0', '2026-12-01')).toEqual([
      'package.json',
      'cli/package.json',
      'libs/widget-embed/package.json',
      'libs/widget-vue/package.json',
      'CHANGELOG.md',
    ]);
    expect((await manifest('package.json')).version).toBe('0.2.0');
    expect(await manifest('libs/widget-vue/package.json')).toEqual({
      name: '@parley/widget-vue',
      version: '0.2.0',
      dependencies: { '@parley/widget-embed': '^0.2.0' },
    });
    expect((await manifest('cli/package.json')).dependencies).toEqual({ '@parley/widget-embed': '*' });
    expect(await readFile(join(root, 'CHANGELOG.md'), 'utf8')).toContain('## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### Added');

    expect(prepareRelease(root, '0.2.0', '2026-12-02')).toEqual([]);
  });

  it('as a command: says what it changed, and refuses a version that is not X.Y.Z with exit code 1', async () => {
    // The command works on the repository it is in: a copy of the script in the test's tree.
    await repository();
    await mkdir(join(root, 'scripts'), { recursive: true });
    for (const file of ['main.ts', 'changelog.ts', 'versions.ts']) {
      await mkdir(join(root, 'scripts/release'), { recursive: true });
      await writeFile(join(root, 'scripts/release', file), await readFile(join(repoRoot, 'scripts/release', file)));
    }
    const command = (...args: string[]) =>
      execFileAsync(process.execPath, ['--import', 'tsx', join(root, 'scripts/release/main.ts'), ...args], { cwd: repoRoot }).then(
        (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    expect(await command('prepare', '0.2.0', '--date', '2026-12-01')).toEqual({
      code: 0,
      stdout: '0.2.0: package.json, cli/package.json, libs/widget-embed/package.json, libs/widget-vue/package.json, CHANGELOG.md\n',
      stderr: '',
    });
    expect(await command('prepare', '0.2.0')).toMatchObject({ code: 0, stdout: '0.2.0: already prepared, nothing changed\n' });
    expect(await command('notes', '0.2.0')).toMatchObject({ code: 0, stdout: '### Added\n\n- Packages on npm.\n\n### Fixed\n\n- A bug.\n' });
    expect(await command('prepare', 'latest')).toMatchObject({ code: 1, stderr: 'latest is not a version to release: X.Y.Z\n' });
    expect(await command('publish', '0.2.0')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run release --') });
  });
});
