import { createSignal, Show } from 'solid-js';
import type { FieldDefinition } from '@guichet/forms';
import { describedBy, FieldFrame } from './field-frame.tsx';
import type { FieldPath, FormState, UploadedFile } from './form-state.ts';
import { fileSize, formatLabel } from '@guichet/forms/rendering';
import { uploadFile } from './upload-file.ts';
import { UploadedFileList, UploadProgress } from './uploaded-files.tsx';
import { VaultPicker } from './vault-picker.tsx';

type Props = { form: FormState; field: Extract<FieldDefinition, { kind: 'file' }>; path: FieldPath };

/**
 * Files sent as soon as they are chosen, one after the other with a progress bar; the server's
 * refusal (format read in the bytes, size) is shown in its own words beside the field. Each file
 * can be removed before the request is sent; the answer keeps the uploads' ids.
 */
export function FileInput(props: Props) {
  const id = () => props.form.idOf(props.path);
  const files = () => (props.form.answer(props.path) as UploadedFile[] | undefined) ?? [];
  const room = () => props.field.maxFiles - files().length;
  const [sending, setSending] = createSignal<{ name: string; percent: number }>();
  const [refusal, setRefusal] = createSignal<string>();
  const [announcement, setAnnouncement] = createSignal('');
  const error = () => refusal() ?? props.form.errorAt(props.path);
  const hint = () => {
    const formats = `Formats acceptés : ${props.field.accept.map(formatLabel).join(', ')}. ${fileSize(props.field.maxSizeBytes)} au plus par fichier.`;
    return props.field.maxFiles > 1 ? `${formats} Jusqu’à ${props.field.maxFiles} fichiers.` : formats;
  };
  // The field's path without block numbers names it for the server's limits (`enfants/piece`).
  const fieldName = () => props.path.filter((step) => typeof step === 'string').join('/');
  let input: HTMLInputElement | undefined;

  async function send(chosen: File[]) {
    setRefusal(undefined);
    if (chosen.length > room()) {
      refuse(`Vous pouvez joindre ${props.field.maxFiles} ${props.field.maxFiles > 1 ? 'fichiers' : 'fichier'} au plus : seuls les premiers sont envoyés.`);
      chosen = chosen.slice(0, room());
    }
    for (const file of chosen) {
      if (file.size > props.field.maxSizeBytes) {
        refuse(`« ${file.name} » est trop volumineux : ${fileSize(props.field.maxSizeBytes)} au plus. Réduisez-le (compression, résolution) puis déposez-le à nouveau.`);
        continue;
      }
      setSending({ name: file.name, percent: 0 });
      setAnnouncement(`Envoi de « ${file.name} »…`);
      props.form.uploadStarted();
      const outcome = await uploadFile(props.form.uploadUrl(fieldName()), file, (fraction) =>
        setSending({ name: file.name, percent: Math.round(fraction * 100) }),
      );
      props.form.uploadEnded();
      setSending(undefined);
      if (outcome.ok) {
        props.form.setAnswer(props.path, [...files(), outcome.file]);
        setAnnouncement(`« ${outcome.file.filename} » est joint.`);
      } else {
        refuse(`« ${file.name} » n’est pas joint. ${outcome.title}${outcome.detail ? ` ${outcome.detail}` : ''}`);
      }
    }
    if (input) input.value = '';
  }

  function refuse(message: string) {
    setRefusal(message);
    setAnnouncement(message);
  }

  function remove(file: UploadedFile) {
    props.form.setAnswer(
      props.path,
      files().filter((kept) => kept.id !== file.id),
    );
    setRefusal(undefined);
    setAnnouncement(`« ${file.filename} » est retiré.`);
    queueMicrotask(() => input?.focus());
  }

  return (
    <FieldFrame id={id()} label={props.field.label} required={props.field.required} help={props.field.help} hint={hint()} error={error()}>
      <UploadedFileList label={`Fichiers joints : ${props.field.label}`} files={files()} onRemove={remove} />
      <Show
        when={room() > 0}
        fallback={<p class="hint">Le nombre maximal de fichiers est atteint : retirez-en un pour en joindre un autre.</p>}
      >
        <input
          ref={input}
          id={id()}
          name={id()}
          type="file"
          accept={props.field.accept.join(',')}
          multiple={room() > 1}
          aria-required={props.field.required ? 'true' : undefined}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={describedBy({ id: id(), help: props.field.help, hint: hint(), error: error() })}
          onChange={(event) => void send([...(event.currentTarget.files ?? [])])}
        />
      </Show>
      <Show when={room() > 0 && props.form.vault}>
        {(vault) => (
          <VaultPicker
            id={`${id()}-coffre-fort`}
            vault={vault()}
            accept={props.field.accept}
            onAttached={(file) => {
              props.form.setAnswer(props.path, [...files(), file]);
              setAnnouncement(`« ${file.filename} » est joint.`);
            }}
            onRefused={refuse}
          />
        )}
      </Show>
      <UploadProgress id={`${id()}-progression`} sending={sending()} />
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
    </FieldFrame>
  );
}
