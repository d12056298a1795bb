import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface PageBudget {
  html: string;
  /** The page's JavaScript (its entry and every chunk it imports), gzip-compressed. */
  maxGzipJsBytes: number;
  /** With every chunk it loads later (dynamic imports): the whole of a lazily completed page. */
  maxGzipTotalJsBytes?: number;
}

/**
 * Chunks of which a page loads one at most, by their module's path: the message catalogs, one per
 * language (the visitor's). The whole of a page counts the largest, not all of them.
 */
const ONE_OF = /\/src\/chat\/words\/[a-z]{2}\.ts$/;

interface Output {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  source?: string | Uint8Array;
  isEntry?: boolean;
  facadeModuleId?: string | null;
  name?: string;
  imports?: string[];
  dynamicImports?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipBytes = (content: string | Uint8Array) => gzipSync(content, { level: 9 }).length;

/**
 * Prints each page's JavaScript and CSS sizes (gzip) and fails the build when a page's
 * JavaScript is over its budget: weight creeps in one dependency at a time.
 */
export function sizeBudget(pages: Record<string, PageBudget>): Plugin {
  return {
    name: 'parley-size-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, Output>;
      const lines: string[] = [];
      const over: string[] = [];
      for (const [name, page] of Object.entries(pages)) {
        const entry = Object.values(files).find((file) => file.type === 'chunk' && file.isEntry && file.facadeModuleId?.endsWith(`/${page.html}`));
        if (!entry) throw new Error(`size budget: no entry chunk for ${page.html}`);
        const closure = (lazy: boolean, from = entry.fileName) => {
          const names = new Set<string>();
          const visit = (fileName: string) => {
            if (names.has(fileName)) return;
            if (fileName !== from && ONE_OF.test(files[fileName]?.facadeModuleId ?? '')) return;
            names.add(fileName);
            for (const imported of files[fileName]?.imports ?? []) visit(imported);
            if (lazy) for (const imported of files[fileName]?.dynamicImports ?? []) visit(imported);
          };
          visit(from);
          return names;
        };
        const js = closure(false);
        const css = new Set<string>();
        for (const fileName of js) for (const sheet of files[fileName]?.viteMetadata?.importedCss ?? []) css.add(sheet);
        const size = (names: Set<string>) => [...names].reduce((sum, fileName) => sum + gzipBytes(files[fileName]?.code ?? files[fileName]?.source ?? ''), 0);
        const jsBytes = size(js);
        const cssBytes = size(css);
        // Every lazily loaded chunk but the catalogs, then the largest catalog with what it imports.
        const lazily = closure(true);
        const oneOf = Object.values(files).filter((file) => file.type === 'chunk' && ONE_OF.test(file.facadeModuleId ?? ''));
        const reachable = oneOf.filter((file) => [...lazily].some((name) => files[name]?.dynamicImports?.includes(file.fileName)));
        const largest = reachable
          .map((file) => ({ name: file.name ?? file.fileName, bytes: size(new Set([...closure(false, file.fileName)].filter((name) => !lazily.has(name)))) }))
          .sort((a, b) => b.bytes - a.bytes)[0];
        const totalBytes = size(lazily) + (largest?.bytes ?? 0);
        const catalogs = largest ? ` (${reachable.length + 1} languages, each loaded alone: the largest, ${largest.name}, ${kb(largest.bytes)})` : '';
        const total =
          page.maxGzipTotalJsBytes === undefined ? '' : `, with what it loads later ${kb(totalBytes)} gzip (budget ${kb(page.maxGzipTotalJsBytes)})${catalogs}`;
        lines.push(`  ${name.padEnd(8)} JS ${kb(jsBytes).padStart(8)} gzip (budget ${kb(page.maxGzipJsBytes)}), CSS ${kb(cssBytes).padStart(8)} gzip${total}`);
        if (jsBytes > page.maxGzipJsBytes) over.push(`${name}: ${kb(jsBytes)} > ${kb(page.maxGzipJsBytes)}`);
        if (page.maxGzipTotalJsBytes !== undefined && totalBytes > page.maxGzipTotalJsBytes)
          over.push(`${name} in all: ${kb(totalBytes)} > ${kb(page.maxGzipTotalJsBytes)}`);
        this.emitFile({
          type: 'asset',
          fileName: `sizes/${name}.json`,
          source: JSON.stringify({
            page: name,
            jsGzipBytes: jsBytes,
            cssGzipBytes: cssBytes,
            budgetJsGzipBytes: page.maxGzipJsBytes,
            ...(page.maxGzipTotalJsBytes === undefined ? {} : { totalJsGzipBytes: totalBytes, budgetTotalJsGzipBytes: page.maxGzipTotalJsBytes }),
          }),
        });
      }
      console.log(`\nPage sizes:\n${lines.join('\n')}\n`);
      if (over.length > 0) this.error(`over the size budget: ${over.join('; ')}`);
    },
  };
}
