import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A code comment that explains a rule cites where the project documents it – docs/api.md or
// docs/workflow.md, with the section: (docs/management-api.md, "Roles"). A citation of a section that was
// renamed or never existed sends the reader nowhere, and a document from outside the repository
// is one no reader of the repository has; both fail here.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Folders that hold no source of ours. */
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'coverage', 'test-results', '.git', '.turbo']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const sources = sourceFiles(repoRoot).map((path) => ({
  file: relative(repoRoot, path),
  text: readFileSync(path, 'utf8'),
}));

/** Documents that are not in this repository: numbered references and planning notes beside it. */
const OUTSIDE_DOCUMENTS = [/\b[Rr]eference 0\d{2}\b/, /\b(API|WORKFLOW|DESIGN|STYLE)\.md\b/, /\.\.\/shared\b/];

/** A file's text with comment continuations (`\n * `, `\n // `) joined, so a citation may wrap. */
function joinedComments(text: string): string {
  return text.replace(/\s*\n\s*(\*(?!\/)|\/\/)?\s*/g, ' ');
}

/**
 * Every cited section: `docs/management-api.md, "Roles"`, `docs/management-api.md "Privacy"`, and lists such as
 * `docs/management-api.md, "API keys", "Members"`. Single quotes count too (inside a test's name).
 */
function citations(text: string): Array<{ doc: string; section: string }> {
  const found: Array<{ doc: string; section: string }> = [];
  for (const match of joinedComments(text).matchAll(/\bdocs\/([\w-]+\.md),? ((?:(["'])[^"'\n]+\3(?:, | and )?)+)/g)) {
    const [, doc = '', list = ''] = match;
    for (const section of list.matchAll(/(["'])([^"'\n]+)\1/g)) found.push({ doc, section: section[2] ?? '' });
  }
  return found;
}

/** A document's headings, without the backticks of code spans; `#` lines inside fenced code are not headings. */
function headings(doc: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(repoRoot, 'docs', doc), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const title = fenced ? undefined : /^#{1,6} (.+)$/.exec(line)?.[1];
    if (title) found.add(plain(title));
  }
  return found;
}

const plain = (title: string) => title.replaceAll('`', '').trim();

describe("the source cites the project's own docs", () => {
  it('mentions no document from outside the repository', () => {
    const mentions = sources.flatMap(({ file, text }) =>
      text.split('\n').flatMap((line, index) => (OUTSIDE_DOCUMENTS.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(mentions).toEqual([]);
  });

  it('cites only sections that exist in docs/', () => {
    const docs = new Map<string, Set<string> | undefined>();
    const headingsOf = (doc: string) => {
      if (!docs.has(doc)) docs.set(doc, readdirSync(join(repoRoot, 'docs')).includes(doc) ? headings(doc) : undefined);
      return docs.get(doc);
    };
    let count = 0;
    const broken = sources.flatMap(({ file, text }) =>
      citations(text).flatMap(({ doc, section }) => {
        count++;
        const known = headingsOf(doc);
        if (!known) return [`${file}: docs/${doc} does not exist`];
        return known.has(plain(section)) ? [] : [`${file}: docs/${doc} has no section "${section}"`];
      }),
    );
    expect(broken).toEqual([]);
    // The scan itself works: the source does cite sections.
    expect(count).toBeGreaterThan(20);
  });
});
