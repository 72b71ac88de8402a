import type { Server } from 'node:http';
import type {
  AccessUpdate,
  Closing,
  CommentUpdate,
  NotificationCreatedData,
  ProjectAccessChangedData,
  ProjectRole,
  ProjectsJoined,
  Resync,
  TaskUpdate,
} from '@taskmesh/contracts';
import { type AccessTokenVerifier, gaugeOnScrape, type Logger } from '@taskmesh/platform';
import { type Socket, Server as SocketServer } from 'socket.io';
import type { EndedSessions } from './ended-sessions';
import type { Membership, MembershipSource, Memberships } from './fetch-memberships';
import { createProjectRooms } from './project-rooms';
import type { ReplayBuffer } from './replay-buffer';
import { createUserSockets } from './user-sockets';

/** One entry of a project's update sequence: a task change or a comment change (issue 19). */
export type ProjectUpdate =
  | { seq: number; event: 'task'; update: TaskUpdate }
  | { seq: number; event: 'comment'; update: CommentUpdate };

/** What a socket is caught up on: the owner's old per-user sequence, or one project's. */
type Stream = { kind: 'user' } | { kind: 'project'; projectId: string };
const userStream = 'user';

export interface HubOptions {
  tokens: AccessTokenVerifier;
  /** The owners' rings, for task updates from before projects (no projectId). */
  replay: ReplayBuffer<TaskUpdate>;
  /** The projects' rings (issue 19). */
  projectReplay: ReplayBuffer<ProjectUpdate>;
  /** The projects the user sees (tasks-api, by service invocation), asked at every handshake. */
  memberships: MembershipSource;
  /** Project rooms one socket joins at most (the first ones in the user's sidebar order). */
  maxProjectsPerSocket: number;
  endedSessions: EndedSessions;
  logger: Logger;
  /** Bytes a socket may have waiting to be written before it counts as too slow. */
  maxBufferedBytes: number;
  maxSocketsPerUser: number;
  /** Browser origins that may open sockets; a request without an Origin is not from a browser and passes. */
  corsOrigins: string[];
}

/** What this replica is doing (GET /stats). */
export interface HubStats {
  connected: number;
  delivered: number;
  replayed: number;
  resyncs: number;
  refused: number;
  droppedSlow: number;
  /** Sockets closed because their access token expired, or their session was signed out. */
  expired: number;
  signedOut: number;
  /** Sockets joined to or taken out of a project's room by a membership change (issue 19). */
  joined: number;
  removed: number;
  /** Project rooms with sockets on this replica. */
  rooms: number;
}

interface SocketState {
  userId: string;
  /** The sign-in session the token was issued in (`sid`), if it names one. */
  sessionId?: string;
  /** When the access token expires (ms). */
  expiresAt: number;
  expiry?: ReturnType<typeof setTimeout>;
  /** The projects whose rooms the socket is in: the user's role there, and the project's sequence number when it joined. */
  projects: Map<string, { role: ProjectRole; seq: number }>;
  /** More memberships than the socket may follow: only the first ones were joined at the handshake. */
  truncated?: boolean;
  /** The sequences being caught up ('user' or a project id): their live updates wait here (then go out in order, without repeats). */
  held: Map<string, Array<{ seq: number; event: string; update: unknown }>>;
}

interface EngineConnection {
  writeBuffer?: Array<{ data?: string | ArrayBufferLike }>;
  transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * What a socket has waiting, in bytes. A client that stops reading first fills
 * the kernel's buffers; then the websocket's send callback stops firing,
 * engine.io keeps the frame being written (ws `bufferedAmount`) and queues
 * every later packet in its `writeBuffer`: that queue is what would grow
 * without bound. (Polling clients queue there too.)
 */
function bufferedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConnection;
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? [])
    bytes += typeof packet.data === 'string' ? packet.data.length : (packet.data?.byteLength ?? 0);
  return bytes;
}

const sessionEnded = 'unauthorized: the session has ended; sign in again';
// setTimeout's longest delay; access tokens live minutes.
const maxDelayMs = 2_147_483_647;

const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * The socket.io side. The handshake must come from an allowed origin (or from
 * no browser) and carry a valid access token (`auth: { token, lastSeqs?,
 * lastSeq? }`) of a session that is not signed out, within the user's socket
 * cap. The socket then joins one room per project the user sees (asked of
 * tasks-api at the handshake, at most maxProjectsPerSocket) and receives those
 * projects' task and comment updates, plus its user's own notifications and
 * old (project-less) task updates. Membership changes (project.access-changed)
 * join or remove the user's open sockets on every replica without a reconnect
 * (issue 19). A client that sends `lastSeqs` ({projectId: seq}) first gets
 * what it missed in each of its projects from the replay buffer (or `resync`
 * for that project), then live updates; `lastSeq` does the same for old
 * per-user updates. A socket is closed (`closing` with the reason, then
 * disconnect) when its token expires or its session is signed out (issue 15).
 * A socket that cannot keep up (more than maxBufferedBytes waiting) is
 * disconnected rather than buffered without bound; it catches up on reconnect.
 */
