import { createResource, For, Show } from 'solid-js';
import { api, type CommuneProfile } from '../api.ts';
import { SiteHeader } from '../components/site-header.tsx';
import { ofCommune } from '@guichet/tenants/commune-name';
import { SiteFooter } from '../components/site-footer.tsx';

export function CommuneHome(props: { commune: CommuneProfile }) {
  const commune = () => props.commune;
  const [services] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services : undefined;
  });

  return (
    <>
      <a class="skip-link" href="#contenu">Aller au contenu</a>
      <SiteHeader name={commune().name} tagline={commune().branding.tagline} logoUrl={commune().branding.logoUrl} />
      <main id="contenu" class="wrap" tabindex="-1">
        <h1>Bienvenue sur le portail citoyen {ofCommune(commune().name)}</h1>
        <p class="lead">
          Effectuez vos démarches en ligne, suivez vos demandes et échangez avec les services de la mairie, 24 h/24 et 7 j/7.
        </p>
        <p>
          <a class="button" href="/demarches">
            Démarches en ligne
          </a>
        </p>
        <section aria-labelledby="services-titre" class="card">
          <h2 id="services-titre">Les services de la mairie</h2>
          <Show when={services()} fallback={<p>Chargement des services…</p>}>
            <ul class="service-list">
              <For each={services()}>
                {(service) => (
                  <li>
                    <strong>{service.name}</strong>
                    {service.description && <span> — {service.description}</span>}
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
        <section aria-labelledby="contact-titre" class="card">
          <h2 id="contact-titre">Nous contacter</h2>
          <address>
            Mairie {ofCommune(commune().name)}
            <br />
            {commune().contact.address}
            <br />
            {commune().contact.postalCode} {commune().contact.city}
            <Show when={commune().contact.phone}>
              {(phone) => (
                <>
                  <br />
                  Téléphone : <a href={`tel:${phone().replaceAll(' ', '')}`}>{phone()}</a>
                </>
              )}
            </Show>
          </address>
        </section>
      </main>
      <SiteFooter commune={commune()} />
    </>
  );
}
