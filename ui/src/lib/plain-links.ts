import { useEffect } from 'preact/hooks';

/**
 * Lets big tables use plain <a href="/ui/…"> instead of one router Link (and its subscription)
 * per row: one listener turns a plain left click on any console link into client-side navigation.
 * Modified clicks (new tab, download) keep the browser's behaviour.
 */
export function usePlainLinks(navigate: (to: string) => void): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      const anchor = (event.target as Element | null)?.closest?.('a[data-plain]');
      if (!(anchor instanceof HTMLAnchorElement) || anchor.origin !== location.origin) return;
      if (!anchor.pathname.startsWith('/ui/')) return;
      event.preventDefault();
      navigate(anchor.pathname.slice('/ui'.length) + anchor.search + anchor.hash);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
}

/** A console link for table rows (see usePlainLinks); `to` is a path inside the console. */
export const consoleHref = (to: string) => `/ui${to}`;
