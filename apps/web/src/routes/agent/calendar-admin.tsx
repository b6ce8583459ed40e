import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type CommuneCalendar } from '../../api.ts';
import { StaffPage } from '../../components/staff-page.tsx';
import { dayInWords } from '../../components/forms/french-dates.ts';
import { createForm, FormProblem } from '../citizen/form-fields.tsx';
import { AgentNav } from './agent-nav.tsx';
import { useSignedInAgent } from './signed-in-agent.ts';

const zoneLabels: Record<CommuneCalendar['zone'], string> = {
  metropole: 'Métropole',
  'alsace-moselle': 'Alsace-Moselle',
  guadeloupe: 'Guadeloupe',
  guyane: 'Guyane',
  'la-reunion': 'La Réunion',
  martinique: 'Martinique',
  mayotte: 'Mayotte',
};

/**
 * /agent/administration/calendrier: what the due dates count: the public holidays of the
 * commune's zone, the days its services close besides (a « pont », the local fête), and the
 * working days a first contact may wait for its acknowledgement.
 */
export function CalendarAdministration() {
  const me = useSignedInAgent();
  const [saved] = createResource(async () => {
    const response = await api.agent.administration.calendrier.$get();
    return response.ok ? response.json() : null;
  });
  return (
    <Show when={me()} fallback={<p class="wrap" role="status">Chargement…</p>}>
      <StaffPage title="Calendrier de la commune" tagline="Administration" nav={<AgentNav role="commune_admin" />}>
        <Show when={saved() !== undefined} fallback={<p role="status">Chargement…</p>}>
          <Show when={saved()} fallback={<p class="notice notice--error">Cette page est réservée aux administrateurs de la commune.</p>}>
            {(current) => <CalendarForm initial={current()} />}
          </Show>
        </Show>
      </StaffPage>
    </Show>
  );
}

function CalendarForm(props: { initial: CommuneCalendar }) {
  const form = createForm();
  const [calendar, setCalendar] = createSignal<CommuneCalendar>({ ...props.initial });
  const [day, setDay] = createSignal('');
  const [done, setDone] = createSignal('');
  const add = () => {
    if (!day() || calendar().closures.includes(day())) return;
    setCalendar({ ...calendar(), closures: [...calendar().closures, day()].sort() });
    setDay('');
  };
  function save(event: SubmitEvent) {
    event.preventDefault();
    setDone('');
    void form.submit(
      () => api.agent.administration.calendrier.$put({ json: calendar() }),
      () => void setDone('Calendrier enregistré : les prochaines échéances en tiennent compte.'),
    );
  }
  return (
    <form class="form" onSubmit={save} novalidate>
      <FormProblem form={form} fields={{ zone: 'calendrier-zone', acknowledgementDelayDays: 'calendrier-accuse', closures: 'calendrier-jour' }} />
      <p role="status" class={done() ? 'notice notice--success' : 'visually-hidden'}>
        {done()}
      </p>
      <div class="field">
        <label for="calendrier-zone">Jours fériés de la zone</label>
        <select id="calendrier-zone" value={calendar().zone} onChange={(event) => setCalendar({ ...calendar(), zone: event.currentTarget.value as CommuneCalendar['zone'] })}>
          <For each={Object.entries(zoneLabels)}>{([value, label]) => <option value={value}>{label}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="calendrier-accuse">Accusé de réception attendu sous (jours ouvrés)</label>
        <input
          id="calendrier-accuse"
          type="number"
          min="0"
          max="30"
          value={calendar().acknowledgementDelayDays}
          onInput={(event) => setCalendar({ ...calendar(), acknowledgementDelayDays: Number(event.currentTarget.value) })}
        />
      </div>
      <fieldset>
        <legend>Jours de fermeture des services (en plus des jours fériés)</legend>
        <Show when={calendar().closures.length > 0} fallback={<p>Aucun.</p>}>
          <ul aria-label="Jours de fermeture">
            <For each={calendar().closures}>
              {(closure) => (
                <li>
                  {dayInWords(new Date(`${closure}T12:00:00Z`))}{' '}
                  <button type="button" class="link-button" onClick={() => setCalendar({ ...calendar(), closures: calendar().closures.filter((kept) => kept !== closure) })}>
                    Retirer<span class="visually-hidden"> le {dayInWords(new Date(`${closure}T12:00:00Z`))}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <div class="form--inline">
          <div class="field">
            <label for="calendrier-jour">Jour à ajouter</label>
            <input id="calendrier-jour" type="date" value={day()} onInput={(event) => setDay(event.currentTarget.value)} />
          </div>
          <button type="button" class="button button--secondary" disabled={!day()} onClick={add}>
            Ajouter ce jour
          </button>
        </div>
      </fieldset>
      <button type="submit" class="button" disabled={form.busy()}>
        Enregistrer le calendrier
      </button>
    </form>
  );
}
