import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectDoc, words } from '../../test-fixtures/build-documents.js';
import { DEFAULT_READ_LIMITS } from '../document.js';
import { readHtml } from './html.js';
import { readMarkdown } from './markdown.js';

const read = (html: string) => readHtml(html, DEFAULT_READ_LIMITS);

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('HTML', () => {
  it('reads a docs page: <title> as title, h1–h6 as sections; scripts, styles, navigation and link URLs left out', () => {
    const document = read(readFileSync(new URL('../../test-fixtures/mcp.html', import.meta.url), 'utf8'));
    expect(document.title).toBe('MCP – Parley docs');
    expect(document.sections.map((section) => section.heading)).toEqual(['MCP', 'MCP', 'Over HTTP: /mcp', 'Over stdio: npx parley-mcp']);
    const [intro, tools, http, stdio] = document.sections;
    expect(intro?.text).toBe('Part of the HTTP API reference: the MCP server other agents use to manage links.');
    // Table rows read a cell after another; list items keep a bullet.
    expect(tools?.text).toContain('delete_temporary_chat_link agent, id {deleted: true, id}');
    expect(tools?.text).toContain("\n- The input schemas are the HTTP API's own zod schemas");
    expect(http?.text).toContain('Authorization: Bearer <tenant key> – or the admin key with X-Tenant-Id – on every request.');
    expect(http?.text).toContain('A key holds at most 20 open sessions');
    expect(http?.text).toContain('claude mcp add --transport http parley https://parley.example.com/mcp');
    expect(stdio?.text).toContain("(see the protocol's site for clients)");
    const all = document.sections.map((section) => section.text).join('\n');
    expect(all).not.toMatch(/tracking code|font-family|search\.js|Using Parley|modelcontextprotocol\.io|api\.html|diagram/);
  });

  it('reads a page rendered from docs/security-model.md as the Markdown reads: the same headings and words', () => {
    const markdown = readMarkdown(projectDoc('security-model.md').toString('utf8'), DEFAULT_READ_LIMITS);
    const html = [
      `<html><head><title>${escapeHtml(markdown.title ?? '')}</title></head><body>`,
      ...markdown.sections.map(
        (section, index) =>
          `<h${index === 0 ? 1 : 2}>${escapeHtml(section.heading ?? '')}</h${index === 0 ? 1 : 2}>` +
          section.text
            .split('\n\n')
            .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
            .join('\n'),
      ),
      '</body></html>',
    ].join('\n');
    const document = read(html);
    expect(document.title).toBe('Security model');
    expect(document.sections.map((section) => section.heading)).toEqual(markdown.sections.map((section) => section.heading));
    expect(document.sections.map((section) => words(section.text))).toEqual(markdown.sections.map((section) => words(section.text)));
  });

  it('takes the first h1 for the title when the page has no <title>, and a heading broken by <br> as one line', () => {
    const document = read('<h2>Before</h2><p>x</p><h1>Refunds<br>and returns</h1><p>Within 30 days.</p>');
    expect(document.title).toBe('Refunds and returns');
    expect(document.sections).toEqual([
      { heading: 'Before', text: 'x' },
      { heading: 'Refunds and returns', text: 'Within 30 days.' },
    ]);
  });

  it('lets no text of the page pass for a heading mark', () => {
    const document = read('<p>\uE000\uE0011not a heading</p>');
    expect(document.sections).toEqual([{ heading: undefined, text: '1not a heading' }]);
  });
});
