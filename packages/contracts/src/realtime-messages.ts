/**
 * What a browser receives from realtime-sync on its socket for one task
 * change (the `task` event): realtime-sync sends it, web's live updates read it.
 */
export interface TaskUpdate {
  /**
   * The update sequence of `projectId` (issue 19), or of the owner for old
   * events without a project; a reconnecting client sends the last one it has
   * per project in `lastSeqs` (the owner's in `lastSeq`).
   */
  seq: number;
  /** The project room this update was sent to (absent for old events, sent to the owner alone). */
  projectId?: string;
  taskId: string;
  version: number;
  cause: string;
  deleted: boolean;
  /**
   * The task moved out of `projectId` into a project this room's members may
   * not see: `task` is its state before the move; clients drop it from that project.
   */
  movedOut?: boolean;
  task: Record<string, unknown>;
  occurredAt: string;
}

/** A comment added, edited or deleted (the `comment` event, issue 19); numbered in the project's sequence. */
export interface CommentUpdate {
  seq: number;
  projectId: string;
  taskId: string;
  cause: 'comment.added' | 'comment.edited' | 'comment.deleted';
  comment: Record<string, unknown>;
  occurredAt: string;
}

/**
 * The socket's user gained, changed or lost access to a project (the `access`
 * event, issue 19): with a role the socket now receives the project's updates
 * (those after `seq` included); with `role: null` it no longer does.
 */
export interface AccessUpdate {
  projectId: string;
  role: string | null;
  seq: number;
}

/**
 * The projects whose updates the socket receives, sent once when it connects
 * (the `projects` event), with each project's update sequence then: a client
 * without a `lastSeqs` entry for a project resumes from this one.
 */
export interface ProjectsJoined {
  projects: Array<{ projectId: string; role: string; seq: number }>;
  /** More memberships than one socket follows: only the first ones (in sidebar order) were joined. */
  truncated: boolean;
}

/**
 * The client is too far behind to catch up (the `resync` event): it should
 * reload. `projectId` names the project (absent: the owner's old per-user sequence).
 */
export interface Resync {
  reason: string;
  lastSeq: number;
  projectId?: string;
}

/**
 * Why realtime-sync closes a socket (issue 15): the `closing` event, sent just
 * before the server disconnects it. `token-expired`: connect again with a
 * fresh access token (and `lastSeqs`: nothing is lost). `session-ended`: the
 * session was signed out; its tokens are refused from now on.
 */
export interface Closing {
  reason: 'token-expired' | 'session-ended';
  message: string;
}
