import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handlerFolderProblems } from './handler-folder.js';

const entries = { 'svc.a': { subject: 'svc.a' }, 'svc.b': { subject: 'svc.b' }, 'svc.c': { subject: 'svc.c' } };
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'handler-folder-'));
  const file = (subject: string) => `export default { subject: '${subject}' };\n`;
  await writeFile(join(folder, 'svc.a.ts'), file('svc.a'));
  // A file under one subject's name whose handler answers another.
  await writeFile(join(folder, 'svc.b.ts'), file('svc.a'));
  // A handler file for no entry; and the files that are not handlers, which are ignored.
  await writeFile(join(folder, 'svc.gone.ts'), file('svc.gone'));
  await writeFile(join(folder, 'index.ts'), 'export {};\n');
  await writeFile(join(folder, 'handler.ts'), 'export {};\n');
  await writeFile(join(folder, 'svc.a.test.ts'), 'export {};\n');
});
afterAll(() => rm(folder, { recursive: true, force: true }));

it('names each mismatch between a handler folder, its catalog and what the service serves', async () => {
  const served = [{ subject: 'svc.a' }, { subject: 'svc.a' }, { subject: 'svc.x' }];
  expect((await handlerFolderProblems(folder, entries, served)).sort()).toEqual(
    [
      'svc.c: catalog entry without a handler file',
      'svc.gone.ts: handler file for no catalog entry',
      'svc.b.ts: its default export answers svc.a',
      'svc.b: not in the list the service serves',
      'svc.c: not in the list the service serves',
      'svc.x: served but not in the catalog',
      'svc.a: served twice',
    ].sort(),
  );
});

it('finds nothing wrong when folder, catalog and service agree', async () => {
  const agreeing = { 'svc.a': { subject: 'svc.a' } };
  const only = await mkdtemp(join(tmpdir(), 'handler-folder-'));
  try {
    await writeFile(join(only, 'svc.a.ts'), "export default { subject: 'svc.a' };\n");
    expect(await handlerFolderProblems(only, agreeing, [{ subject: 'svc.a' }])).toEqual([]);
  } finally {
    await rm(only, { recursive: true, force: true });
  }
});
