import { createMemo, For, Show } from 'solid-js';
import type { Address, FieldDefinition } from '@guichet/forms';
import { pointInWords } from './address-input.tsx';
import { isAnswered, occurrenceName, shownFields, type Answers, type Field, type UploadedFile } from './form-state.ts';
import { isoDayInWords } from './french-dates.ts';

/**
 * Every shown answer of some fields, as the citizen (or the agent) rereads them before sending:
 * the options' labels rather than their values, dates in words, files by name, each block of a
 * group under its number.
 */
export function AnswersReview(props: { fields: readonly Field[]; answers: Answers | undefined; outer?: Answers }) {
  const scope = createMemo(() => shownFields(props.fields, props.answers, props.outer));
  const listed = () => props.fields.filter((field) => field.kind !== 'heading' && scope().shown.has(field.key));
  return (
    <dl class="answers">
      <For each={listed()}>
        {(field) => (
          <div class="answers__row">
            <dt>{field.label}</dt>
            <dd>
              <Show when={field.kind === 'group' && field} fallback={<AnswerText field={field} raw={props.answers?.[field.key]} />}>
                {(group) => <GroupAnswers group={group()} blocks={props.answers?.[field.key] as Answers[] | undefined} outer={scope().kept} />}
              </Show>
            </dd>
          </div>
        )}
      </For>
    </dl>
  );
}

function GroupAnswers(props: { group: Extract<FieldDefinition, { kind: 'group' }>; blocks: Answers[] | undefined; outer: Answers }) {
  return (
    <Show when={props.blocks?.length} fallback={<span class="answers__empty">Aucun</span>}>
      <For each={props.blocks}>
        {(block, index) => (
          <div class="answers__block">
            <p class="answers__block-title">{occurrenceName(props.group, index())}</p>
            <AnswersReview fields={props.group.fields} answers={block} outer={props.outer} />
          </div>
        )}
      </For>
    </Show>
  );
}

function AnswerText(props: { field: Field; raw: unknown }) {
  return (
    <Show when={props.field.kind === 'consent' || isAnswered(props.field, props.raw)} fallback={<span class="answers__empty">Non renseigné</span>}>
      <span class={props.field.kind === 'textarea' ? 'answers__long' : undefined}>{answerText(props.field, props.raw)}</span>
    </Show>
  );
}

function answerText(field: Field, raw: unknown): string {
  switch (field.kind) {
    case 'date':
      return isoDayInWords(String(raw));
    case 'choice':
      return field.options.find((option) => option.value === raw)?.label ?? String(raw);
    case 'multichoice':
      return field.options
        .filter((option) => (raw as string[]).includes(option.value))
        .map((option) => option.label)
        .join(', ');
    case 'yesno':
      return raw ? 'Oui' : 'Non';
    case 'consent':
      return raw === true ? 'Accepté' : 'Non accepté';
    case 'address': {
      const address = raw as Address;
      const located = address.lat !== undefined && address.lon !== undefined && !address.label.includes(pointInWords(address));
      const point = located ? ` (position : ${pointInWords(address)})` : '';
      return `${address.label.trim()}${point}`;
    }
    case 'file':
      return (raw as UploadedFile[]).map((file) => file.filename).join(', ');
    default:
      return String(raw).trim();
  }
}
