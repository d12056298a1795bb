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
  // Signed-in staff on desktops: not on a visitor's path, but kept small all the same. Every word
  // it shows is looked up in its catalog by a key (words/en.ts), which costs ~3 KB gzip over
  // written-out English (62.3 KB); 64 KB leaves a little room for the next page's words.
  console: { html: 'console.html', maxGzipJsBytes: 64 * 1024 },
  // The loader every host page downloads, and with what it loads on opening, the whole widget.
  widget: { html: 'src/widget/loader.ts', maxGzipJsBytes: 5 * 1024, maxGzipTotalJsBytes: 35 * 1024 },
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
