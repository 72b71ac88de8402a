import type { AccessUpdate, Closing, CommentUpdate, ProjectsJoined } from '@taskmesh/contracts';
import { type ExtraSidecar, runFileApps, startSidecar, type TestUser, waitFor } from '@taskmesh/testing';
import { io, type Socket } from 'socket.io-client';

// socket.io clients of realtime-sync for the realtime tests. Browsers connect
// to it directly; updates reach it from tasks-api through Kafka and its own sidecar.

const realtimeApp = () => runFileApps().find((a) => a.appID === 'realtime-sync');
export const url = (port = realtimeApp()?.appPort) => `http://127.0.0.1:${port}`;

export interface Received {
  socket: Socket;
  tasks: Array<{
    seq: number;
    projectId?: string;
    taskId: string;
    version: number;
    movedOut?: boolean;
    task: { title: string; projectId?: string };
  }>;
  comments: CommentUpdate[];
  /** Membership changes (issue 19). */
  access: AccessUpdate[];
  /** The projects the socket followed when it connected. */
  projects?: ProjectsJoined;
  resyncs: Array<{ projectId?: string; lastSeq: number }>;
  notifications: unknown[];
  /** `closing` events: why the server is about to disconnect the socket. */
  closings: Closing[];
  /** The reasons socket.io-client gave for disconnects. */
  disconnects: string[];
}

const open: Socket[] = [];
/** Disconnects every client a test opened (call from afterEach). */
export function disconnectAll(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

interface ClientOptions {
  /** The owner's old per-user sequence (updates without a project). */
  lastSeq?: number;
  /** The last sequence per project (issue 19). */
  lastSeqs?: Record<string, number>;
  port?: number;
  /** A browser's Origin header. */
  origin?: string;
}

function client(token: string, options: ClientOptions): Socket {
  const socket = io(url(options.port), {
    auth: {
      token,
      ...(options.lastSeq !== undefined ? { lastSeq: options.lastSeq } : {}),
      ...(options.lastSeqs !== undefined ? { lastSeqs: options.lastSeqs } : {}),
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
  });
  open.push(socket);
  return socket;
}

/** A connected client that records what it receives. */
export async function connect(token: string, options: ClientOptions = {}): Promise<Received> {
  const socket = client(token, options);
  const received: Received = {
    socket,
    tasks: [],
    comments: [],
    access: [],
    resyncs: [],
    notifications: [],
    closings: [],
    disconnects: [],
  };
  socket.on('task', (update) => received.tasks.push(update));
  socket.on('comment', (update) => received.comments.push(update));
  socket.on('access', (update) => received.access.push(update));
  socket.on('projects', (joined) => {
    received.projects = joined;
  });
  socket.on('resync', (signal) => received.resyncs.push(signal));
  socket.on('notification', (n) => received.notifications.push(n));
  socket.on('closing', (closing) => received.closings.push(closing));
  socket.on('disconnect', (reason) => received.disconnects.push(reason));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return received;
}

/** 'connected', or the message of the handshake's refusal. */
export const connectError = (token: string, options: ClientOptions = {}) =>
  new Promise<string>((resolve) => {
    const socket = client(token, options);
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  });

/** Waits (with a deadline) until the server has closed the client; what it said before. */
export async function closedByServer(client: Received, timeoutMs = 30_000): Promise<Closing | undefined> {
  await waitFor('the server to close the socket', async () => (client.disconnects.length > 0 ? true : undefined), {
    timeoutMs,
  });
  expect(client.disconnects).toEqual(['io server disconnect']);
  return client.closings[0];
}

/** Another realtime-sync replica with its own sidecar (ports 31<n>/35<n>/36<n>/37<n>) and settings. */
export function startReplica(n: 95 | 96 | 97, env: Record<string, string> = {}): Promise<ExtraSidecar> {
  const app = realtimeApp();
  return startSidecar({
    appId: 'realtime-sync',
    httpPort: 3500 + n,
    grpcPort: 3600 + n,
    internalGrpcPort: 3700 + n,
    app: {
      dir: app?.appDirPath ?? './services/realtime-sync',
      port: 3100 + n,
      env: { CORS_ORIGINS: app?.env?.CORS_ORIGINS ?? '', ...env },
    },
  });
}

export const titles = (r: Received, taskId?: string) =>
  r.tasks.filter((t) => !taskId || t.taskId === taskId).map((t) => t.task.title);

/** The last sequence a client saw in one project, as the `lastSeqs` a reconnect sends (0: none yet). */
export const lastSeqsOf = (projectId: string, ...clients: Received[]) => ({
  [projectId]: Math.max(
    0,
    ...clients.flatMap((c) => c.tasks.filter((t) => t.projectId === projectId).map((t) => t.seq)),
  ),
});

export async function rename(user: TestUser, taskId: string, titlesInOrder: string[]) {
  for (const title of titlesInOrder) expect((await user.api.patch(`tasks/${taskId}`, { title })).status).toBe(200);
}
