// The release's own steps on the repository (docs/releasing.md):
//
//   npm run release -- prepare 1.2.3 [--date 2026-11-27]
//     every package.json at 1.2.3 (the root, each workspace, the published packages' ranges on
//     each other) and CHANGELOG.md's Unreleased entries under "## [1.2.3] - <date>"; then
//     `npm install --package-lock-only --ignore-scripts` brings package-lock.json along.
//     Run again on a tree already at 1.2.3, it changes nothing.
//   npm run release -- notes 1.2.3
//     the version's changelog entries, for the release's notes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RELEASE_VERSION, releaseChangelog, releasedHeading, releaseNotes } from './changelog.js';
import { type Manifest, withVersion, workspaceFolders } from './versions.js';

const USAGE = 'usage: npm run release -- prepare <X.Y.Z> [--date YYYY-MM-DD] | notes <X.Y.Z>';

/** What `prepare` changed, relative to the root. */
export function prepareRelease(root: string, version: string, date: string): string[] {
  if (!RELEASE_VERSION.test(version)) throw new Error(`${version} is not a version to release: X.Y.Z`);
  const folders = ['.', ...workspaceFolders(root)];
  const read = (folder: string) => JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as Manifest;
  const names = new Set(folders.slice(1).flatMap((folder) => read(folder).name ?? []));
  const changed: string[] = [];
  for (const folder of folders) {
    const before = readFileSync(join(root, folder, 'package.json'), 'utf8');
    const after = `${JSON.stringify(withVersion(JSON.parse(before) as Manifest, version, names), null, 2)}\n`;
    if (after === before) continue;
    writeFileSync(join(root, folder, 'package.json'), after);
    changed.push(join(folder, 'package.json'));
  }
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  if (!releasedHeading(changelog, version)) {
    writeFileSync(join(root, 'CHANGELOG.md'), releaseChangelog(changelog, version, date));
    changed.push('CHANGELOG.md');
  }
  return changed;
}

function main(argv: string[]): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { date: { type: 'string' } } });
  const [command, version, ...extra] = positionals;
  if (!version || extra.length > 0 || (command !== 'prepare' && command !== 'notes')) {
    console.error(USAGE);
    return 2;
  }
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (command === 'notes') {
    process.stdout.write(releaseNotes(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), version));
    return 0;
  }
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  const changed = prepareRelease(root, version, date);
  console.log(changed.length > 0 ? `${version}: ${changed.join(', ')}` : `${version}: already prepared, nothing changed`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
