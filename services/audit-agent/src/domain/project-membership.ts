import { AppId } from '@taskmesh/contracts';
import { AppError, type DaprClient, ErrorCode, invocationPath, type Logger } from '@taskmesh/platform';

/** Whether a user is a member (any role) of a project now. */
export type MembershipCheck = (userId: string, projectId: string) => Promise<boolean>;

/**
 * Asks tasks-api, which owns projects and their members, through service
 * invocation (issue 19): audit-agent keeps no copy of who belongs where, so a
 * member removed a moment ago loses the feed at once. tasks-api answers 404
 * for a non-member and for a deleted project alike.
 */
export function membershipThroughTasksApi(dapr: DaprClient, logger: Logger): MembershipCheck {
  return async (userId, projectId) => {
    const response = await dapr.invoke(
      AppId.tasksApi,
      invocationPath`internal/memberships/${userId}/projects/${projectId}`,
    );
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    // Neither yes nor no (tasks-api down, access control): the reader may retry; never a guess.
    logger.warn(
      { projectId, status: response.status, body: (await response.text()).slice(0, 200) },
      'project membership check failed',
    );
    throw new AppError(ErrorCode.unavailable, 'Project membership cannot be checked right now; try again');
  };
}
