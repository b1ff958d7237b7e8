import type { ComponentChildren } from 'preact';
import { Link, useRoute } from 'wouter-preact';
import { useSession } from '../api/session.js';

const NAV = [
  ['/', 'Fleet'],
  ['/alerts', 'Alerts'],
  ['/silences', 'Silences'],
  ['/inventory', 'Inventory'],
] as const;

/** Landmarks on every page: a skip link, the navigation, the main content. */
export function Shell({ children }: { children: ComponentChildren }) {
  const { session, signOut } = useSession();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">modelwatch</span>
        <nav aria-label="Console">
          <ul>
            {NAV.map(([href, text]) => (
              <NavItem key={href} href={href} text={text} />
            ))}
          </ul>
        </nav>
        <span class="who">
          key {session.keyId} · {session.scopes.join(', ')}
          {session.models ? ` · ${session.models.join(', ')}` : ''}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function NavItem({ href, text }: { href: string; text: string }) {
  const [active] = useRoute(href === '/' ? '/' : `${href}/*?`);
  return (
    <li>
      <Link href={href} aria-current={active ? 'page' : undefined}>
        {text}
      </Link>
    </li>
  );
}
