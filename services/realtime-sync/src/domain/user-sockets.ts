import type { Socket } from 'socket.io';

/**
 * Each user's sockets on this replica, at most `maxPerUser` (issue 15: one
 * user's token must not hold an unbounded share of a replica). A socket counts
 * from the moment its handshake is admitted, before socket.io connects it, so
 * handshakes arriving together cannot all pass the cap; it stops counting when
 * it disconnects or its connection closes before it ever connected.
 */
export function createUserSockets(maxPerUser: number) {
  const byUser = new Map<string, Set<Socket>>();

  function release(userId: string, socket: Socket): void {
    const sockets = byUser.get(userId);
    sockets?.delete(socket);
    if (sockets?.size === 0) byUser.delete(userId);
  }

  return {
    maxPerUser,

    /** Counts the socket in, or false when the user already has the most sockets allowed (the new one is refused). */
    admit(userId: string, socket: Socket): boolean {
      const sockets = byUser.get(userId) ?? new Set<Socket>();
      if (sockets.size >= maxPerUser) return false;
      sockets.add(socket);
      byUser.set(userId, sockets);
      socket.once('disconnect', () => release(userId, socket));
      socket.conn.once('close', () => release(userId, socket));
      return true;
    },

    /** The user's connected sockets here. */
    of(userId: string): Socket[] {
      return [...(byUser.get(userId) ?? [])].filter((socket) => socket.connected);
    },

    /** The user's admitted sockets here, connected or about to be (a membership change must reach both). */
    admitted(userId: string): Socket[] {
      return [...(byUser.get(userId) ?? [])];
    },
  };
}

export type UserSockets = ReturnType<typeof createUserSockets>;
