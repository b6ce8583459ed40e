import { useNavigate, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type CitizenAccount } from '../../api.ts';
import { useCitizenSession } from '../../citizen-session.ts';
import { AccountDeletedNotice, AccountDeletion } from './account-deletion.tsx';
import { DataExport } from './data-export.tsx';
import { createForm, FormProblem, SuccessNotice, TextField } from './form-fields.tsx';
import { FranceConnectButton } from './franceconnect-button.tsx';
import { PortalPage } from './portal-page.tsx';
import { RedirectError } from './redirect-error.tsx';

/** /mon-compte: identity, ways in, notification preferences, signing out. */
export function Account() {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ erreur?: string }>();
  const [account, { mutate, refetch }] = createResource(async () => {
    const response = await api.compte.$get();
    if (response.status === 401) {
      navigate(`/connexion?retour=${encodeURIComponent('/mon-compte')}`, { replace: true });
      return undefined;
    }
    return response.ok ? response.json() : undefined;
  });

  const [deleted, setDeleted] = createSignal(false);

  return (
    <PortalPage title="Mon compte">
      <RedirectError code={search.erreur} />
      <Show
        when={!deleted()}
        fallback={<AccountDeletedNotice />}
      >
        <Show when={account()} fallback={<p role="status">Chargement de votre compte…</p>}>
          {(current) => (
            <>
              <Identity account={current()} />
              <WaysIn account={current()} onChanged={() => void refetch()} />
              <Notifications account={current()} onSaved={(preferences) => mutate({ ...current(), preferences })} />
              <Sessions />
              <DataExport />
              <AccountDeletion account={current()} onDeleted={() => setDeleted(true)} />
            </>
          )}
        </Show>
      </Show>
    </PortalPage>
  );
}

const genders: Record<string, string> = { female: 'Féminin', male: 'Masculin' };

