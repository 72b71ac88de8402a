import {
  type ChecklistItem,
  TaskCompletedType,
  TaskCreatedType,
  TaskDeletedType,
  TaskReopenedType,
  TaskAssignedType,
  TaskRestoredType,
  type TaskStatus,
  TaskUnassignedType,
  TaskUpdatedType,
} from '@taskmesh/contracts';
import { AppError, ErrorCode } from '@taskmesh/platform';
import type { z } from 'zod';
import { sameChecklist, toChecklist } from './checklist';
import { keepAllDay, nextDue } from './task-due';
import type { UpdateTaskInput } from './task-input';

/** The fields of a task that rules read and change. */
export interface TaskState {
  title: string;
  description: string | null;
  status: z.infer<typeof TaskStatus>;
  priority: 'low' | 'medium' | 'high' | 'urgent';
  tags: string[];
  checklist: ChecklistItem[];
  dueAt: Date | null;
  timeZone: string | null;
  /** Due on a day, not at a time (issue 20): dueAt is 00:00 of that day in timeZone (task-due.ts). */
  allDay: boolean;
  completedAt: Date | null;
  deletedAt: Date | null;
  /** The recurring series the task is an occurrence of, and its place in it. */
  seriesId: string | null;
  occurrenceIndex: number | null;
  /** The project the task lives in, and its section there (issue 19). */
  projectId: string;
  sectionId: string | null;
  /** Members the task is assigned to, in the order they were assigned. */
  assigneeIds: string[];
  version: number;
}

export type TaskCommand =
  /** `defaultTimeZone`: the editor's zone, for a dueDate on a task without one. */
  | { kind: 'update'; patch: UpdateTaskInput; defaultTimeZone?: string }
  | { kind: 'complete' }
  | { kind: 'reopen' }
  | { kind: 'delete' }
  | { kind: 'restore' }
  | { kind: 'tag'; add: string[]; remove: string[] }
  /** A rule set on the task: it joins (or stays in) a series, due at the rule's first occurrence. */
  | { kind: 'recur'; seriesId: string; occurrenceIndex: number; firstDueAt: Date; timeZone: string }
  /** The upcoming occurrence skipped: the open task moves to the one after it. */
  | { kind: 'skip'; dueAt: Date }
  /** A member assigned or unassigned; the caller checked they are a member. */
  | { kind: 'assign'; userId: string }
  | { kind: 'unassign'; userId: string };

export type ChangeEventType =
  | typeof TaskUpdatedType
  | typeof TaskCompletedType
  | typeof TaskReopenedType
  | typeof TaskDeletedType
  | typeof TaskRestoredType
  | typeof TaskAssignedType
  | typeof TaskUnassignedType;

