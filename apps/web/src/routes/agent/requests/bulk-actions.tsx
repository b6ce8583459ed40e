import { createResource, createSignal, Show } from 'solid-js';
import { api, type InboxLine } from '../../../api.ts';

type Action = 'take' | 'transfer' | 'close';

/**
 * One action on the requests ticked in the inbox: take them, transfer them to a service, or close
 * them without action with one reason. Each is acted on alone; the outcome says which were done and
 * why the others were not.
 */
export function BulkActions(props: { selected: readonly InboxLine[]; onDone: () => void }) {
  const [action, setAction] = createSignal<Action>('take');
  const [service, setService] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [outcome, setOutcome] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [services] = createResource(async () => {
    const response = await api.services.$get();
    return response.ok ? (await response.json()).services : [];
  });

  async function apply(event: SubmitEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const requests = props.selected.map((line) => ({ id: line.id, version: line.version }));
      const json =
        action() === 'transfer' ? { action: 'transfer' as const, service: service(), requests } : action() === 'close' ? { action: 'close' as const, reason: reason(), requests } : { action: 'take' as const, requests };
      const response = await api.agent.demandes.lot.$post({ json });
      if (!response.ok) {
        const problem = (await response.json()) as { title?: string; errors?: { message: string }[] };
        setOutcome(problem.errors?.map((error) => error.message).join(' ') ?? problem.title ?? 'L’action n’a pas pu être faite.');
        return;
      }
      const { results } = await response.json();
      const refused = results.filter((result) => !result.ok);
      const reference = (id: string) => props.selected.find((line) => line.id === id)?.reference ?? id;
      setOutcome(
        [
          `${results.length - refused.length} demande${results.length - refused.length > 1 ? 's' : ''} traitée${results.length - refused.length > 1 ? 's' : ''}.`,
          ...refused.map((result) => `${reference(result.id)} non traitée : ${result.problem?.title ?? 'refusée'}`),
        ].join(' '),
      );
      setReason('');
      props.onDone();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="bulk-actions" onSubmit={apply} aria-label="Action sur la sélection">
      <p>
        <strong>
          {props.selected.length} demande{props.selected.length > 1 ? 's' : ''} sélectionnée{props.selected.length > 1 ? 's' : ''}
        </strong>
      </p>
      <div class="field">
        <label for="lot-action">Action</label>
        <select id="lot-action" value={action()} onChange={(event) => setAction(event.currentTarget.value as Action)}>
          <option value="take">Me les attribuer</option>
          <option value="transfer">Les transmettre à un service</option>
          <option value="close">Les classer sans suite</option>
        </select>
      </div>
      <Show when={action() === 'transfer'}>
        <div class="field">
          <label for="lot-service">Service</label>
          <select id="lot-service" value={service()} onChange={(event) => setService(event.currentTarget.value)}>
            <option value="">Choisissez…</option>
            {(services() ?? []).map((item) => (
              <option value={item.slug}>{item.name}</option>
            ))}
          </select>
        </div>
      </Show>
      <Show when={action() === 'close'}>
        <div class="field">
          <label for="lot-motif">Motif, envoyé à chaque usager (obligatoire)</label>
          <textarea id="lot-motif" rows={2} value={reason()} onInput={(event) => setReason(event.currentTarget.value)} />
        </div>
      </Show>
      <button type="submit" class="button" disabled={busy() || props.selected.length === 0}>
        Appliquer à la sélection
      </button>
      <p role="status">{outcome()}</p>
    </form>
  );
}
