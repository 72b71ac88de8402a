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
