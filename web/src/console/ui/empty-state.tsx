import type { ComponentChildren } from 'preact';

/**
 * What a list says in place of its table when it has nothing yet: one line, plain where it is the
 * page's own news ("No agents yet. Create one…"), `quiet` (muted) under something else.
 */
export function EmptyState({ quiet, children }: { quiet?: boolean; children: ComponentChildren }) {
  return <p class={quiet ? 'muted' : undefined}>{children}</p>;
}
