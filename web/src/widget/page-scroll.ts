/** Where the widget's pane covers the whole screen (widget.css): a phone held either way. */
const PHONE = '(max-width: 480px)';

/**
 * Keeps the host page from scrolling under the pane while it covers the screen, and gives the
 * page back its own inline overflow when the pane closes or the screen widens. Set through the
 * CSSOM, which a host page's strict style-src allows; `important` wins over the page's own rules,
 * important ones included. Returns what gives it back.
 */
export function lockPageScroll(): () => void {
  const phone = window.matchMedia(PHONE);
  const styles = [document.documentElement.style, document.body.style];
  let kept: string[] | undefined;
  const release = () => {
    kept?.forEach((overflow, i) => {
      Object.assign(styles[i] ?? {}, { overflow });
    });
    kept = undefined;
  };
  const apply = () => {
    if (!phone.matches) return release();
    kept ??= styles.map((style) => {
      const overflow = style.overflow;
      style.setProperty('overflow', 'hidden', 'important');
      return overflow;
    });
  };
  apply();
  phone.addEventListener('change', apply);
  return () => {
    phone.removeEventListener('change', apply);
    release();
  };
}
