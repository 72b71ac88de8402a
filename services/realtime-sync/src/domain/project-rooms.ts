import type { Socket } from 'socket.io';

/**
 * One room per project on this replica (issue 19): the sockets that receive
 * its updates. Kept here rather than in socket.io's adapter rooms because
 * every send goes through the hub's per-socket checks (slow sockets, updates
 * held while a socket catches up) and because a socket joins during its
 * handshake, before socket.io connects it.
 */
export function createProjectRooms() {
  const byProject = new Map<string, Set<Socket>>();
  return {
    join(projectId: string, socket: Socket): void {
      const room = byProject.get(projectId) ?? new Set<Socket>();
      room.add(socket);
      byProject.set(projectId, room);
    },

    leave(projectId: string, socket: Socket): void {
      const room = byProject.get(projectId);
      room?.delete(socket);
      if (room?.size === 0) byProject.delete(projectId);
    },

    /** The connected sockets in the project's room. */
    of(projectId: string): Socket[] {
      return [...(byProject.get(projectId) ?? [])].filter((socket) => socket.connected);
    },

    /** How many rooms have sockets (GET /stats). */
    get size(): number {
      return byProject.size;
    },
  };
}

export type ProjectRooms = ReturnType<typeof createProjectRooms>;