export function createSocketHub(options: HubOptions) {
  const { tokens, replay, projectReplay, memberships, endedSessions, logger, maxBufferedBytes, corsOrigins } = options;
  const stats: HubStats = {
    connected: 0,
    delivered: 0,
    replayed: 0,
    resyncs: 0,
    refused: 0,
    droppedSlow: 0,
    expired: 0,
    signedOut: 0,
    joined: 0,
    removed: 0,
    rooms: 0,
  };
  gaugeOnScrape('taskmesh_realtime_connected_sockets', 'Sockets connected to this replica', () => stats.connected);
  let io: SocketServer | undefined;
  const state = (socket: Socket) => socket.data as SocketState;
  const userSockets = createUserSockets(options.maxSocketsPerUser);
  const rooms = createProjectRooms();
  const allowedOrigins = new Set(corsOrigins);
  /**
   * Membership changes heard while a handshake of that user waits for
   * tasks-api's answer: applied on top of the answer, so a change racing the
   * handshake is not lost (events of one project arrive in order, keyed by it).
   */
  const pendingHandshakes = new Map<string, Set<ProjectAccessChangedData[]>>();
  /**
   * The newest sequence number this replica has delivered per project (the
   * most recently active projects, bounded): an update that arrived while a
   * handshake waited for tasks-api is newer than its answer, and is caught up.
   */
  const latestSeqs = new Map<string, number>();
  const maxLatestSeqs = 100_000;
  function noteLatest(projectId: string, seq: number): void {
    if (seq <= (latestSeqs.get(projectId) ?? 0)) return;
    latestSeqs.delete(projectId);
    latestSeqs.set(projectId, seq);
    if (latestSeqs.size > maxLatestSeqs) latestSeqs.delete(latestSeqs.keys().next().value as string);
  }

  /** Tells the client why, then disconnects it (socket.io sends the two in order). */
  function close(socket: Socket, reason: Closing['reason'], message: string): void {
    socket.emit('closing', { reason, message } satisfies Closing);
    socket.disconnect(true);
  }

  function send(socket: Socket, event: string, payload: unknown): void {
    const buffered = bufferedBytes(socket);
    if (buffered > maxBufferedBytes) {
      stats.droppedSlow += 1;
      logger.warn({ userId: state(socket).userId, bufferedBytes: buffered }, 'socket too slow; disconnecting it');
      socket.disconnect(true);
      return;
    }
    socket.emit(event, payload);
  }

  /** Sends one live update, or holds it while the socket catches up on that sequence. */
  function deliver(socket: Socket, stream: string, entry: { seq: number; event: string; update: unknown }): void {
    const held = state(socket).held.get(stream);
    if (held) held.push(entry);
    else {
      send(socket, entry.event, entry.update);
      stats.delivered += 1;
    }
  }

  async function membershipsWithChanges(userId: string): Promise<Memberships> {
    const heard: ProjectAccessChangedData[] = [];
    const pending = pendingHandshakes.get(userId) ?? new Set();
    pending.add(heard);
    pendingHandshakes.set(userId, pending);
    try {
      const listed = await memberships(userId);
      const byProject = new Map(listed.projects.map((m) => [m.projectId, m]));
      for (const change of heard) {
        if (change.role) byProject.set(change.projectId, { ...change, role: change.role });
        else byProject.delete(change.projectId);
      }
      return { projects: [...byProject.values()], truncated: listed.truncated };
    } finally {
      pending.delete(heard);
      if (pending.size === 0) pendingHandshakes.delete(userId);
    }
  }

  function joinRoom(socket: Socket, { projectId, role, seq }: Membership): boolean {
    const { projects } = state(socket);
    if (!projects.has(projectId) && projects.size >= options.maxProjectsPerSocket) {
      logger.warn(
        { userId: state(socket).userId, projectId, max: options.maxProjectsPerSocket },
        'socket follows the most projects allowed; not joining another',
      );
      return false;
    }
    projects.set(projectId, { role, seq: projects.get(projectId)?.seq ?? seq });
    rooms.join(projectId, socket);
    stats.rooms = rooms.size;
    return true;
  }

  function leaveRooms(socket: Socket): void {
    for (const projectId of state(socket)?.projects.keys() ?? []) rooms.leave(projectId, socket);
    stats.rooms = rooms.size;
  }

  /** Why the handshake is refused, or undefined when the socket is admitted (and counted for its user). */
  async function refusal(socket: Socket): Promise<string | undefined> {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string') return 'unauthorized: send auth.token (an access token)';
    const principal = await tokens.verify(token).catch(() => undefined);
    if (!principal) return 'unauthorized: the access token is invalid or expired';
    const { userId, sessionId, expiresAt } = principal;
    if (sessionId && (await endedSessions.ended(sessionId))) return sessionEnded;
    let joined: Memberships;
    try {
      joined = await membershipsWithChanges(userId);
    } catch (error) {
      logger.warn({ err: error, userId }, 'memberships unavailable; refusing the handshake');
      return 'unavailable: the projects of this user could not be read; connect again shortly';
    }
    // No await from here until the socket connects: a session.ended handled
    // meanwhile is seen by endedHere, or its sweep finds this socket connected;
    // a membership change handled meanwhile finds the socket among the user's.
    if (sessionId && endedSessions.endedHere(sessionId)) return sessionEnded;
    // A client that left during the awaits would never disconnect: counting it would take a slot for good.
    if (socket.conn.readyState !== 'open') return 'the connection closed during the handshake';
    if (!userSockets.admit(userId, socket))
      return `too many sockets: at most ${userSockets.maxPerUser} per user on one server; close another tab`;
    socket.data = {
      userId,
      sessionId,
      expiresAt: expiresAt.getTime(),
      projects: new Map(),
      held: new Map(),
    } satisfies SocketState;
    const followed = joined.projects.filter((membership) => joinRoom(socket, membership));
    socket.data.truncated = joined.truncated || followed.length < joined.projects.length;
    socket.once('disconnect', () => leaveRooms(socket));
    socket.conn.once('close', () => leaveRooms(socket));
    return undefined;
  }

  /**
   * Sends what the socket missed of one sequence after `lastSeq`, holding that
   * sequence's live updates meanwhile. `knownNewest`: the sequence number
   * tasks-api reported at the handshake (bounds the read).
   */
  async function catchUp(socket: Socket, stream: Stream, lastSeq: number, knownNewest?: number): Promise<void> {
    const { userId } = state(socket);
    const key = stream.kind === 'user' ? userStream : stream.projectId;
    const projectId = stream.kind === 'project' ? stream.projectId : undefined;
    const held: Array<{ seq: number; event: string; update: unknown }> = [];
    state(socket).held.set(key, held);
    const resync = (reason: string) => {
      stats.resyncs += 1;
      send(socket, 'resync', { reason, lastSeq, ...(projectId ? { projectId } : {}) } satisfies Resync);
    };
    try {
      const found =
        stream.kind === 'user'
          ? await replay
              .after(userId, lastSeq)
              .then((c) => ({ ...c, entries: c.updates.map((u) => ({ seq: u.seq, event: 'task', update: u })) }))
          : await projectReplay
              .after(stream.projectId, lastSeq, knownNewest)
              .then((c) => ({ ...c, entries: c.updates }));
      // Removed from the project while reading: it gets nothing more of it.
      if (state(socket).held.get(key) !== held) return;
      if (found.resync) resync(projectId ? 'too far behind: reload this project' : 'too far behind: reload your tasks');
      else {
        for (const entry of found.entries) send(socket, entry.event, entry.update);
        stats.replayed += found.entries.length;
      }
      const sentUpTo = found.resync ? Number.POSITIVE_INFINITY : (found.entries.at(-1)?.seq ?? lastSeq);
      for (const entry of held) if (found.resync || entry.seq > sentUpTo) send(socket, entry.event, entry.update);
    } catch (error) {
      logger.warn({ err: error, userId, projectId }, 'catch-up failed; asking the client to resync');
      if (state(socket).held.get(key) === held) resync('catch-up unavailable');
    } finally {
      if (state(socket).held.get(key) === held) state(socket).held.delete(key);
    }
  }

  /** Catches the new socket up on each sequence the client names (only projects it is in). */
  function catchUpAll(socket: Socket): void {
    const auth = socket.handshake.auth as { lastSeq?: unknown; lastSeqs?: unknown };
    if (isSeq(auth.lastSeq)) void catchUp(socket, { kind: 'user' }, auth.lastSeq);
    const lastSeqs = auth.lastSeqs;
    if (typeof lastSeqs !== 'object' || lastSeqs === null || Array.isArray(lastSeqs)) return;
    // Walks the socket's own projects (bounded), never the client's keys; reads
    // the replay buffer only for those with something newer than the client has
    // (per tasks-api at the handshake, or per what this replica has delivered since).
    for (const [projectId, { seq }] of state(socket).projects) {
      const lastSeq = Object.hasOwn(lastSeqs, projectId) ? (lastSeqs as Record<string, unknown>)[projectId] : undefined;
      const newest = Math.max(seq, latestSeqs.get(projectId) ?? 0);
      if (isSeq(lastSeq) && lastSeq < newest) void catchUp(socket, { kind: 'project', projectId }, lastSeq, newest);
    }
  }

  return {
    stats,
    attach(server: Server): void {
      io = new SocketServer(server, {
        cors: { origin: corsOrigins, credentials: true },
        // CORS alone does not stop a page on another site from opening a
        // websocket (browsers send its Origin but do not enforce CORS on it):
        // every new connection, polling or websocket, from a foreign origin
        // gets 403 (issue 15). Upgrades need the id of an admitted one.
        allowRequest: (req, callback) => {
          const origin = req.headers.origin;
          if (origin === undefined || allowedOrigins.has(origin)) return callback(null, true);
          stats.refused += 1;
          callback('origin not allowed', false);
        },
        // Bounded per message as well: a client may not push large frames at us.
        maxHttpBufferSize: 64 * 1024,
      });
      io.use((socket, next) => {
        refusal(socket).then(
          (message) => {
            if (message) stats.refused += 1;
            next(message ? new Error(message) : undefined);
          },
          (error) => next(error as Error),
        );
      });
      io.on('connection', (socket) => {
        stats.connected += 1;
        const socketState = state(socket);
        socketState.expiry = setTimeout(
          () => {
            stats.expired += 1;
            close(socket, 'token-expired', 'the access token expired: connect again with a fresh one and lastSeqs');
          },
          Math.min(socketState.expiresAt - Date.now(), maxDelayMs),
        );
        socket.on('disconnect', () => {
          stats.connected -= 1;
          clearTimeout(socketState.expiry);
        });
        // First what it follows (with each project's sequence now), then what it missed.
        send(socket, 'projects', {
          projects: [...socketState.projects].map(([projectId, { role, seq }]) => ({ projectId, role, seq })),
          truncated: socketState.truncated ?? false,
        } satisfies ProjectsJoined);
        catchUpAll(socket);
      });
    },

    /** Sends old (project-less) task updates to the owner's sockets on this replica. */
    deliverTaskUpdates(userId: string, updates: TaskUpdate[]): void {
      for (const socket of userSockets.of(userId))
        for (const update of updates) deliver(socket, userStream, { seq: update.seq, event: 'task', update });
    },

    /** Sends a project's task and comment updates to its room on this replica. */
    deliverProjectUpdates(projectId: string, updates: ProjectUpdate[]): void {
      for (const { seq } of updates) noteLatest(projectId, seq);
      for (const socket of rooms.of(projectId)) for (const entry of updates) deliver(socket, projectId, entry);
    },

    /**
     * A membership changed: the user's sockets here join the project's room
     * (and get what followed the change's sequence, which an update on
     * another partition may have brought before this event) or leave it.
     * Idempotent: a repeated event changes nothing and sends no repeats.
     */
    changeAccess(change: ProjectAccessChangedData): void {
      for (const heard of pendingHandshakes.get(change.userId) ?? []) heard.push(change);
      const { projectId, role, seq } = change;
      for (const socket of userSockets.admitted(change.userId)) {
        const socketState = state(socket);
        if (!socketState?.projects) continue;
        const before = socketState.projects.get(projectId)?.role;
        if (role) {
          if (before === role) continue;
          // Beyond the socket's cap it is still told (the sidebar lists the project), but not joined.
          const joinedNow = joinRoom(socket, { projectId, role, seq });
          if (joinedNow && before === undefined) {
            stats.joined += 1;
            if (socket.connected) void catchUp(socket, { kind: 'project', projectId }, seq);
          }
        } else {
          if (before === undefined) continue;
          socketState.projects.delete(projectId);
          socketState.held.delete(projectId);
          rooms.leave(projectId, socket);
          stats.rooms = rooms.size;
          stats.removed += 1;
        }
        if (socket.connected) send(socket, 'access', { projectId, role, seq } satisfies AccessUpdate);
      }
    },

    deliverNotification(data: NotificationCreatedData): void {
      for (const socket of userSockets.of(data.notification.userId)) send(socket, 'notification', data);
    },

    /** Closes the sockets of a signed-out session (and those whose token names no session). */
    endSession(userId: string, sessionId: string): void {
      for (const socket of userSockets.of(userId)) {
        const socketSession = state(socket).sessionId;
        if (socketSession !== undefined && socketSession !== sessionId) continue;
        stats.signedOut += 1;
        close(socket, 'session-ended', 'the session was signed out');
      }
    },

    /** Disconnects every socket (on shutdown; clients reconnect to another replica and catch up). */
    disconnectAll(): void {
      io?.disconnectSockets(true);
    },
  };
}

export type SocketHub = ReturnType<typeof createSocketHub>;
