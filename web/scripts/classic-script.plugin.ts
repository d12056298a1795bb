import type { Plugin } from 'vite';

interface Output {
  type: 'chunk' | 'asset';
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** Vite's helper around `import()` (it preloads a lazily loaded chunk's CSS and imports). */
const PRELOAD_HELPER = /^import \{ (\w+) as (\w+) \} from "[^"]*preload-helper[^"]*";\n/m;

/**
 * Makes one entry a classic script, as a `<script src>` tag on any site runs it: its code goes in
 * a function scope (its top-level names would otherwise become the host page's globals), and
 * `import.meta` – which only modules have, and which the bundler's lazy-loading helper mentions –
 * becomes the script's own address, read while it runs. Its `import()` calls resolve against that
 * address too: a classic script from another origin has no base URL of its own for them. The
 * entry must have no static import or export.
 *
 * One exception: Vite's preload helper, a chunk of its own once the pages load chunks lazily too
 * (the message catalogs). The entry's own lazily loaded part has nothing to preload – no document
 * CSS, which would style the host page (the widget adopts its sheets in its shadow root), and no
 * module preloading (`modulePreload: false`) – so in the entry the helper is a direct call; the
 * build checks that the part it loads indeed imports no CSS.
 */
export function classicScript(entryName: string): Plugin {
  return {
    name: 'parley-classic-script',
    apply: 'build',
    renderChunk(code, chunk) {
      if (!chunk.isEntry || chunk.name !== entryName) return null;
      const helper = PRELOAD_HELPER.exec(code);
      const ownCode = helper ? code.replace(helper[0], `function ${helper[2]}(load) { return load(); }\n`) : code;
      const imports = chunk.imports.filter((name) => !(helper && name.includes('preload-helper')));
      if (imports.length > 0 || chunk.exports.length > 0) this.error(`${entryName}: a classic script cannot import or export statically (${[...imports, ...chunk.exports].join(', ')})`);
      const body = ownCode.replace(/\bimport\.meta\b/g, '__scriptMeta').replace(/\bimport\(/g, '__scriptImport(');
      const prologue =
        'var __scriptMeta={url:document.currentScript&&document.currentScript.src||location.href};' +
        'function __scriptImport(path){return import(new URL(path,__scriptMeta.url).href)}';
      return { code: `(function(){${prologue}\n${body}\n})();\n`, map: null };
    },
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, Output>;
      const entry = Object.entries(files).find(([, file]) => file.type === 'chunk' && file.isEntry && file.name === entryName);
      if (!entry) return;
      const seen = new Set<string>();
      const visit = (fileName: string) => {
        if (seen.has(fileName)) return;
        seen.add(fileName);
        const file = files[fileName];
        if (file?.viteMetadata?.importedCss.size) this.error(`${entryName}: ${fileName} imports CSS into the document; import it ?inline and adopt it in the shadow root`);
        for (const next of [...(file?.imports ?? []), ...(file?.dynamicImports ?? [])]) visit(next);
      };
      visit(entry[0]);
    },
  };
}
