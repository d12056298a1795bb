/**
 * Keeps the page inside the visible viewport: when the on-screen keyboard opens (iOS resizes only
 * the visual viewport), the page shrinks to what is visible so the message box stays above it.
 */
export function trackVisualViewport(): void {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const root = document.documentElement;
  const update = () => {
    root.style.setProperty('--viewport-height', `${Math.round(viewport.height)}px`);
    root.style.setProperty('--viewport-top', `${Math.round(viewport.offsetTop)}px`);
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  update();
}