/** "2026-03-12" as "12 mars 2026", without a time zone shifting the day. */
function frenchDate(isoDate: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

function Identity(props: { account: CitizenAccount }) {
  const identity = () => props.account.identity;
  const facts = () =>
    [
      ['Prénoms', identity().givenName],
      ['Nom de naissance', identity().familyName],
      ['Date de naissance', identity().birthdate && frenchDate(identity().birthdate!)],
      ['Lieu de naissance', identity().birthplace && `commune de code INSEE ${identity().birthplace}`],
      ['Pays de naissance', identity().birthcountry && (identity().birthcountry === '99100' ? 'France' : `pays de code INSEE ${identity().birthcountry}`)],
      ['Sexe', identity().gender && genders[identity().gender!]],
    ].filter((fact): fact is [string, string] => Boolean(fact[1]));
  return (
    <section class="card" aria-labelledby="identite-titre">
      <h2 id="identite-titre">Mon identité</h2>
      <Show
        when={props.account.identityVerified}
        fallback={<p>Votre identité n’est pas vérifiée. Reliez votre compte à FranceConnect pour que les démarches qui l’exigent la connaissent.</p>}
      >
        <p class="verified-badge">
          <span aria-hidden="true">✓ </span>Identité vérifiée par FranceConnect
        </p>
        <dl class="facts">
          <For each={facts()}>
            {([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </>
            )}
          </For>
        </dl>
      </Show>
    </section>
  );
}

const passwordFields = { currentPassword: 'mot-de-passe-actuel', newPassword: 'mot-de-passe-nouveau' };

function WaysIn(props: { account: CitizenAccount; onChanged: () => void }) {
  const link = createForm();
  const password = createForm();
  const [saved, setSaved] = createSignal<'changed' | 'confirmation-sent'>();

  function linkFranceConnect() {
    void link.submit(
      () => api.compte.franceconnect.$post(),
      async (response) => window.location.assign(((await response.json()) as { redirect: string }).redirect),
    );
  }

  function setPassword(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const data = new FormData(formElement);
    const currentPassword = data.get('currentPassword');
    void password.submit(
      () =>
        api.compte['mot-de-passe'].$put({
          json: { newPassword: String(data.get('newPassword') ?? ''), ...(currentPassword === null ? {} : { currentPassword: String(currentPassword) }) },
        }),
      async (response) => {
        const { confirmationSent } = (await response.json()) as { confirmationSent: boolean };
        formElement.reset();
        setSaved(confirmationSent ? 'confirmation-sent' : 'changed');
        props.onChanged();
      },
    );
  }

  return (
    <section class="card" aria-labelledby="connexion-titre">
      <h2 id="connexion-titre">Mes moyens de connexion</h2>
      <dl class="facts">
        <dt>Adresse e-mail</dt>
        <dd>
          {props.account.email ?? 'aucune'}
          <Show when={props.account.email && !props.account.emailVerified}> (non confirmée)</Show>
        </dd>
        <dt>FranceConnect</dt>
        <dd>{props.account.methods.franceconnect ? 'relié à votre compte' : 'non relié'}</dd>
        <dt>Mot de passe</dt>
        <dd>{props.account.methods.password ? 'défini' : 'aucun'}</dd>
      </dl>

      <Show when={!props.account.methods.franceconnect && props.account.franceconnectAvailable}>
        <h3>Relier FranceConnect</h3>
        <p>Vous pourrez ensuite vous connecter avec FranceConnect, et votre identité sera vérifiée.</p>
        <FormProblem form={link} fields={{}} />
        <FranceConnectButton onClick={linkFranceConnect} disabled={link.busy()} />
      </Show>

      <Show when={props.account.email}>
        <h3>{props.account.methods.password ? 'Changer de mot de passe' : 'Choisir un mot de passe'}</h3>
        <Show when={saved()}>
          {(outcome) => (
            <SuccessNotice>
              <p>
                {outcome() === 'changed'
                  ? 'Votre mot de passe est changé. Vos autres appareils ont été déconnectés.'
                  : 'Votre mot de passe est enregistré. Confirmez votre adresse e-mail avec le lien que nous venons de vous envoyer pour pouvoir l’utiliser.'}
              </p>
            </SuccessNotice>
          )}
        </Show>
        <form onSubmit={setPassword} class="form" novalidate>
          <FormProblem form={password} fields={passwordFields} />
          <Show when={props.account.methods.password}>
            <TextField
              id={passwordFields.currentPassword}
              name="currentPassword"
              type="password"
              autocomplete="current-password"
              label="Mot de passe actuel"
              error={password.fieldError('currentPassword')}
            />
          </Show>
          <TextField
            id={passwordFields.newPassword}
            name="newPassword"
            type="password"
            autocomplete="new-password"
            label="Nouveau mot de passe"
            hint="Au moins 12 caractères."
            error={password.fieldError('newPassword')}
          />
          <button type="submit" class="button" disabled={password.busy()}>
            Enregistrer le mot de passe
          </button>
        </form>
      </Show>
    </section>
  );
}

const preferenceFields = { phone: 'telephone' };

function Notifications(props: { account: CitizenAccount; onSaved: (preferences: CitizenAccount['preferences']) => void }) {
  const form = createForm();
  const [saved, setSaved] = createSignal(false);

  function save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setSaved(false);
    void form.submit(
      () =>
        api.compte.preferences.$patch({
          json: { notifyByEmail: data.get('notifyByEmail') === 'oui', notifyBySms: data.get('notifyBySms') === 'oui', phone: String(data.get('phone') ?? '') },
        }),
      async (response) => {
        props.onSaved(((await response.json()) as { preferences: CitizenAccount['preferences'] }).preferences);
        setSaved(true);
      },
    );
  }

  return (
    <section class="card" aria-labelledby="notifications-titre">
      <h2 id="notifications-titre">Mes notifications</h2>
      <form onSubmit={save} class="form" novalidate>
        <FormProblem form={form} fields={preferenceFields} />
        <Show when={saved()}>
          <SuccessNotice>
            <p>Vos préférences sont enregistrées.</p>
          </SuccessNotice>
        </Show>
        <fieldset class="field">
          <legend>Être prévenu du suivi de mes demandes</legend>
          <label class="checkbox">
            <input type="checkbox" name="notifyByEmail" value="oui" checked={props.account.preferences.notifyByEmail} /> par e-mail
          </label>
          <label class="checkbox">
            <input type="checkbox" name="notifyBySms" value="oui" checked={props.account.preferences.notifyBySms} /> par SMS
          </label>
        </fieldset>
        <TextField
          id={preferenceFields.phone}
          name="phone"
          type="tel"
          autocomplete="tel"
          label="Numéro de téléphone mobile"
          hint="Nécessaire pour les SMS. Exemple : 06 12 34 56 78"
          value={props.account.preferences.phone ?? ''}
          error={form.fieldError('phone')}
        />
        <button type="submit" class="button" disabled={form.busy()}>
          Enregistrer mes préférences
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const navigate = useNavigate();
  const { refresh } = useCitizenSession();
  const form = createForm();

  /** Our own pages are routed here; FranceConnect's end-session page is a full navigation. */
  function go(redirect: string) {
    refresh();
    if (/^https?:/.test(redirect)) window.location.assign(redirect);
    else navigate(redirect, { replace: true });
  }

  const signOut = () =>
    void form.submit(
      () => api.auth.deconnexion.$post(),
      async (response) => go(((await response.json()) as { redirect: string }).redirect),
    );
  const signOutEverywhere = () =>
    void form.submit(
      () => api.compte['deconnexion-partout'].$post(),
      async (response) => go(((await response.json()) as { redirect: string }).redirect),
    );

  return (
    <section class="card" aria-labelledby="sessions-titre">
      <h2 id="sessions-titre">Déconnexion</h2>
      <FormProblem form={form} fields={{}} />
      <p>Sur un ordinateur partagé, pensez à vous déconnecter. Si vous avez perdu un appareil, déconnectez-vous de tous vos appareils.</p>
      <p class="actions">
        <button type="button" class="button" onClick={signOut} disabled={form.busy()}>
          Se déconnecter
        </button>{' '}
        <button type="button" class="button button--danger" onClick={signOutEverywhere} disabled={form.busy()}>
          Se déconnecter de tous mes appareils
        </button>
      </p>
    </section>
  );
}
