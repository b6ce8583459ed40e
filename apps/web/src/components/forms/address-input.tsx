import { createSignal, For, lazy, onCleanup, Show, Suspense } from 'solid-js';
import type { Address, FieldDefinition } from '@guichet/forms';
import { describedBy, FieldFrame } from './field-frame.tsx';
import type { FieldPath, FormState } from './form-state.ts';
import { nearestAddress, searchAddresses, type AddressSuggestion } from './address-search.ts';

// Leaflet and its styles load with the map, never with the form.
const AddressMap = lazy(() => import('./address-map.tsx'));

type Props = { form: FormState; field: Extract<FieldDefinition, { kind: 'address' }>; path: FieldPath };

const coordinate = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 5 });

/** "latitude 50,49123, longitude 2,99531", as the page confirms a point. */
export function pointInWords(address: { lat?: number | undefined; lon?: number | undefined }): string {
  return `latitude ${coordinate.format(address.lat!)}, longitude ${coordinate.format(address.lon!)}`;
}

/**
 * An address: typed, found with the Base Adresse Nationale's search (a combobox: the suggestions
 * come as the citizen types, chosen with the arrows and Enter or a click, each with its point),
 * pinned with the browser's geolocation, or, where the commune has a map, placed on it. Each way
 * is enough on its own, so that no citizen depends on the map.
 */
