import { Component } from '@taskmesh/contracts';
import type { DaprClient } from '@taskmesh/platform';

export interface ReplayBufferOptions {
  size: number;
  ttlSeconds: number;
  /**
   * What the ring's keys start with after the size: '' for the owners' rings
   * (the keys they had before issue 19), 'project:' for the projects'.
   */
  prefix?: string;
}

export type CatchUp<T> = { updates: T[]; resync: boolean };

/** Slots read beyond the newest known sequence number: updates that arrived since it was read. */
const slack = 16;

/**
 * The latest updates of one sequence (a project's since issue 19, or a user's
 * for events from before projects) in the Dapr state store, as a ring of
 * `size` slots keyed by the sequence number
 * (`replay:<size>:<prefix><stream>:<seq mod size>`). Every replica writes every
 * update it receives; the writes are identical, so they need no coordination.
 * A reconnecting client asks for what follows the last sequence number it has
 * everything up to.
 */
export function createReplayBuffer<T extends { seq: number }>(
  dapr: DaprClient,
  { size, ttlSeconds, prefix = '' }: ReplayBufferOptions,
) {
  // The ring size is in the key: replicas configured with different sizes keep separate rings.
  const slot = (stream: string, seq: number) => `replay:${size}:${prefix}${stream}:${seq % size}`;
  return {
    async save(stream: string, updates: T[]): Promise<void> {
      if (updates.length === 0) return;
      await dapr.saveState(
        Component.stateStore,
        updates.map((update) => ({ key: slot(stream, update.seq), value: update, ttlSeconds })),
      );
    },

    /**
     * The updates after `lastSeq`, in order, as long as they are contiguous.
     * `resync` when the client is too far behind (its next update was already
     * overwritten, or a later one exists with a gap before it): it should
     * reload instead.
     */
    async after(stream: string, lastSeq: number, knownNewest?: number): Promise<CatchUp<T>> {
      // With the newest sequence number known (tasks-api's, at the handshake),
      // only the slots up to it (and a few that may have followed) are read:
      // a handshake naming many projects reads what they missed, not whole rings.
      if (knownNewest !== undefined && knownNewest - lastSeq > size) return { updates: [], resync: true };
      const count = knownNewest === undefined ? size : Math.min(size, knownNewest - lastSeq + slack);
      if (count <= 0) return { updates: [], resync: false };
      const keys = Array.from({ length: count }, (_, i) => slot(stream, lastSeq + 1 + i));
      const found = await dapr.getBulkState<T>(Component.stateStore, keys);
      const bySeq = new Map<number, T>();
      for (const { value } of found) if (value && value.seq > lastSeq) bySeq.set(value.seq, value);
      const updates: T[] = [];
      for (let seq = lastSeq + 1; bySeq.has(seq); seq += 1) updates.push(bySeq.get(seq) as T);
      const newest = Math.max(lastSeq, ...bySeq.keys());
      const gap = newest > lastSeq + updates.length;
      const full = updates.length === size;
      return { updates, resync: gap || full };
    },
  };
}

export type ReplayBuffer<T extends { seq: number }> = ReturnType<typeof createReplayBuffer<T>>;
