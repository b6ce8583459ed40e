import type { JSX } from 'solid-js';
import { CitizenAccountLink } from './citizen-account-link.tsx';

export function SiteHeader(props: { name: string; tagline?: string | undefined; logoUrl: string; children?: JSX.Element }) {
  return (
    <header class="site-header" role="banner">
      <div class="wrap site-header__inner">
        <a href="/" class="site-header__brand">
          <img src={props.logoUrl} alt="" width="56" height="56" />
          <span>
            <span class="site-header__name">{props.name}</span>
            {props.tagline && <span class="site-header__tagline">{props.tagline}</span>}
          </span>
        </a>
        {/* Without navigation of its own, a commune page offers the citizen's sign-in or account. */}
        {props.children ?? <CitizenAccountLink />}
      </div>
    </header>
  );
}
