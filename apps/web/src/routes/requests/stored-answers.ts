import type { Answers, Field } from '../../components/forms/form-state.ts';
import type { RequestFile } from '../../api.ts';

/**
 * The answers as stored (a file field holds attachment ids) in the shape the review shows (the
 * files themselves, by name), so that a filed request reads as the citizen reviewed it.
 */
export function storedAnswers(fields: readonly Field[], data: Answers, files: readonly RequestFile[]): Answers {
  const byId = new Map(files.map((file) => [file.id, file]));
  const shaped: Answers = { ...data };
  for (const field of fields) {
    const value = data[field.key];
    if (field.kind === 'file' && Array.isArray(value)) {
      shaped[field.key] = value.map((id) => byId.get(String(id))).filter((file): file is RequestFile => file !== undefined);
    } else if (field.kind === 'group' && Array.isArray(value)) {
      shaped[field.key] = value.map((block) => storedAnswers(field.fields, block as Answers, files));
    }
  }
  return shaped;
}
