import type { Plugin } from 'vite';

interface Output {
  type: 'chunk' | 'asset';
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/**
 * Lazily loaded chunks (the widget's pane, the message catalogs) are plain `import()` calls.
 * Vite wraps each in a helper that first fetches the chunk's CSS and preloads its imports; here
 * there is nothing for it to do – module preloading is off (`modulePreload: false`) and no lazily
 * loaded chunk imports CSS, which the build checks (the widget's must not: document CSS would
 * style the host page; it adopts its sheets in its shadow root) – so the helper becomes a direct
 * call: a kilobyte less on every page, and nothing the widget's classic-script loader must import.
 */
export function directImports(): Plugin {
  return {
    name: 'parley-direct-imports',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      if (/^\0vite\/preload-helper/.test(id)) return 'export const __vitePreload = (load) => load();';
      return null;
    },
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, Output>;
      for (const [fileName, file] of Object.entries(files)) {
        for (const lazy of file.dynamicImports ?? []) {
          if (files[lazy]?.viteMetadata?.importedCss.size)
            this.error(`${lazy} (loaded lazily by ${fileName}) imports CSS, which the direct import() would not load`);
        }
      }
    },
  };
}

/** How the helper's import reads in a rendered chunk: `import { t as __vitePreload } from "./assets/preload-helper-….js";`. */
export const PRELOAD_HELPER_IMPORT = /^import \{ \w+ as (\w+) \} from "[^"]*preload-helper[^"]*";\n/m;