export interface Decision {
  /** The task after the command, version incremented. */
  next: TaskState;
  eventType: ChangeEventType;
  /** Names of the fields that changed. */
  changes: string[];
  /** task.assigned / task.unassigned: the member. */
  assigneeId?: string;
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function changedFields(before: TaskState, after: TaskState): string[] {
  const changes: string[] = [];
  if (before.title !== after.title) changes.push('title');
  if (before.description !== after.description) changes.push('description');
  if (before.status !== after.status) changes.push('status');
  if (before.priority !== after.priority) changes.push('priority');
  if (!sameTags(before.tags, after.tags)) changes.push('tags');
  if (!sameChecklist(before.checklist, after.checklist)) changes.push('checklist');
  if (!sameTime(before.dueAt, after.dueAt)) changes.push('dueAt');
  if (before.timeZone !== after.timeZone) changes.push('timeZone');
  if (before.allDay !== after.allDay) changes.push('allDay');
  if (!sameTime(before.completedAt, after.completedAt)) changes.push('completedAt');
  if (!sameTime(before.deletedAt, after.deletedAt)) changes.push('deletedAt');
  if (before.seriesId !== after.seriesId) changes.push('seriesId');
  if (before.projectId !== after.projectId) changes.push('projectId');
  if (before.sectionId !== after.sectionId) changes.push('sectionId');
  if (!sameTags(before.assigneeIds, after.assigneeIds)) changes.push('assigneeIds');
  return changes;
}

/**
 * Deletion changes decide the event first (into deleted is a deletion, out of
 * it a restoration); then status: into done is a completion, out of done a reopening.
 */
function eventFor(before: TaskState, after: TaskState, command: TaskCommand): ChangeEventType {
  if (command.kind === 'assign') return TaskAssignedType;
  if (command.kind === 'unassign') return TaskUnassignedType;
  if (after.deletedAt && !before.deletedAt) return TaskDeletedType;
  if (before.deletedAt && !after.deletedAt) return TaskRestoredType;
  if (after.status === 'done' && before.status !== 'done') return TaskCompletedType;
  if (before.status === 'done' && after.status !== 'done') return TaskReopenedType;
  return TaskUpdatedType;
}

const uniqueTags = (tags: string[]) => [...new Set(tags)];

/** Bounded like tags: a task's assignees are shown on every row. */
export const maxAssignees = 20;

/**
 * The one place that decides how a task may change. Returns undefined when the
 * command changes nothing (no new version, no event); throws for illegal moves.
 */
export function decide(task: TaskState, command: TaskCommand, now: Date): Decision | undefined {
  // A deleted task is gone for every command but the one that brings it back.
  if (task.deletedAt && command.kind !== 'restore') throw new AppError(ErrorCode.notFound, 'Task not found');
  let next: TaskState;
  switch (command.kind) {
    case 'restore':
      if (!task.deletedAt) throw new AppError(ErrorCode.conflict, 'Only a deleted task can be restored');
      // Everything else stays as it was when deleted (a done task comes back done).
      next = { ...task, deletedAt: null };
      break;
    case 'complete':
      if (task.status === 'done') throw new AppError(ErrorCode.conflict, 'The task is already done');
      next = { ...task, status: 'done', completedAt: now };
      break;
    case 'reopen':
      if (task.status !== 'done') throw new AppError(ErrorCode.conflict, 'Only a done task can be reopened');
      next = { ...task, status: 'todo', completedAt: null };
      break;
    case 'delete':
      next = { ...task, deletedAt: now };
      break;
    case 'tag': {
      const removed = new Set(command.remove);
      next = { ...task, tags: uniqueTags([...task.tags, ...command.add]).filter((tag) => !removed.has(tag)) };
      if (next.tags.length > 20)
        throw new AppError(ErrorCode.validation, 'A task has at most 20 tags', {
          errors: [{ field: 'add', message: 'the task would have more than 20 tags' }],
        });
      break;
    }
    case 'recur':
      // A done occurrence keeps the date it was due; an open one moves to the rule's first occurrence.
      next = {
        ...task,
        seriesId: command.seriesId,
        occurrenceIndex: command.occurrenceIndex,
        dueAt: task.status === 'done' ? task.dueAt : command.firstDueAt,
        timeZone: command.timeZone,
      };
      break;
    case 'skip':
      if (task.status === 'done') throw new AppError(ErrorCode.conflict, 'Only the open occurrence can be skipped');
      next = { ...task, dueAt: command.dueAt };
      break;
    case 'assign':
      if (task.assigneeIds.includes(command.userId)) return undefined;
      if (task.assigneeIds.length >= maxAssignees)
        throw new AppError(ErrorCode.validation, `A task has at most ${maxAssignees} assignees`, {
          errors: [{ field: 'userId', message: `the task already has ${maxAssignees} assignees` }],
        });
      next = { ...task, assigneeIds: [...task.assigneeIds, command.userId] };
      break;
    case 'unassign':
      next = { ...task, assigneeIds: task.assigneeIds.filter((id) => id !== command.userId) };
      break;
    case 'update': {
      const { patch } = command;
      next = {
        ...task,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
        ...(patch.tags !== undefined ? { tags: uniqueTags(patch.tags) } : {}),
        ...(patch.checklist !== undefined ? { checklist: toChecklist(patch.checklist) } : {}),
        ...nextDue(task, patch, command.defaultTimeZone),
        ...(patch.sectionId !== undefined ? { sectionId: patch.sectionId } : {}),
      };
      // A move (the caller checked both projects and the section): assignees
      // belong to a project's members, so a task moved elsewhere starts
      // unassigned, and leaves its section unless one of the new project is named.
      if (patch.projectId !== undefined && patch.projectId !== task.projectId) {
        next.projectId = patch.projectId;
        next.assigneeIds = [];
        if (patch.sectionId === undefined) next.sectionId = null;
      }
      if (patch.status !== undefined && patch.status !== task.status) {
        next.status = patch.status;
        next.completedAt = patch.status === 'done' ? now : null;
      }
      break;
    }
  }
  // A recurrence step or a skip lands an all-day task on 00:00 of its day.
  next = keepAllDay(next);
  let changes = changedFields(task, next);
  // Setting a rule always changes the task's series (its rule, even when its id stays).
  if (command.kind === 'recur') changes = ['seriesId', ...changes.filter((field) => field !== 'seriesId')];
  if (changes.length === 0) return undefined;
  const assigneeId = command.kind === 'assign' || command.kind === 'unassign' ? command.userId : undefined;
  return {
    next: { ...next, version: task.version + 1 },
    eventType: eventFor(task, next, command),
    changes,
    ...(assigneeId ? { assigneeId } : {}),
  };
}

/** What a new task is made from (a client's input, or the occurrence before it). */
export type NewTaskDraft = Omit<TaskState, 'completedAt' | 'deletedAt' | 'version'> & { ownerId: string };

export interface Creation {
  /** The new task, at version 1. */
  next: TaskState & { ownerId: string };
  eventType: typeof TaskCreatedType;
}

/** The rules of a new task: tags once each, completed now when created done, version 1. */
export function decideCreation(draft: NewTaskDraft, now: Date): Creation {
  return {
    next: {
      ...keepAllDay(draft),
      tags: uniqueTags(draft.tags),
      completedAt: draft.status === 'done' ? now : null,
      deletedAt: null,
      version: 1,
    },
    eventType: TaskCreatedType,
  };
}