export function AddressInput(props: Props) {
  const id = () => props.form.idOf(props.path);
  const error = () => props.form.errorAt(props.path);
  const address = () => (props.form.answer(props.path) as Address | undefined) ?? { label: '' };
  const located = () => address().lat !== undefined && address().lon !== undefined;
  const [status, setStatus] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const searchUrl = () => props.form.addressSearch?.url;
  const hint = () => {
    const example = 'Numéro et nom de la voie, par exemple : 12 rue de la Gare.';
    if (!props.field.requireCoordinates) return searchUrl() ? `${example} Choisissez l’adresse dans les suggestions.` : example;
    const onMap = props.form.map ? ' ou sur la carte' : '';
    return searchUrl()
      ? `${example} Choisissez l’adresse dans les suggestions, ou indiquez l’emplacement exact avec « Utiliser ma position » (sur place)${onMap}.`
      : `Indiquez l’adresse, puis l’emplacement exact avec « Utiliser ma position » (sur place)${onMap}.`;
  };
  const [suggestions, setSuggestions] = createSignal<AddressSuggestion[]>([]);
  // A chosen suggestion's point belongs to its address: editing the address afterwards drops it.
  const [pointOfSuggestion, setPointOfSuggestion] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const [mapShown, setMapShown] = createSignal(false);
  const listId = () => `${id()}-suggestions`;
  const mapId = () => `${id()}-carte`;
  let pending: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    pending?.abort();
    clearTimeout(timer);
  });

  /** Asks for suggestions a moment after the citizen stops typing, the latest question only. */
  function suggest(query: string) {
    close();
    const url = searchUrl();
    if (!url || query.trim().length < 3) return;
    timer = setTimeout(() => {
      pending = new AbortController();
      searchAddresses(url, query.trim(), pending.signal, props.form.addressSearch?.near ?? null).then(
        (found) => {
          setSuggestions(found);
          setActive(-1);
          setStatus(found.length === 0 ? 'Aucune adresse ne correspond : vérifiez la saisie, ou utilisez votre position.' : `${found.length} ${found.length > 1 ? 'adresses proposées' : 'adresse proposée'} : utilisez les flèches pour choisir.`);
        },
        (failure: unknown) => {
          if ((failure as Error).name === 'AbortError') return;
          close();
          setStatus('La recherche d’adresse ne répond pas : saisissez l’adresse, ou utilisez votre position.');
        },
      );
    }, 250);
  }

  /** Closes the suggestions, and forgets a question still on its way. */
  function close() {
    clearTimeout(timer);
    pending?.abort();
    setSuggestions([]);
    setActive(-1);
  }

  function choose(suggestion: AddressSuggestion) {
    update({ label: suggestion.label, lat: suggestion.lat, lon: suggestion.lon });
    setPointOfSuggestion(true);
    close();
    setStatus(`Adresse choisie : ${suggestion.label}. Position enregistrée : ${pointInWords(suggestion)}.`);
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = suggestions().length;
    if (count === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + count) % count);
    } else if (event.key === 'Enter' && active() >= 0) {
      event.preventDefault();
      choose(suggestions()[active()]!);
    } else if (event.key === 'Escape') {
      close();
    }
  }

  function update(changes: Partial<Address>) {
    const next: Address = { ...address(), ...changes };
    props.form.setAnswer(props.path, next);
  }

  function locate() {
    close();
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
        setPointOfSuggestion(false);
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

  /** A point placed on the map; an address not typed yet is named after the nearest one. */
  async function place(point: { lat: number; lon: number }) {
    close();
    setPointOfSuggestion(false);
    const typed = address().label.trim();
    update({ label: typed || `Point placé sur la carte : ${pointInWords(point)}`, ...point });
    setStatus(`Point placé sur la carte : ${pointInWords(point)}.`);
    const url = searchUrl();
    if (typed || !url) return;
    const nearest = await nearestAddress(url, point).catch(() => undefined);
    // Only if the citizen has not typed or moved the point meanwhile.
    if (!nearest || address().lat !== point.lat || address().lon !== point.lon || address().label.trim() !== `Point placé sur la carte : ${pointInWords(point)}`) return;
    update({ label: `Près de ${nearest.label}` });
    setStatus(`Point placé sur la carte, près de ${nearest.label} : ${pointInWords(point)}.`);
  }

  function forget() {
    const { lat: _lat, lon: _lon, ...rest } = address();
    props.form.setAnswer(props.path, rest);
    setStatus('La position a été retirée.');
  }

  return (
    <FieldFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} hint={hint()} error={error()}>
      <div class="address__search">
        <input
          id={id()}
          name={id()}
          type="text"
          maxlength={500}
          autocomplete="off"
          role={searchUrl() ? 'combobox' : undefined}
          aria-autocomplete={searchUrl() ? 'list' : undefined}
          aria-expanded={searchUrl() ? suggestions().length > 0 : undefined}
          aria-controls={searchUrl() ? listId() : undefined}
          aria-activedescendant={active() >= 0 ? `${listId()}-${active()}` : undefined}
          aria-required={props.field.required ? 'true' : undefined}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={describedBy({ id: id(), help: props.field.help, hint: hint(), error: error() })}
          value={address().label}
          onInput={(event) => {
            const label = event.currentTarget.value;
            if (pointOfSuggestion()) {
              const { lat: _lat, lon: _lon, ...rest } = address();
              props.form.setAnswer(props.path, { ...rest, label });
              setPointOfSuggestion(false);
              setStatus('L’adresse a changé : la position de l’adresse choisie est retirée.');
            } else {
              update({ label });
            }
            suggest(label);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(close, 200)}
        />
        <Show when={searchUrl()}>
          <ul id={listId()} role="listbox" aria-label={`Adresses proposées : ${props.field.label}`} class="address__suggestions" hidden={suggestions().length === 0}>
            <For each={suggestions()}>
              {(suggestion, index) => (
                <li
                  id={`${listId()}-${index()}`}
                  role="option"
                  aria-selected={active() === index()}
                  class="address__suggestion"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(suggestion)}
                >
                  {suggestion.label}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <div class="address__point">
        <button type="button" class="button button--secondary button--small" disabled={busy()} onClick={locate}>
          Utiliser ma position
        </button>
        <Show when={props.form.map}>
          <button type="button" class="button button--secondary button--small" aria-expanded={mapShown()} aria-controls={mapId()} onClick={() => setMapShown(!mapShown())}>
            {mapShown() ? 'Masquer la carte' : 'Placer sur la carte'}
          </button>
        </Show>
        <Show when={located()}>
          <button type="button" class="link-button" onClick={forget}>
            Retirer la position
          </button>
        </Show>
      </div>
      <div id={mapId()}>
        <Show when={mapShown() && props.form.map}>
          {(map) => (
            <Suspense fallback={<p class="hint">Chargement de la carte…</p>}>
              <AddressMap map={map()} point={located() ? { lat: address().lat!, lon: address().lon! } : undefined} label={props.field.label} onPlace={(point) => void place(point)} />
            </Suspense>
          )}
        </Show>
      </div>
      <p class="address__status" role="status">
        {status() || (located() ? `Position enregistrée : ${pointInWords(address())}.` : '')}
      </p>
    </FieldFrame>
  );
}
