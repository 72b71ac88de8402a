import { Component, type TaskUpdate } from '@taskmesh/contracts';
import type { DaprClient } from '@taskmesh/platform';

export interface ReplayBufferOptions {
  size: number;
  ttlSeconds: number;
}

export type CatchUp = { updates: TaskUpdate[]; resync: false } | { updates: TaskUpdate[]; resync: true };

/**
 * Each user's latest updates in the Dapr state store, as a ring of `size`
 * slots keyed by the user's update sequence (`replay:<size>:<user>:<seq mod size>`).
 * Every replica writes every update it receives; the writes are identical, so
 * they need no coordination. A reconnecting client asks for what follows the
 * last sequence it has everything up to.
 */
export function createReplayBuffer(dapr: DaprClient, { size, ttlSeconds }: ReplayBufferOptions) {
  // The ring size is in the key: replicas configured with different sizes keep separate rings.
  const slot = (userId: string, seq: number) => `replay:${size}:${userId}:${seq % size}`;
  return {
    async save(userId: string, updates: TaskUpdate[]): Promise<void> {
      if (updates.length === 0) return;
      await dapr.saveState(
        Component.stateStore,
        updates.map((update) => ({ key: slot(userId, update.seq), value: update, ttlSeconds })),
      );
    },

    /**
     * The updates after `lastSeq`, in order, as long as they are contiguous.
     * `resync` when the client is too far behind (its next update was already
     * overwritten, or a later one exists with a gap before it): it should
     * reload its tasks instead.
     */
    async after(userId: string, lastSeq: number): Promise<CatchUp> {
      const keys = Array.from({ length: size }, (_, i) => slot(userId, lastSeq + 1 + i));
      const found = await dapr.getBulkState<TaskUpdate>(Component.stateStore, keys);
      const bySeq = new Map<number, TaskUpdate>();
      for (const { value } of found) if (value && value.seq > lastSeq) bySeq.set(value.seq, value);
      const updates: TaskUpdate[] = [];
      for (let seq = lastSeq + 1; bySeq.has(seq); seq += 1) updates.push(bySeq.get(seq) as TaskUpdate);
      const newest = Math.max(lastSeq, ...bySeq.keys());
      const gap = newest > lastSeq + updates.length;
      const full = updates.length === size;
      return { updates, resync: gap || full };
    },
  };
}

export type ReplayBuffer = ReturnType<typeof createReplayBuffer>;
