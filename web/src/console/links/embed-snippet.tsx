import { useState } from 'preact/hooks';
import { CopyButton } from '../ui/copy-button';
import { t } from './link-words';

/** Where the token goes in a snippet of a link whose token is not at hand (it is shown once). */
export const TOKEN_PLACEHOLDER = 'LINK_TOKEN';

/**
 * The ways to put a link's chat on another site (docs/widget.md "Embedding", "React", "Vue": the
 * widget's script tag, and its components), each as it is pasted into that site's code.
 */
const SNIPPETS = {
  script: (origin: string, token: string) => `<script src="${origin}/widget.js" data-token="${token}" async></script>`,
  react: (origin: string, token: string) => `import { ParleyChat } from '@parley/widget-react';\n\n<ParleyChat platformUrl="${origin}" token="${token}" />`,
  vue: (origin: string, token: string) =>
    `<script setup>\nimport { ParleyChat } from '@parley/widget-vue';\n</script>\n\n<template>\n  <ParleyChat platform-url="${origin}" token="${token}" />\n</template>`,
};
type Kind = keyof typeof SNIPPETS;
const KINDS: readonly { kind: Kind; label: string }[] = [
  { kind: 'script', label: t('embed.script') },
  { kind: 'react', label: t('embed.react') },
  { kind: 'vue', label: t('embed.vue') },
];

/**
 * The widget's embed snippet for a link, by the platform's `origin`: the script tag, or the React
 * or Vue component, one at a time, with a copy button. Without the token (shown only when the link
 * is made or given a new URL) it holds a placeholder, and says where the token comes from.
 */
export function EmbedSnippet({ origin, token }: { origin: string; token?: string | undefined }) {
  const [kind, setKind] = useState<Kind>('script');
  const code = SNIPPETS[kind](origin, token ?? TOKEN_PLACEHOLDER);
  const shown = KINDS.find((one) => one.kind === kind)?.label ?? kind;
  return (
    <section class="embed" aria-labelledby="embed-title">
      <h3 id="embed-title">{t('embed.title')}</h3>
      <p class="muted">{token ? t('embed.intro') : t('embed.placeholder', { placeholder: TOKEN_PLACEHOLDER })}</p>
      <fieldset class="choices">
        <legend class="sr-only">{t('embed.kinds')}</legend>
        {KINDS.map((one) => (
          <button key={one.kind} type="button" aria-pressed={kind === one.kind} onClick={() => setKind(one.kind)}>
            {one.label}
          </button>
        ))}
      </fieldset>
      <label for="embed-code" class="sr-only">
        {t('embed.codeOf', { kind: shown })}
      </label>
      <textarea id="embed-code" class="code snippet" data-snippet={kind} readOnly rows={code.split('\n').length} value={code} spellcheck={false} />
      <div class="actions">
        <CopyButton text={code} label={t('embed.copy')} subject={shown} primary />
      </div>
    </section>
  );
}
