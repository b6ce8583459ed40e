import type { GroupFieldDefinition } from './field-definitions.ts';

type Occurrences = Pick<GroupFieldDefinition, 'required' | 'minItems' | 'maxItems'>;

/** The fewest blocks a shown group accepts: `minItems`, and at least one when required. */
export function minOccurrences(group: Occurrences): number {
  return Math.max(group.minItems, group.required ? 1 : 0);
}

/** Whether the rendered form offers "add a block" when the group has `count` blocks. */
export function canAddOccurrence(group: Occurrences, count: number): boolean {
  return count < group.maxItems;
}

/** Whether the rendered form offers "remove this block" when the group has `count` blocks. */
export function canRemoveOccurrence(group: Occurrences, count: number): boolean {
  return count > minOccurrences(group);
}
