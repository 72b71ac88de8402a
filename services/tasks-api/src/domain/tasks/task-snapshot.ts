import type { ChecklistItem, TaskSnapshot } from '@taskmesh/contracts';
import type { Task } from '@taskmesh/db';
import { dueDateOf } from './task-due';

/** The task as the API returns it and as events carry it. */
export function toSnapshot(task: Task): TaskSnapshot {
  return {
    id: task.id,
    ownerId: task.ownerId,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    tags: task.tags,
    checklist: task.checklist as ChecklistItem[],
    dueAt: task.dueAt?.toISOString() ?? null,
    timeZone: task.timeZone,
    allDay: task.allDay,
    dueDate: dueDateOf(task),
    completedAt: task.completedAt?.toISOString() ?? null,
    deletedAt: task.deletedAt?.toISOString() ?? null,
    version: task.version,
    seriesId: task.seriesId,
    occurrenceIndex: task.occurrenceIndex,
    projectId: task.projectId,
    sectionId: task.sectionId,
    assigneeIds: task.assigneeIds,
    updatedBy: task.updatedBy,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
  };
}
