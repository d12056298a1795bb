import { useEffect, useState } from 'preact/hooks';

/** The console's views have their own paths under /console, so reloading or sharing an address opens the same view. */
export const BASE = '/console';

export function navigate(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The path below /console, split into decoded segments: `/console/agents/intake/links` → ['agents', 'intake', 'links']. */
export function useRoute(): string[] {
  const read = () =>
    window.location.pathname
      .slice(BASE.length)
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      });
  const [segments, setSegments] = useState(read);
  useEffect(() => {
    const update = () => setSegments(read());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return segments;
}

export const agentPath = (name: string, tab?: string) => `${BASE}/agents/${encodeURIComponent(name)}${tab ? `/${tab}` : ''}`;

/** The knowledge bases' list, or one base's page by its id (a name may change; its id does not). */
export const knowledgePath = (id?: string) => `${BASE}/knowledge${id ? `/${encodeURIComponent(id)}` : ''}`;

/** A link that navigates within the console without reloading it (a plain click; modified clicks open as usual). */
export function onNavigate(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.currentTarget as HTMLAnchorElement;
  event.preventDefault();
  navigate(anchor.pathname);
}
