import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface PageBudget {
  html: string;
  /** The page's JavaScript (its entry and every chunk it imports), gzip-compressed. */
  maxGzipJsBytes: number;
}

interface Output {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  source?: string | Uint8Array;
  isEntry?: boolean;
  facadeModuleId?: string | null;
  imports?: string[];
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
        const js = new Set<string>();
        const visit = (fileName: string) => {
          if (js.has(fileName)) return;
          js.add(fileName);
          for (const imported of files[fileName]?.imports ?? []) visit(imported);
        };
        visit(entry.fileName);
        const css = new Set<string>();
        for (const fileName of js) for (const sheet of files[fileName]?.viteMetadata?.importedCss ?? []) css.add(sheet);
        const size = (names: Set<string>) => [...names].reduce((sum, fileName) => sum + gzipBytes(files[fileName]?.code ?? files[fileName]?.source ?? ''), 0);
        const jsBytes = size(js);
        const cssBytes = size(css);
        lines.push(`  ${name.padEnd(8)} JS ${kb(jsBytes).padStart(8)} gzip (budget ${kb(page.maxGzipJsBytes)}), CSS ${kb(cssBytes).padStart(8)} gzip`);
        if (jsBytes > page.maxGzipJsBytes) over.push(`${name}: ${kb(jsBytes)} > ${kb(page.maxGzipJsBytes)}`);
        this.emitFile({ type: 'asset', fileName: `sizes/${name}.json`, source: JSON.stringify({ page: name, jsGzipBytes: jsBytes, cssGzipBytes: cssBytes, budgetJsGzipBytes: page.maxGzipJsBytes }) });
      }
      console.log(`\nPage sizes:\n${lines.join('\n')}\n`);
      if (over.length > 0) this.error(`over the size budget: ${over.join('; ')}`);
    },
  };
}
