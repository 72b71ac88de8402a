import { AppId } from '@taskmesh/contracts';
import { AppError, type DaprClient, ErrorCode, invocationPath, type Logger } from '@taskmesh/platform';

/** A project member and what tasks-api's permission table lets them do there. */
export interface MemberActions {
  userId: string;
  role: string;
  actions: readonly string[];
}

/** The actions webhook-agent asks about (names from tasks-api's permission table). */
export const Action = {
  /** A personal webhook receives the events of every project its creator may view. */
  view: 'view',
  /** A project webhook needs its creator to hold this, at creation and at every event. */
  manageWebhooks: 'manageWebhooks',
} as const;

/** The members of a project now (empty: deleted, or no such project). */
export type ProjectMembers = (projectId: string) => Promise<readonly MemberActions[]>;

/**
 * Asks tasks-api, which owns projects, members and the permission table,
 * through service invocation: webhook-agent keeps no copy of who belongs
 * where, and reuses no answer (a batch of events asks once per project). So
 * an event is judged by the membership of the moment it is read, which is
 * after it happened: a member removed before a change never receives it.
 */
export function projectAccessThroughTasksApi(dapr: DaprClient, logger: Logger): ProjectMembers {
  return async function ask(projectId: string): Promise<readonly MemberActions[]> {
    const response = await dapr.invoke(AppId.tasksApi, invocationPath`internal/project-members/${projectId}`);
    if (response.status === 200) return ((await response.json()) as { members: MemberActions[] }).members;
    // Neither yes nor no (tasks-api down, access control): the caller retries; never a guess.
    logger.warn(
      { projectId, status: response.status, body: (await response.text()).slice(0, 200) },
      'project members check failed',
    );
    throw new AppError(ErrorCode.unavailable, 'Project membership cannot be checked right now; try again');
  };
}

/** Whether `userId` may take `action` in a project, by its members list. */
export function mayTake(members: readonly MemberActions[], userId: string, action: string): boolean {
  return members.some((m) => m.userId === userId && m.actions.includes(action));
}
