import { createResource, createSignal, For, Show } from 'solid-js';
import { contrastProblems, contrastRatio } from '@guichet/tenants/presentation';
import { api, type CommunePresentation } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { useSite } from '../../site-context.tsx';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';
import { AgentNav } from './agent-nav.tsx';
import { LogoField } from './logo-field.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

const colourFields = [
  { key: 'primaryColor', label: 'Couleur principale (en-tête, barres)' },
  { key: 'textOnPrimary', label: 'Texte sur la couleur principale' },
  { key: 'secondaryColor', label: 'Couleur secondaire (pied de page, tableaux)' },
] as const;

const contactFields = [
  { key: 'address', label: 'Adresse de la mairie', required: true },
  { key: 'postalCode', label: 'Code postal', required: true },
  { key: 'city', label: 'Ville', required: true },
  { key: 'phone', label: 'Téléphone' },
  { key: 'email', label: 'E-mail' },
  { key: 'website', label: 'Site web' },
] as const;

const ratio = (value: number) => `${value.toFixed(1).replace('.', ',')}:1`;

/**
 * /agent/administration/commune: how the portal presents the commune (logo, colours, tagline,
 * contact details, opening hours), with a live preview of its header and the contrasts checked as
 * they are chosen, the same check the API makes.
 */
export function PresentationAdministration() {
  const me = useSignedInAgent();
  const site = useSite();
  const commune = () => {
    const current = site();
    return current.kind === 'commune' ? { name: current.commune.name, logoUrl: current.commune.branding.logoUrl } : { name: '', logoUrl: '' };
  };
  const [saved] = createResource(async () => {
    const response = await api.agent.administration.commune.$get();
    return response.ok ? response.json() : null;
  });
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Présentation de la commune" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <Show when={saved() !== undefined} fallback={<p role="status">Chargement…</p>}>
          <Show when={saved()} fallback={<p class="notice notice--error">Cette page est réservée aux administrateurs de la commune.</p>}>
            {(current) => <PresentationForm initial={current()} commune={commune()} />}
          </Show>
        </Show>
      </StaffPage>
    </Show>
  );
}

function PresentationForm(props: { initial: CommunePresentation; commune: { name: string; logoUrl: string } }) {
  const form = createForm();
  const [branding, setBranding] = createSignal({ ...props.initial.branding });
  const [logoUrl, setLogoUrl] = createSignal(props.commune.logoUrl);
  const [contact, setContact] = createSignal<CommunePresentation['contact']>({ ...props.initial.contact });
  const [done, setDone] = createSignal('');
  const problems = () => contrastProblems(branding());
  const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

  function save(event: SubmitEvent) {
    event.preventDefault();
    setDone('');
    const json = {
      branding: { ...branding(), tagline: optional(branding().tagline) },
      contact: Object.fromEntries(Object.entries(contact()).map(([key, value]) => [key, optional(value)]).filter(([, value]) => value !== undefined)) as CommunePresentation['contact'],
    };
    void form.submit(
      () => api.agent.administration.commune.$put({ json }),
      () => void setDone('Présentation enregistrée : le portail l’affiche désormais.'),
    );
  }

  return (
    <form class="form presentation-form" onSubmit={save} novalidate>
      <FormProblem
        form={form}
        fields={{
          'branding/primaryColor': 'presentation-primaryColor',
          'branding/secondaryColor': 'presentation-secondaryColor',
          'branding/textOnPrimary': 'presentation-textOnPrimary',
          'branding/tagline': 'presentation-tagline',
          ...Object.fromEntries([...contactFields.map((field) => field.key), 'openingHours'].map((key) => [`contact/${key}`, `presentation-${key}`])),
        }}
      />
      <p role="status" class={done() ? 'notice notice--success' : 'visually-hidden'}>
        {done()}
      </p>
      <fieldset>
        <legend>Couleurs</legend>
        <For each={colourFields}>
          {(field) => (
            <div class="field">
              <label for={`presentation-${field.key}`}>{field.label}</label>
              <input id={`presentation-${field.key}`} type="color" value={branding()[field.key]} onInput={(event) => setBranding({ ...branding(), [field.key]: event.currentTarget.value })} />
              <span class="hint"> {branding()[field.key]}</span>
            </div>
          )}
        </For>
        <ul class="contrast-checks">
          <li>Texte de l’en-tête : {ratio(contrastRatio(branding().textOnPrimary, branding().primaryColor))} (4,5:1 au moins)</li>
          <li>Liens sur la couleur secondaire : {ratio(contrastRatio('#0b4fa8', branding().secondaryColor))} (4,5:1 au moins)</li>
          <li>Couleur principale sur blanc : {ratio(contrastRatio(branding().primaryColor, '#ffffff'))} (3:1 au moins)</li>
        </ul>
        <Show when={problems().length > 0} fallback={<p class="notice notice--success">Les contrastes sont suffisants (RGAA, critères 3.2 et 3.3).</p>}>
          <div class="notice notice--warning">
            <For each={problems()}>{(problem) => <p>{problem.message}</p>}</For>
          </div>
        </Show>
      </fieldset>
      <div class="field">
        <label for="presentation-tagline">Slogan sous le nom (facultatif)</label>
        <input id="presentation-tagline" type="text" maxLength={120} value={branding().tagline ?? ''} onInput={(event) => setBranding({ ...branding(), tagline: event.currentTarget.value })} />
      </div>
      <LogoField logoUrl={logoUrl()} onReplaced={setLogoUrl} />
      <section aria-labelledby="apercu-titre">
        <h2 id="apercu-titre">Aperçu de l’en-tête du portail</h2>
        <div class="site-header presentation-preview" style={{ background: branding().primaryColor, color: branding().textOnPrimary }}>
          <div class="site-header__inner">
            <span class="site-header__brand" style={{ color: branding().textOnPrimary }}>
              <img src={logoUrl()} alt="" width="56" height="56" />
              <span>
                <span class="site-header__name">{props.commune.name}</span>
                <Show when={branding().tagline}>
                  <span class="site-header__tagline">{branding().tagline}</span>
                </Show>
              </span>
            </span>
          </div>
        </div>
        <div class="presentation-preview__footer" style={{ background: branding().secondaryColor }}>
          Pied de page sur la couleur secondaire
        </div>
      </section>
      <fieldset>
        <legend>Coordonnées de la mairie</legend>
        <For each={contactFields}>
          {(field) => (
            <div class="field">
              <label for={`presentation-${field.key}`}>
                {field.label}
                {'required' in field ? ' (obligatoire)' : ''}
              </label>
              <input
                id={`presentation-${field.key}`}
                type={field.key === 'email' ? 'email' : field.key === 'website' ? 'url' : field.key === 'phone' ? 'tel' : 'text'}
                value={contact()[field.key] ?? ''}
                onInput={(event) => setContact({ ...contact(), [field.key]: event.currentTarget.value })}
              />
            </div>
          )}
        </For>
        <div class="field">
          <label for="presentation-openingHours">Horaires d’ouverture</label>
          <textarea id="presentation-openingHours" rows={3} value={contact().openingHours ?? ''} onInput={(event) => setContact({ ...contact(), openingHours: event.currentTarget.value })} />
        </div>
      </fieldset>
      <button type="submit" class="button" disabled={form.busy()}>
        Enregistrer la présentation
      </button>
    </form>
  );
}
