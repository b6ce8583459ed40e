import { createEffect, createSignal, onCleanup } from 'solid-js';
import { api } from '../../api.ts';
import type { Answers } from '../../components/forms/form-state.ts';

/**
 * Keeps a signed-in citizen's answers as the procedure's draft, a moment after they stop typing,
 * so that a closed tab or a lost connection loses nothing. `enabled` waits for the citizen to
 * say whether they resume an earlier draft, which a save would otherwise overwrite.
 */
export function createDraftAutosave(options: { procedure: string; answers: () => Answers; enabled: () => boolean }) {
  const [savedAt, setSavedAt] = createSignal<Date>();
  const [failed, setFailed] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSaved = '{}';
  let inFlight: Promise<unknown> = Promise.resolve();

  createEffect(() => {
    // Serialising reads every answer, so that any change, however deep, schedules a save.
    const snapshot = JSON.stringify(options.answers());
    if (!options.enabled() || snapshot === lastSaved) return;
    clearTimeout(timer);
    // Saves go one after the other, so that an older one never lands after a newer.
    timer = setTimeout(() => (inFlight = inFlight.then(() => save(snapshot))), 1200);
  });
  onCleanup(() => clearTimeout(timer));

  async function save(snapshot: string) {
    const response = await api.brouillons[':procedure']
      .$put({ param: { procedure: options.procedure }, json: { values: JSON.parse(snapshot) as Answers } })
      .catch(() => undefined);
    if (!response?.ok) return setFailed(true);
    lastSaved = snapshot;
    setFailed(false);
    setSavedAt(new Date());
  }

  return {
    savedAt,
    failed,
    /**
     * Before filing: no save left to come, none still on its way, so that no draft outlives the
     * request it became (the filing drops it on the server).
     */
    async settle() {
      clearTimeout(timer);
      await inFlight;
    },
    /** Answers just loaded from the draft are already saved. */
    knownSaved: (values: Answers) => (lastSaved = JSON.stringify(values)),
  };
}
