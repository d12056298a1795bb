import { describe, expect, it } from 'vitest';
import { projectDoc, words } from '../../test-fixtures/build-documents.js';
import { DEFAULT_READ_LIMITS } from '../document.js';
import { plainInline, readMarkdown } from './markdown.js';

const read = (text: string) => readMarkdown(text, DEFAULT_READ_LIMITS);

/** The headings a Markdown file has outside its code fences, as the file writes them. */
function headingLines(markdown: string): string[] {
  let inFence = false;
  const headings: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    else if (!inFence && /^#{1,6} /.test(line)) headings.push(line.replace(/^#+ /, ''));
  }
  return headings;
}

describe('Markdown: the project docs', () => {
  it('gives a section per heading of docs/escalation.md, in order, titled by its first heading', () => {
    const markdown = projectDoc('escalation.md').toString('utf8');
    const document = read(markdown);
    expect(document.title).toBe('Escalation to a person and the inbox');
    expect(document.sections.map((section) => section.heading)).toEqual(headingLines(markdown));
    const inbox = document.sections.find((section) => section.heading === 'The inbox');
    expect(inbox?.text).toMatch(/^Operators work with a tenant key \(the key's name is the name visitors see\)/);
    // Markdown is gone, its words stay: no backticks, no link targets, no table rules.
    for (const section of document.sections) {
      expect(section.text).not.toMatch(/`|\]\(|\|\s*---/);
    }
  });

  it('keeps code in fences as text and reads no heading inside one (docs/guide.md)', () => {
    const markdown = projectDoc('guide.md').toString('utf8');
    const document = read(markdown);
    expect(document.sections.map((section) => section.heading)).toEqual(headingLines(markdown));
    const typedClient = document.sections.find((section) => section.heading === 'Typed client');
    expect(typedClient?.text).toContain("import { createParleyClient, ParleyApiError } from '@parley/client';");
    // A comment line inside the fence: text of the section, not a heading.
    expect(typedClient?.text).toContain('// Management, with a bearer key (the admin key adds `tenantId`).');
    expect(typedClient?.text).not.toContain('```');
  });

  it('reads a code span over a line end as one (docs/guide.md, the error list)', () => {
    const document = read(projectDoc('guide.md').toString('utf8'));
    const api = document.sections.find((section) => section.heading === 'Using the Text Chat API');
    expect(words(api?.text ?? '')).toContain(
      '{"error": {"code", "message", "details"?, "request_id"}} – 400 invalid (the fields named in details), 401 unauthorized',
    );
  });
});

describe('Markdown: syntax that is noise for search', () => {
  it('keeps a link text and an image alt, drops their URLs, emphasis and code backticks', () => {
    expect(plainInline('See the [HTTP API reference](api.md#errors "errors") and ![a diagram](d.png).')).toBe('See the HTTP API reference and a diagram.');
    expect(plainInline('**Bold**, *italic*, _also_, ~~gone~~ and `code_with_*stars*`')).toBe('Bold, italic, also, gone and code_with_*stars*');
    expect(plainInline('snake_case_names and 2 * 3 * 4 stay; <https://example.com> is its URL')).toBe(
      'snake_case_names and 2 * 3 * 4 stay; https://example.com is its URL',
    );
    expect(plainInline('a <kbd>Ctrl</kbd> key, a <tenant id> placeholder, \\*escaped\\*')).toBe('a Ctrl key, a <tenant id> placeholder, *escaped*');
  });

  it('reads setext headings, front matter, block quotes and tables; leaves out comments and link definitions', () => {
    const document = read(
      [
        '---',
        'title: "Opening hours"',
        '---',
        'Shop hours',
        '==========',
        '',
        '> We open at nine.',
        '<!-- a note for editors',
        'that spans lines -->',
        '',
        'Holidays',
        '--------',
        '| day | open |',
        '| --- | ---: |',
        '| Sunday | no |',
        '',
        '[hours]: https://example.com/hours',
        '* * *',
        '+ closed on the 25th',
      ].join('\n'),
    );
    expect(document).toEqual({
      title: 'Opening hours',
      sections: [
        { heading: 'Shop hours', text: 'We open at nine.' },
        { heading: 'Holidays', text: 'day | open\nSunday | no\n\n- closed on the 25th' },
      ],
    });
  });

  it('keeps text before the first heading without one, and a fence of tildes with its code', () => {
    const document = read('Intro line.\n\n## Setup {#setup}\n~~~sh\n# not a heading\nnpm start\n~~~\nDone.');
    expect(document.sections).toEqual([
      { heading: undefined, text: 'Intro line.' },
      { heading: 'Setup', text: '# not a heading\nnpm start\n\nDone.' },
    ]);
    expect(document.title).toBeUndefined();
  });
});
