/**
 * What a browser receives from realtime-sync on its socket for one task
 * change (the `task` event): realtime-sync sends it, web's live updates read it.
 */
export interface TaskUpdate {
  /** The owner's update sequence; a reconnecting client sends the last one it has as `lastSeq`. */
  seq: number;
  taskId: string;
  version: number;
  cause: string;
  deleted: boolean;
  task: Record<string, unknown>;
  occurredAt: string;
}

/**
 * Why realtime-sync closes a socket (issue 15): the `closing` event, sent just
 * before the server disconnects it. `token-expired`: connect again with a
 * fresh access token (and `lastSeq`: nothing is lost). `session-ended`: the
 * session was signed out; its tokens are refused from now on.
 */
export interface Closing {
  reason: 'token-expired' | 'session-ended';
  message: string;
}
