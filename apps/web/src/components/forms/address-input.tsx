import { createSignal, Show } from 'solid-js';
import type { Address, FieldDefinition } from '@guichet/forms';
import { describedBy, FieldFrame } from './field-frame.tsx';
import type { FieldPath, FormState } from './form-state.ts';

type Props = { form: FormState; field: Extract<FieldDefinition, { kind: 'address' }>; path: FieldPath };

const coordinate = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 5 });

/** "latitude 50,49123, longitude 2,99531", as the page confirms a point. */
export function pointInWords(address: { lat?: number | undefined; lon?: number | undefined }): string {
  return `latitude ${coordinate.format(address.lat!)}, longitude ${coordinate.format(address.lon!)}`;
}

/**
 * An address: typed, and pinned to a point with the browser's geolocation. Each way is enough
 * on its own, so that no citizen depends on a map. The Base Adresse Nationale's search and the
 * map are to come here, beside these two.
 */
export function AddressInput(props: Props) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const address = () => (props.form.answer(props.path) as Address | undefined) ?? { label: '' };
  const located = () => address().lat !== undefined && address().lon !== undefined;
  const [status, setStatus] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const hint = () =>
    props.field.requireCoordinates
      ? 'Indiquez l’adresse, puis l’emplacement exact avec « Utiliser ma position » (sur place).'
      : 'Numéro et nom de la voie, par exemple : 12 rue de la Gare';

  function update(changes: Partial<Address>) {
    const next: Address = { ...address(), ...changes };
    props.form.setAnswer(props.path, next);
  }

  function locate() {
    if (!('geolocation' in navigator)) {
      setStatus('Votre navigateur ne sait pas donner votre position : saisissez l’adresse.');
      return;
    }
    setBusy(true);
    setStatus('Recherche de votre position…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setBusy(false);
        const lat = Number(position.coords.latitude.toFixed(6));
        const lon = Number(position.coords.longitude.toFixed(6));
        // A point alone is an answer: it gets a label the agent can read.
        const label = address().label.trim() || `Position relevée : ${pointInWords({ lat, lon })}`;
        update({ label, lat, lon });
        const accuracy = Math.round(position.coords.accuracy);
        const precision = accuracy >= 1 ? ` (précision d’environ ${accuracy} m)` : '';
        setStatus(`Position enregistrée : ${pointInWords({ lat, lon })}${precision}.`);
      },
      (failure) => {
        setBusy(false);
        setStatus(
          failure.code === failure.PERMISSION_DENIED
            ? 'Vous n’avez pas autorisé l’accès à votre position : saisissez l’adresse.'
            : 'Votre position n’a pas pu être déterminée : réessayez, ou saisissez l’adresse.',
        );
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  function forget() {
    const { lat: _lat, lon: _lon, ...rest } = address();
    props.form.setAnswer(props.path, rest);
    setStatus('La position a été retirée.');
  }

  return (
    <FieldFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} hint={hint()} error={error()}>
      <input
        id={id()}
        name={id()}
        type="text"
        maxlength={500}
        aria-required={props.field.required ? 'true' : undefined}
        aria-invalid={error() ? 'true' : undefined}
        aria-describedby={describedBy({ id: id(), help: props.field.help, hint: hint(), error: error() })}
        value={address().label}
        onInput={(event) => update({ label: event.currentTarget.value })}
      />
      <div class="address__point">
        <button type="button" class="button button--secondary button--small" disabled={busy()} onClick={locate}>
          Utiliser ma position
        </button>
        <Show when={located()}>
          <button type="button" class="link-button" onClick={forget}>
            Retirer la position
          </button>
        </Show>
      </div>
      <p class="address__status" role="status">
        {status() || (located() ? `Position enregistrée : ${pointInWords(address())}.` : '')}
      </p>
    </FieldFrame>
  );
}
