import { createResource, createSignal, For, Show } from 'solid-js';
import { contrastProblems } from '@guichet/tenants/presentation';
import { api, type ConsoleMemberCommunes } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { createForm, FormProblem, SuccessNotice, TextField } from '../citizen/form-fields.tsx';
import { ConsoleNav } from './console-nav.tsx';
import { HealthSection } from './health.tsx';
import { useConsoleStaff } from './console-staff.ts';

type MemberCommune = ConsoleMemberCommunes['communes'][number];

/** /console/communes: the member communes, their health, what to declare for each at the identity providers, and creating one. */
export function ConsoleCommunes() {
  const [data, { refetch }] = createResource(useConsoleStaff(), async (me) => {
    const communes = await api.console.communes.$get();
    return { me, communes: communes.ok ? ((await communes.json()) as ConsoleMemberCommunes).communes : [] };
  });
  const [created, setCreated] = createSignal<MemberCommune>();
  return (
    <Show when={data()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      {(loaded) => (
        <StaffPage title="Communes membres" tagline="Console intercommunale" nav={<ConsoleNav name={loaded().me.displayName} />}>
          <Show when={created()}>
            {(commune) => (
              <SuccessNotice>
                <p>
                  <strong>La commune {commune().name} est créée.</strong> Son portail répond à <a href={commune().portalUrl}>{commune().portalUrl}</a> ; l’invitation de son
                  administrateur est partie. Déclarez ses adresses de retour chez FranceConnect et ProConnect (ci-dessous).
                </p>
              </SuccessNotice>
            )}
          </Show>
          <HealthSection members={loaded().communes.length} />
          <For each={loaded().communes}>{(commune) => <CommuneCard commune={commune} />}</For>
          <CreationForm
            onCreated={(commune) => {
              setCreated(commune);
              void refetch();
            }}
          />
        </StaffPage>
      )}
    </Show>
  );
}

function CommuneCard(props: { commune: MemberCommune }) {
  const id = () => `commune-${props.commune.slug}`;
  return (
    <section class="card" aria-labelledby={id()}>
      <h2 id={id()}>{props.commune.name}</h2>
      <p>
        Code INSEE {props.commune.inseeCode} · portail : <a href={props.commune.portalUrl}>{props.commune.portalUrl}</a>
        <Show when={props.commune.hostnames.length > 0}> · adresses propres : {props.commune.hostnames.join(', ')}</Show>
      </p>
      <details>
        <summary>Adresses à déclarer chez FranceConnect et ProConnect</summary>
        <AddressList title="FranceConnect : adresses de retour (redirect_uri)" addresses={props.commune.redirects.franceconnect} />
        <AddressList title="FranceConnect : adresses après déconnexion (post_logout_redirect_uri)" addresses={props.commune.redirects.franceconnectSignedOut} />
        <AddressList title="ProConnect (agents) : adresses de retour" addresses={props.commune.redirects.proconnect} />
      </details>
    </section>
  );
}

function AddressList(props: { title: string; addresses: string[] }) {
  return (
    <>
      <h3>{props.title}</h3>
      <ul>
        <For each={props.addresses}>{(address) => <li><code>{address}</code></li>}</For>
      </ul>
    </>
  );
}

/** « Saint-Étienne-au-Mont » → « saint-etienne-au-mont »: the identifier proposed while it is not edited. */
function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

const fieldIds: Record<string, string> = {
  name: 'commune-name',
  slug: 'commune-slug',
  inseeCode: 'commune-inseeCode',
  hostnames: 'commune-hostnames',
  ...Object.fromEntries([0, 1, 2, 3, 4].map((index) => [`hostnames/${index}`, 'commune-hostnames'])),
  'branding/primaryColor': 'commune-primaryColor',
  'branding/textOnPrimary': 'commune-textOnPrimary',
  'branding/secondaryColor': 'commune-secondaryColor',
  'branding/tagline': 'commune-tagline',
  'contact/address': 'commune-address',
  'contact/postalCode': 'commune-postalCode',
  'contact/city': 'commune-city',
  'administrator/displayName': 'commune-administrator-name',
  'administrator/email': 'commune-administrator-email',
};

function CreationForm(props: { onCreated: (commune: MemberCommune) => void }) {
  const form = createForm();
  const [name, setName] = createSignal('');
  const [slug, setSlug] = createSignal<string>();
  const [inseeCode, setInseeCode] = createSignal('');
  const [hostnames, setHostnames] = createSignal('');
  const [colours, setColours] = createSignal({ primaryColor: '#1d4f91', textOnPrimary: '#ffffff', secondaryColor: '#eef3fa' });
  const [tagline, setTagline] = createSignal('');
  const [contact, setContact] = createSignal({ address: '', postalCode: '', city: '' });
  const [administrator, setAdministrator] = createSignal({ displayName: '', email: '' });
  const shownSlug = () => slug() ?? slugOf(name());
  function clear() {
    for (const set of [setName, setInseeCode, setHostnames, setTagline]) set('');
    setSlug(undefined);
    setContact({ address: '', postalCode: '', city: '' });
    setAdministrator({ displayName: '', email: '' });
  }
  const error = (field: string) => form.fieldError(field);

  function create(event: SubmitEvent) {
    event.preventDefault();
    const json = {
      name: name(),
      slug: shownSlug(),
      inseeCode: inseeCode(),
      hostnames: hostnames()
        .split(/[\s,]+/)
        .filter(Boolean),
      branding: { ...colours(), ...(tagline().trim() ? { tagline: tagline().trim() } : {}) },
      contact: contact(),
      administrator: administrator(),
    };
    void form.submit(
      () => api.console.communes.$post({ json }),
      async (response) => {
        props.onCreated((await response.json()) as MemberCommune);
        clear();
      },
    );
  }

  return (
    <section class="card" aria-labelledby="creation-titre">
      <h2 id="creation-titre">Créer une commune</h2>
      <p>
        La commune rejoint l’intercommunalité avec un premier service, « Accueil de la mairie ». Son administrateur reçoit une invitation par e-mail pour choisir son mot de passe ;
        il ajoute ensuite les services, les agents, les démarches et le logo de la commune.
      </p>
      <form class="form" onSubmit={create} novalidate>
        <FormProblem form={form} fields={fieldIds} />
        <fieldset>
          <legend>Identité</legend>
          <TextField id="commune-name" label="Nom de la commune" autocomplete="off" value={name()} onInput={(event) => setName(event.currentTarget.value)} error={error('name')} />
          <TextField
            id="commune-slug"
            label="Identifiant"
            hint="Minuscules, chiffres et tirets : il forme l’adresse du portail sur la plateforme."
            value={shownSlug()}
            onInput={(event) => setSlug(event.currentTarget.value)}
            error={error('slug')}
          />
          <TextField id="commune-inseeCode" label="Code INSEE" hint="5 caractères, par exemple 62249." value={inseeCode()} onInput={(event) => setInseeCode(event.currentTarget.value)} error={error('inseeCode')} />
          <TextField
            id="commune-hostnames"
            label="Adresses propres (facultatif)"
            hint="Le domaine de la commune, s’il pointe vers la plateforme (ex. mairie-courcelles.fr) ; plusieurs séparés par une virgule."
            value={hostnames()}
            onInput={(event) => setHostnames(event.currentTarget.value)}
            error={error('hostnames') ?? form.problem()?.errors?.find((entry) => entry.field.startsWith('hostnames/'))?.message}
          />
        </fieldset>
        <fieldset>
          <legend>Couleurs du portail</legend>
          <For each={[['primaryColor', 'Couleur principale (en-tête, barres)'], ['textOnPrimary', 'Texte sur la couleur principale'], ['secondaryColor', 'Couleur secondaire (pied de page, tableaux)']] as const}>
            {([key, label]) => (
              <div class="field">
                <label for={`commune-${key}`}>{label}</label>
                <input id={`commune-${key}`} type="color" value={colours()[key]} onInput={(event) => setColours({ ...colours(), [key]: event.currentTarget.value })} />
                <span class="hint"> {colours()[key]}</span>
              </div>
            )}
          </For>
          <Show when={contrastProblems(colours()).length > 0}>
            <div class="notice notice--warning">
              <For each={contrastProblems(colours())}>{(problem) => <p>{problem.message}</p>}</For>
            </div>
          </Show>
          <TextField id="commune-tagline" label="Slogan sous le nom (facultatif)" maxLength={120} value={tagline()} onInput={(event) => setTagline(event.currentTarget.value)} />
        </fieldset>
        <fieldset>
          <legend>Mairie</legend>
          <TextField id="commune-address" label="Adresse de la mairie" value={contact().address} onInput={(event) => setContact({ ...contact(), address: event.currentTarget.value })} error={error('contact/address')} />
          <TextField id="commune-postalCode" label="Code postal" inputmode="numeric" value={contact().postalCode} onInput={(event) => setContact({ ...contact(), postalCode: event.currentTarget.value })} error={error('contact/postalCode')} />
          <TextField id="commune-city" label="Ville" value={contact().city} onInput={(event) => setContact({ ...contact(), city: event.currentTarget.value })} error={error('contact/city')} />
        </fieldset>
        <fieldset>
          <legend>Premier administrateur</legend>
          <TextField
            id="commune-administrator-name"
            label="Nom et prénom"
            autocomplete="off"
            value={administrator().displayName}
            onInput={(event) => setAdministrator({ ...administrator(), displayName: event.currentTarget.value })}
            error={error('administrator/displayName')}
          />
          <TextField
            id="commune-administrator-email"
            label="Adresse e-mail"
            type="email"
            autocomplete="off"
            value={administrator().email}
            onInput={(event) => setAdministrator({ ...administrator(), email: event.currentTarget.value })}
            error={error('administrator/email')}
          />
        </fieldset>
        <button type="submit" class="button" disabled={form.busy()}>
          Créer la commune et inviter son administrateur
        </button>
      </form>
    </section>
  );
}
