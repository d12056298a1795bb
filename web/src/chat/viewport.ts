/**
 * Keeps a view inside the visible viewport: when the on-screen keyboard opens (iOS resizes only
 * the visual viewport), `--viewport-top` and `--viewport-height` on `target` say what is still
 * visible, so the view can shrink to it and the message box stays above the keyboard. The chat
 * page sets them on its document; the widget on its own root, for as long as its pane is open.
 * Returns what stops the tracking.
 */
export function trackVisualViewport(target: HTMLElement = document.documentElement): () => void {
  const viewport = window.visualViewport;
  if (!viewport) return () => undefined;
  const update = () => {
    target.style.setProperty('--viewport-height', `${Math.round(viewport.height)}px`);
    target.style.setProperty('--viewport-top', `${Math.round(viewport.offsetTop)}px`);
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  update();
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
