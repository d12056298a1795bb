import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { classicScript } from './scripts/classic-script.plugin.ts';
import { directImports } from './scripts/direct-imports.plugin.ts';
import { sizeBudget } from './scripts/size-budget.plugin.ts';

/**
 * One HTML entry per page, each with its own hashed scripts and styles under assets/, each with
 * its own size budget.
 */
const pages = {
  chat: { html: 'chat.html', maxGzipJsBytes: 45 * 1024 },
  // Signed-in staff, on desktops and phones: not on a visitor's path, but kept small all the same.
  // Every word it shows is looked up in a catalog by a key (words/en.ts). What is set up now and
  // then – an agent's links, the inbox, the tenant's webhooks, secrets, templates, bulk links,
  // privacy requests and budget, … – loads when first opened, with its own words: the first load
  // is what every sign-in needs.
  console: { html: 'console.html', maxGzipJsBytes: 64 * 1024 },
  // The loader every host page downloads, and with what it loads on opening, the whole widget:
  // 35 KB until answers became GitHub-flavoured Markdown (tables) through marked, about 14 KB of it.
  widget: { html: 'src/widget/loader.ts', maxGzipJsBytes: 5 * 1024, maxGzipTotalJsBytes: 52 * 1024 },
};

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [directImports(), preact({ devToolsEnabled: false, prefreshEnabled: false }), classicScript('widget'), sizeBudget(pages)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Small files only: nothing is inlined as data: URLs, so the page policy stays 'self'.
    assetsInlineLimit: 0,
    // Every page lists its scripts itself; the widget's lazily loaded part needs no preloading.
    modulePreload: false,
    reportCompressedSize: false,
    manifest: true,
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(pages).map(([name, page]) => [name, page.html])),
      output: {
        // The loader keeps one name (/widget.js, in every embed snippet) beside assets/, so the
        // chunks it loads resolve next to it on the platform's origin, whatever page runs it.
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
