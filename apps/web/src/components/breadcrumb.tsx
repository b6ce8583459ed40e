import { For } from 'solid-js';

/** Where the page sits in the portal ("Fil d’Ariane"): links up to the current page, which is not one. */
export function Breadcrumb(props: { trail: readonly { label: string; href: string }[]; current: string }) {
  return (
    <nav aria-label="Fil d’Ariane" class="breadcrumb">
      <ol>
        <li>
          <a href="/">Accueil</a>
        </li>
        <For each={props.trail}>
          {(step) => (
            <li>
              <a href={step.href}>{step.label}</a>
            </li>
          )}
        </For>
        <li aria-current="page">{props.current}</li>
      </ol>
    </nav>
  );
}
