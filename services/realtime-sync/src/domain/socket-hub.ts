import type { Server } from 'node:http';
import type { Closing, NotificationCreatedData, TaskUpdate } from '@taskmesh/contracts';
import { type AccessTokenVerifier, gaugeOnScrape, type Logger } from '@taskmesh/platform';
import { type Socket, Server as SocketServer } from 'socket.io';
import type { EndedSessions } from './ended-sessions';
import type { ReplayBuffer } from './replay-buffer';
import { createUserSockets } from './user-sockets';

export interface HubOptions {
  tokens: AccessTokenVerifier;
  replay: ReplayBuffer;
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
}

interface SocketState {
  userId: string;
  /** The sign-in session the token was issued in (`sid`), if it names one. */
  sessionId?: string;
  /** When the access token expires (ms). */
  expiresAt: number;
  expiry?: ReturnType<typeof setTimeout>;
  /** While catching up, live updates wait here (then go out in order, without repeats). */
  held?: TaskUpdate[];
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

/**
 * The socket.io side. The handshake must come from an allowed origin (or from
 * no browser) and carry a valid access token (`auth: { token, lastSeq? }`) of
 * a session that is not signed out, within the user's socket cap; each socket
 * only ever receives its user's updates. A client that sends `lastSeq` first
 * gets what it missed from the replay buffer (or `resync`), then live updates.
 * A socket is closed (`closing` with the reason, then disconnect) when its
 * token expires or its session is signed out (issue 15). A socket that cannot
 * keep up (more than maxBufferedBytes waiting) is disconnected rather than
 * buffered without bound; it catches up on reconnect.
 */
export function createSocketHub(options: HubOptions) {
  const { tokens, replay, endedSessions, logger, maxBufferedBytes, corsOrigins } = options;
  const stats: HubStats = {
    connected: 0,
    delivered: 0,
    replayed: 0,
    resyncs: 0,
    refused: 0,
    droppedSlow: 0,
    expired: 0,
    signedOut: 0,
  };
  gaugeOnScrape('taskmesh_realtime_connected_sockets', 'Sockets connected to this replica', () => stats.connected);
  let io: SocketServer | undefined;
  const state = (socket: Socket) => socket.data as SocketState;
  const userSockets = createUserSockets(options.maxSocketsPerUser);
  const allowedOrigins = new Set(corsOrigins);

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

  /** Why the handshake is refused, or undefined when the socket is admitted (and counted for its user). */
  async function refusal(socket: Socket): Promise<string | undefined> {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string') return 'unauthorized: send auth.token (an access token)';
    const principal = await tokens.verify(token).catch(() => undefined);
    if (!principal) return 'unauthorized: the access token is invalid or expired';
    const { userId, sessionId, expiresAt } = principal;
    if (sessionId && (await endedSessions.ended(sessionId))) return sessionEnded;
    // No await from here until the socket connects: a session.ended handled
    // meanwhile is seen by endedHere, or its sweep finds this socket connected.
    if (sessionId && endedSessions.endedHere(sessionId)) return sessionEnded;
    // A client that left during the awaits would never disconnect: counting it would take a slot for good.
    if (socket.conn.readyState !== 'open') return 'the connection closed during the handshake';
    if (!userSockets.admit(userId, socket))
      return `too many sockets: at most ${userSockets.maxPerUser} per user on one server; close another tab`;
    socket.data = { userId, sessionId, expiresAt: expiresAt.getTime() } satisfies SocketState;
    return undefined;
  }

  async function catchUp(socket: Socket, lastSeq: number): Promise<void> {
    const { userId } = state(socket);
    state(socket).held = [];
    try {
      const { updates, resync } = await replay.after(userId, lastSeq);
      if (resync) {
        stats.resyncs += 1;
        send(socket, 'resync', { reason: 'too far behind: reload your tasks', lastSeq });
      } else {
        for (const update of updates) send(socket, 'task', update);
        stats.replayed += updates.length;
      }
      const sentUpTo = resync ? Number.POSITIVE_INFINITY : (updates.at(-1)?.seq ?? lastSeq);
      for (const update of state(socket).held ?? []) if (resync || update.seq > sentUpTo) send(socket, 'task', update);
    } catch (error) {
      logger.warn({ err: error, userId }, 'catch-up failed; asking the client to resync');
      send(socket, 'resync', { reason: 'catch-up unavailable', lastSeq });
    } finally {
      state(socket).held = undefined;
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
            close(socket, 'token-expired', 'the access token expired: connect again with a fresh one and lastSeq');
          },
          Math.min(socketState.expiresAt - Date.now(), maxDelayMs),
        );
        socket.on('disconnect', () => {
          stats.connected -= 1;
          clearTimeout(socketState.expiry);
        });
        const lastSeq = (socket.handshake.auth as { lastSeq?: unknown }).lastSeq;
        if (typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0) void catchUp(socket, lastSeq);
      });
    },

    /** Sends task updates to the owner's sockets on this replica. */
    deliverTaskUpdates(userId: string, updates: TaskUpdate[]): void {
      for (const socket of userSockets.of(userId)) {
        const held = state(socket).held;
        for (const update of updates) {
          if (held) held.push(update);
          else {
            send(socket, 'task', update);
            stats.delivered += 1;
          }
        }
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
