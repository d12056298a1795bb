import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';

/**
 * Every word the console shows comes from its catalogs (words/en.ts, and the own catalog of each
 * part loaded when first opened, such as links/link-words.ts), so that another language is one
 * more catalog each and nothing is left behind in English. This reads each page's JSX and names
 * what a person would see that is written out in the code instead: text between tags, the texts
 * of attributes people see or hear (labels, titles, placeholders, alt texts), strings chosen
 * inside `{…}` (`{busy ? 'Saving…' : …}`), and `label`s of the tables pages draw tabs and
 * options from. A string passed through `t(…)` is the catalog's; names are not words to translate.
 */
const BRAND_NAMES = ['Parley'];
/** Examples of a format, typed as they are in any language: an address's start, a colour, a language tag, an audit action. */
const FORMAT_EXAMPLES = new Set(['https://', '#1d4ed8', 'pt-BR', 'link.create']);

/** Attributes whose text reaches the person (on an element, or a component's that passes it on). */
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'what',
]);

interface Node {
  type: string;
  start: number;
  [field: string]: unknown;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** Letters left once brand names are taken out: a word someone would translate. */
const hasWords = (text: string) => !FORMAT_EXAMPLES.has(text.trim()) && /\p{L}/u.test(BRAND_NAMES.reduce((rest, name) => rest.replaceAll(name, ''), text));

/** The text an expression shows as it is written: a string, or a template's fixed parts; through `?:` and `&&`, not through calls. */
function writtenText(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' && hasWords(node.value) ? node.value : undefined;
    case 'TemplateLiteral': {
      const fixed = (node.quasis as { value: { cooked: string } }[]).map((quasi) => quasi.value.cooked).join('…');
      return hasWords(fixed) ? fixed : undefined;
    }
    case 'ConditionalExpression':
      return writtenText(node.consequent) ?? writtenText(node.alternate);
    case 'LogicalExpression':
      return writtenText(node.left) ?? writtenText(node.right);
    case 'ParenthesizedExpression':
      return writtenText(node.expression);
    default:
      return undefined;
  }
}

/** What `source` shows in literal English, each with its line. */
function literalEnglish(source: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  const report = (node: Node, text: string) => found.push({ line: source.slice(0, node.start).split('\n').length, text: text.trim() });
  const visit = (node: Node, parent: Node | undefined) => {
    if (node.type === 'JSXText' && hasWords(String(node.value))) report(node, String(node.value));
    if (node.type === 'JSXAttribute' && isNode(node.name) && VISIBLE_ATTRIBUTES.has(String(node.name.name))) {
      const value = node.value;
      const text = isNode(value) && value.type === 'JSXExpressionContainer' ? writtenText(value.expression) : writtenText(value);
      if (text) report(node, text);
    }
    // Between tags; an attribute's `{…}` counts only for the attributes people see, above.
    if (node.type === 'JSXExpressionContainer' && (parent?.type === 'JSXElement' || parent?.type === 'JSXFragment')) {
      const text = writtenText(node.expression);
      if (text) report(node, text);
    }
    if (node.type === 'Property' && isNode(node.key) && (node.key.name === 'label' || node.key.value === 'label')) {
      const text = writtenText(node.value);
      if (text) report(node, text);
    }
    for (const child of Object.values(node)) {
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) visit(item, node);
    }
  };
  visit(parseAst(source, { lang: 'tsx' }) as unknown as Node, undefined);
  return found;
}

describe('the console’s words', () => {
  it('finds English written into JSX: text, seen attributes, chosen strings and tab labels', () => {
    const sample = [
      "const TABS = [{ id: 'a', label: 'Members' }, { id: 'b', label: t('team.keys') }];",
      'export const A = () => (',
      '  <section aria-label="Agent sections" class={open ? \'tabs open\' : \'tabs\'} data-x="plain">',
      "    <h1>{t('section.agents')}</h1>",
      '    <p>No agents yet.</p>',
      '    <img alt={`Logo of the clinic`} src={url} />',
      "    <button>{busy ? 'Creating…' : t('agents.create')}</button>",
      "    {rotated && 'The old address no longer works. '}",
      "    <span> · {t('playground.latency', { ms: 3 })}</span>",
      '    <Refusal what="Trying an agent is for owners." />',
      '    <input placeholder="0 9 * * 1-5" /> <input placeholder="https://" /> <strong>Parley</strong> {\' \'}',
      '  </section>',
      ');',
    ].join('\n');
    expect(literalEnglish(sample)).toEqual([
      { line: 1, text: 'Members' },
      { line: 3, text: 'Agent sections' },
      { line: 5, text: 'No agents yet.' },
      { line: 6, text: 'Logo of the clinic' },
      { line: 7, text: 'Creating…' },
      { line: 8, text: 'The old address no longer works.' },
      { line: 10, text: 'Trying an agent is for owners.' },
    ]);
  });

  it('has no literal English in any console page: every word is in a catalog', () => {
    const folder = fileURLToPath(new URL('.', import.meta.url));
    // Every feature's folder: `agents/agent-page.tsx`, `ui/data-table.tsx`, …
    const pages = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tsx'));
    expect(pages.length).toBeGreaterThan(20);
    const written = pages.flatMap((name) =>
      literalEnglish(readFileSync(`${folder}/${name}`, 'utf8')).map(({ line, text }) => `${name}:${line} ${JSON.stringify(text)}`),
    );
    expect(written).toEqual([]);
  });
});
