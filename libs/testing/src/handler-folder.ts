import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogCoverage } from '@parley/bus';

/** The files of a handler folder that are not handlers: its index, its typed `handler` and tests. */
const notHandlers = new Set(['index.ts', 'handler.ts']);

/**
 * What is wrong with a service's handler folder against its own catalog (empty when nothing is):
 * each entry must have a file `<subject>.ts` whose default export answers that subject, each
 * such file an entry, and the list the service serves must be exactly its catalog.
 */
export async function handlerFolderProblems(
  folder: string,
  entries: Record<string, { subject: string }>,
  served: readonly { subject: string }[],
): Promise<string[]> {
  const problems: string[] = [];
  const files = (await readdir(folder)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !notHandlers.has(file));
  const subjects = new Set(files.map((file) => file.slice(0, -'.ts'.length)));
  for (const name of Object.keys(entries)) if (!subjects.has(name)) problems.push(`${name}: catalog entry without a handler file`);
  for (const subject of subjects) {
    if (!(subject in entries)) {
      problems.push(`${subject}.ts: handler file for no catalog entry`);
      continue;
    }
    const loaded = (await import(pathToFileURL(join(folder, `${subject}.ts`)).href)) as { default?: { subject?: string } };
    if (loaded.default?.subject !== subject) problems.push(`${subject}.ts: its default export answers ${loaded.default?.subject ?? 'nothing'}`);
  }
  const { unhandled, unknown, twice } = catalogCoverage(entries as Record<string, never>, served);
  for (const name of unhandled) problems.push(`${name}: not in the list the service serves`);
  for (const name of unknown) problems.push(`${name}: served but not in the catalog`);
  for (const name of twice) problems.push(`${name}: served twice`);
  return problems;
}

/**
 * What is wrong with the handlers a service serves against its own catalog (empty when nothing
 * is): every entry answered by exactly one feature's handler map, and nothing else answered.
 */
export function servedCatalogProblems(entries: Record<string, { subject: string }>, served: readonly { subject: string }[]): string[] {
  const { unhandled, unknown, twice } = catalogCoverage(entries as Record<string, never>, served);
  return [
    ...unhandled.map((name) => `${name}: catalog entry no feature answers`),
    ...unknown.map((name) => `${name}: answered but not in the catalog`),
    ...twice.map((name) => `${name}: answered twice`),
  ];
}
