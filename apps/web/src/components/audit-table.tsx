import { For, Show } from 'solid-js';
import type { AuditJournalPage } from '../api.ts';

const actionLabels: Record<string, string> = {
  sign_in: 'Connexion',
  sign_in_failed: 'Échec de connexion',
  sign_out: 'Déconnexion',
  second_factor_enrolled: 'Application d’authentification associée',
  second_factor_failed: 'Code de second facteur refusé',
  password_changed: 'Mot de passe choisi',
  identity_linked: 'Compte relié au fournisseur d’identité',
  role_changed: 'Rôle modifié',
  services_changed: 'Services modifiés',
  agent_invited: 'Agent invité',
  agent_disabled: 'Agent désactivé',
  sessions_revoked: 'Sessions fermées',
  account_locked: 'Tentatives suspendues',
  password_reset_requested: 'Réinitialisation du mot de passe demandée',
  email_verified: 'Adresse e-mail confirmée',
  account_deleted: 'Compte supprimé',
  presentation_changed: 'Présentation de la commune modifiée',
  logo_changed: 'Logo de la commune remplacé',
  service_changed: 'Service créé ou modifié',
  quality_report_published: 'Rapport qualité publié',
  quality_report_withdrawn: 'Rapport qualité retiré',
  commune_created: 'Commune créée',
};

/** Who acted, or on whom: their name, else what kind of account (a citizen is never named here). */
function partyInWords(party: AuditJournalPage['entries'][number]['actor']): string {
  if (!party) return '—';
  if (party.name) return party.name;
  if (party.kind === 'citizen') return 'Un usager';
  if (party.kind === 'epci_staff') return 'L’intercommunalité';
  if (party.kind === 'service') return 'Un service';
  return 'Un compte supprimé ou inconnu';
}

const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });

/**
 * An audit log page as a table, newest first, and the button to the older lines; with `communes`,
 * a column says which commune each line is about (the EPCI console's log).
 */
export function AuditTable(props: { page: AuditJournalPage | undefined; caption: string; communes?: boolean; onOlder: (cursor: number) => void }) {
  return (
    <>
      <div class="table-scroll">
        <table class="table">
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Événement</th>
              <Show when={props.communes}>
                <th scope="col">Commune</th>
              </Show>
              <th scope="col">Par</th>
              <th scope="col">Concerne</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.page?.entries}>
              {(entry) => (
                <tr>
                  <td>{when.format(new Date(entry.at))}</td>
                  <th scope="row">{actionLabels[entry.action] ?? 'Autre événement'}</th>
                  <Show when={props.communes}>
                    <td>{entry.commune?.name ?? 'Intercommunalité'}</td>
                  </Show>
                  <td>{partyInWords(entry.actor)}</td>
                  <td>{partyInWords(entry.subject)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.page?.nextCursor}>
        {(cursor) => (
          <button type="button" class="button button--secondary" onClick={() => props.onOlder(cursor())}>
            Événements plus anciens
          </button>
        )}
      </Show>
    </>
  );
}
