import { createEffect } from 'solid-js';

type Colours = { primaryColor: string; secondaryColor: string; textOnPrimary: string };

/** The commune's colours become CSS custom properties, so every component follows its brand. */
export function applyBranding(colours: () => Colours, title: () => string) {
  createEffect(() => {
    const root = document.documentElement.style;
    root.setProperty('--brand', colours().primaryColor);
    root.setProperty('--brand-soft', colours().secondaryColor);
    root.setProperty('--on-brand', colours().textOnPrimary);
    document.title = title();
  });
}
