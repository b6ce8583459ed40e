/**
 * Whether Postgres can store a text: not with U+0000 (refused by `text` and `jsonb` alike), nor
 * with half of a UTF-16 surrogate pair (`jsonb` refuses it, and UTF-8 cannot encode it, so a
 * `text` column would silently get U+FFFD instead). JSON carries both as `\u0000` and `\ud800`,
 * URLs and forms carry U+0000 as `%00`.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

export const UNSTORABLE_TEXT_MESSAGE = 'Ce texte contient un caractère invalide (caractère nul ou caractère Unicode incomplet) : retirez-le.';
const UNSTORABLE_KEY_MESSAGE = 'Un nom de champ contient un caractère invalide (caractère nul ou caractère Unicode incomplet).';

type Path = (string | number)[];
type Visit = { value: unknown; parent: Visit | undefined; key: string | number | undefined };

/**
 * Where an input (a parsed body, a query, path parameters…) holds a text Postgres cannot store,
 * once per place: each such string, and each object with a member so named (reported on the
 * object, so that the name is not echoed). Walked with a queue and parent links rather than
 * recursion and copied paths: a JSON body may nest deeper than the call stack.
 */
export function unstorableTexts(input: unknown): { path: Path; message: string }[] {
  const found = new Map<Visit, string>();
  const queue: Visit[] = [{ value: input, parent: undefined, key: undefined }];
  for (let index = 0; index < queue.length; index++) {
    const visit = queue[index]!;
    const { value } = visit;
    if (typeof value === 'string') {
      if (!isStorableText(value)) found.set(visit, UNSTORABLE_TEXT_MESSAGE);
    } else if (Array.isArray(value)) {
      value.forEach((item, key) => queue.push({ value: item, parent: visit, key }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (isStorableText(key)) queue.push({ value: item, parent: visit, key });
        else if (!found.has(visit)) found.set(visit, UNSTORABLE_KEY_MESSAGE);
      }
    }
  }
  return [...found].map(([visit, message]) => ({ path: pathOf(visit), message }));
}

function pathOf(visit: Visit): Path {
  const path: Path = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}
