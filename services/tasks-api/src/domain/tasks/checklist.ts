import { randomUUID } from 'node:crypto';
import type { ChecklistItem } from '@taskmesh/contracts';
import type { ChecklistInput } from './task-input';

/** A checklist from the client's list: new items (no id) get one. */
export function toChecklist(input: ChecklistInput, newId: () => string = randomUUID): ChecklistItem[] {
  return input.map((item) => ({ id: item.id ?? newId(), text: item.text, done: item.done }));
}

/** The checklist a new occurrence starts with: the same items, none done, ids of its own. */
export function freshChecklist(items: ChecklistItem[], newId: () => string = randomUUID): ChecklistItem[] {
  return items.map((item) => ({ id: newId(), text: item.text, done: false }));
}

export const sameChecklist = (a: ChecklistItem[], b: ChecklistItem[]): boolean =>
  a.length === b.length && a.every((item, i) => JSON.stringify(item) === JSON.stringify(b[i]));
