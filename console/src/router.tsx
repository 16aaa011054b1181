import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

// A tiny router on history.pushState: the server answers index.html for every console path.
const NAVIGATE = 'approdo:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const currentPath = () => window.location.pathname;

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
}

export type Route =
  | { name: 'console' }
  | { name: 'contacts' }
  | { name: 'contact'; id: string }
  | { name: 'softphone' }
  | { name: 'ivr-settings' }
  | { name: 'prompts' }
  | { name: 'blocks' }
  | { name: 'wallboard' }
  | { name: 'staff' }
  | { name: 'indicators' }
  | { name: 'retention' }
  | { name: 'exports' }
  | { name: 'cases' }
  | { name: 'case'; id: string }
  | { name: 'not-found' };

export function matchRoute(path: string): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (clean === '/' || clean === '') return { name: 'console' };
  if (clean === '/contacts') return { name: 'contacts' };
  if (clean === '/softphone') return { name: 'softphone' };
  if (clean === '/admin/ivr') return { name: 'ivr-settings' };
  if (clean === '/admin/prompts') return { name: 'prompts' };
  if (clean === '/blocks') return { name: 'blocks' };
  if (clean === '/wallboard') return { name: 'wallboard' };
  if (clean === '/staff') return { name: 'staff' };
  if (clean === '/admin/indicators') return { name: 'indicators' };
  if (clean === '/admin/retention') return { name: 'retention' };
  if (clean === '/exports') return { name: 'exports' };
  if (clean === '/cases') return { name: 'cases' };
  const contact = /^\/contacts\/([^/]+)$/.exec(clean);
  if (contact) return { name: 'contact', id: decodeURIComponent(contact[1]) };
  const theCase = /^\/cases\/([^/]+)$/.exec(clean);
  if (theCase) return { name: 'case', id: decodeURIComponent(theCase[1]) };
  return { name: 'not-found' };
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An ordinary link (middle-click, copy address work) that navigates in place on a plain click. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const path = usePath();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} aria-current={path === href ? 'page' : undefined} onClick={handle} {...rest} />;
}
