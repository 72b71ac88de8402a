import type { Server } from 'node:http';
import type { NotificationCreatedData, TaskUpdate } from '@taskmesh/contracts';
import { type AccessTokenVerifier, gaugeOnScrape, type Logger } from '@taskmesh/platform';
import { type Socket, Server as SocketServer } from 'socket.io';
import type { ReplayBuffer } from './replay-buffer';

export interface HubOptions {
  tokens: AccessTokenVerifier;
  replay: ReplayBuffer;
  logger: Logger;
  /** Bytes a socket may have waiting to be written before it counts as too slow. */
  maxBufferedBytes: number;
  corsOrigins: string;
}

/** What this replica is doing (GET /stats). */
export interface HubStats {
  connected: number;
  delivered: number;
  replayed: number;
  resyncs: number;
  refused: number;
  droppedSlow: number;
}

interface SocketState {
  userId: string;
  /** While catching up, live updates wait here (then go out in order, without repeats). */
  held?: TaskUpdate[];
}

const room = (userId: string) => `user:${userId}`;

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

/**
 * The socket.io side. The handshake must carry a valid access token
 * (`auth: { token, lastSeq? }`); each socket joins its user's room and only
 * ever receives that user's updates. A client that sends `lastSeq` first
 * gets what it missed from the replay buffer (or `resync`), then live updates.
 * A socket that cannot keep up (more than maxBufferedBytes waiting) is
 * disconnected rather than buffered without bound; it catches up on reconnect.
 */
export function createSocketHub({ tokens, replay, logger, maxBufferedBytes, corsOrigins }: HubOptions) {
  const stats: HubStats = { connected: 0, delivered: 0, replayed: 0, resyncs: 0, refused: 0, droppedSlow: 0 };
  gaugeOnScrape('taskmesh_realtime_connected_sockets', 'Sockets connected to this replica', () => stats.connected);
  let io: SocketServer | undefined;
  const state = (socket: Socket) => socket.data as SocketState;

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

  function socketsOf(userId: string): Socket[] {
    const ids = io?.sockets.adapter.rooms.get(room(userId));
    if (!ids) return [];
    return [...ids].map((id) => io?.sockets.sockets.get(id)).filter((s): s is Socket => s !== undefined);
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
        cors: { origin: corsOrigins === '*' ? true : corsOrigins.split(','), credentials: true },
        // Bounded per message as well: a client may not push large frames at us.
        maxHttpBufferSize: 64 * 1024,
      });
      io.use((socket, next) => {
        const token = (socket.handshake.auth as { token?: unknown }).token;
        if (typeof token !== 'string') {
          stats.refused += 1;
          return next(new Error('unauthorized: send auth.token (an access token)'));
        }
        tokens
          .verify(token)
          .then((principal) => {
            socket.data = { userId: principal.userId } satisfies SocketState;
            next();
          })
          .catch(() => {
            stats.refused += 1;
            next(new Error('unauthorized: the access token is invalid or expired'));
          });
      });
      io.on('connection', (socket) => {
        stats.connected += 1;
        const { userId } = state(socket);
        void socket.join(room(userId));
        socket.on('disconnect', () => {
          stats.connected -= 1;
        });
        const lastSeq = (socket.handshake.auth as { lastSeq?: unknown }).lastSeq;
        if (typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0) void catchUp(socket, lastSeq);
      });
    },

    /** Sends task updates to the owner's sockets on this replica. */
    deliverTaskUpdates(userId: string, updates: TaskUpdate[]): void {
      for (const socket of socketsOf(userId)) {
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
      for (const socket of socketsOf(data.notification.userId)) send(socket, 'notification', data);
    },

    /** Disconnects every socket (on shutdown; clients reconnect to another replica and catch up). */
    disconnectAll(): void {
      io?.disconnectSockets(true);
    },
  };
}

export type SocketHub = ReturnType<typeof createSocketHub>;
