import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { sizeBudget } from './scripts/size-budget.plugin.ts';

/**
 * One HTML entry per page, each with its own hashed scripts and styles under assets/. The widget
 * and the console are meant to join as further entries (and budgets) of this same build.
 */
const pages = {
  chat: { html: 'chat.html', maxGzipJsBytes: 45 * 1024 },
};

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), sizeBudget(pages)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Small files only: nothing is inlined as data: URLs, so the page policy stays 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    manifest: true,
    rolldownOptions: { input: Object.fromEntries(Object.entries(pages).map(([name, page]) => [name, page.html])) },
  },
});
