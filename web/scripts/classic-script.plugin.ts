import type { Plugin } from 'vite';
import { PRELOAD_HELPER_IMPORT } from './direct-imports.plugin.ts';

/**
 * Makes one entry a classic script, as a `<script src>` tag on any site runs it: its code goes in
 * a function scope (its top-level names would otherwise become the host page's globals), and
 * `import.meta` – which only modules have, and which the bundler's lazy-loading helper mentions –
 * becomes the script's own address, read while it runs. Its `import()` calls resolve against that
 * address too: a classic script from another origin has no base URL of its own for them. The
 * entry must have no static import or export, with one exception: the lazy-loading helper, a
 * chunk of its own once other pages load chunks lazily too, is a direct call (directImports) and
 * is written into the entry as one.
 */
export function classicScript(entryName: string): Plugin {
  return {
    name: 'parley-classic-script',
    apply: 'build',
    renderChunk(code, chunk) {
      if (!chunk.isEntry || chunk.name !== entryName) return null;
      const helper = PRELOAD_HELPER_IMPORT.exec(code);
      const ownCode = helper ? code.replace(helper[0], `function ${helper[1]}(load) { return load(); }\n`) : code;
      const imports = chunk.imports.filter((name) => !(helper && name.includes('preload-helper')));
      if (imports.length > 0 || chunk.exports.length > 0)
        this.error(`${entryName}: a classic script cannot import or export statically (${[...imports, ...chunk.exports].join(', ')})`);
      const body = ownCode.replace(/\bimport\.meta\b/g, '__scriptMeta').replace(/\bimport\(/g, '__scriptImport(');
      const prologue =
        'var __scriptMeta={url:document.currentScript&&document.currentScript.src||location.href};' +
        'function __scriptImport(path){return import(new URL(path,__scriptMeta.url).href)}';
      return { code: `(function(){${prologue}\n${body}\n})();\n`, map: null };
    },
  };
}
