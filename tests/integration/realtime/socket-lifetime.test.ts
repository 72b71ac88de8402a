import { accessTokenSigner } from '@taskmesh/platform';
import {
  createTask,
  type ExtraSidecar,
  httpRequest,
  localSecret,
  signUp,
  type TestUser,
  tasksApi,
  waitFor,
} from '@taskmesh/testing';
import {
  closedByServer,
  connect,
  connectError,
  disconnectAll,
  lastSeqsOf,
  type Received,
  rename,
  startReplica,
  titles,
  url,
} from './realtime-clients';

// How long a socket may live and who may open one (issue 15): sockets close
// when their access token expires or their session signs out, a user has at
// most MAX_SOCKETS_PER_USER sockets on a replica, and only web's origins may
// open them from a browser.

afterEach(disconnectAll);

/** The user signed in a second time: another session (refresh-token family) with its own tokens. */
async function anotherSession(user: TestUser) {
  const result = await tasksApi().post('auth/login', { email: user.email, password: user.password });
  expect(result.status).toBe(200);
  return result.body as { accessToken: string; refreshToken: string };
}

const seqs = (...clients: Received[]) => clients.flatMap((c) => c.tasks.map((t) => t.seq));

describe('realtime-sync socket lifetime (issue 15)', () => {
  it('closes a socket when its access token expires; a fresh token resumes with nothing lost', async () => {
    const user = await signUp();
    const shortLived = await accessTokenSigner(localSecret('jwt-private-key'), 4).sign({ id: user.id, role: 'user' });
    const first = await connect(shortLived.token);
    const task = await createTask(user, { title: 'e0' });
    await rename(user, task.id, ['e1']);

    expect(await closedByServer(first)).toEqual({ reason: 'token-expired', message: expect.any(String) });
    await rename(user, task.id, ['e2', 'e3']);
    // Back with a fresh token and the last sequence it had everything up to (0: none yet).
    const again = await connect(user.accessToken, { lastSeqs: lastSeqsOf(task.projectId, first) });
    await waitFor('every change', async () => (titles(again).includes('e3') ? true : undefined));
    // Every change once, in order, across the two sockets (a new user's Inbox's sequence starts at 1).
    expect(seqs(first, again)).toEqual([1, 2, 3, 4]);
    expect([...titles(first), ...titles(again)]).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(again.resyncs).toEqual([]);
  });

  it('closes the sockets of a session that signs out, and only those; its tokens open no new one', async () => {
    let later: ExtraSidecar | undefined;
    try {
      const user = await signUp();
      const other = await anotherSession(user);
      const [tab1, tab2, elsewhere] = await Promise.all([
        connect(user.accessToken),
        connect(user.accessToken),
        connect(other.accessToken),
      ]);
      expect((await tasksApi().post('auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);

      for (const tab of [tab1, tab2])
        expect(await closedByServer(tab)).toEqual({ reason: 'session-ended', message: expect.any(String) });
      // Barrier: the replica has handled the sign-out; an update made after it reaches the other session.
      await createTask({ ...user, api: tasksApi(other.accessToken) }, { title: 'after sign-out' });
      await waitFor('the update on the other session', async () =>
        titles(elsewhere).includes('after sign-out') ? true : undefined,
      );
      expect(elsewhere.closings).toEqual([]);
      expect(elsewhere.socket.connected).toBe(true);

      // The signed-out access token has not expired, yet opens no socket: here,
      // nor on a replica that started after the sign-out (from the state store).
      expect(await connectError(user.accessToken)).toMatch(/session has ended/);
      later = await startReplica(95);
      expect(await connectError(user.accessToken, { port: 3195 })).toMatch(/session has ended/);
      expect(await connectError(other.accessToken, { port: 3195 })).toBe('connected');
    } finally {
      later?.stop();
    }
  });

  it('closes the sockets of a session whose refresh token is used twice (a stolen token)', async () => {
    const user = await signUp();
    const tab = await connect(user.accessToken);
    expect((await tasksApi().post('auth/refresh', { refreshToken: user.refreshToken })).status).toBe(200);
    expect((await tasksApi().post('auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect(await closedByServer(tab)).toEqual({ reason: 'session-ended', message: expect.any(String) });
  });

  it('refuses a user’s sockets beyond the cap, even arriving together, until one closes', async () => {
    const cap = 20; // MAX_SOCKETS_PER_USER's default
    const user = await signUp();
    const attempts = await Promise.all(
      Array.from({ length: cap + 1 }, () => connect(user.accessToken).catch((error: Error) => error.message)),
    );
    const connected = attempts.filter((a): a is Received => typeof a !== 'string');
    expect(connected).toHaveLength(cap);
    expect(attempts.filter((a) => typeof a === 'string')).toEqual([expect.stringMatching(/too many sockets/)]);
    // Other users are not affected.
    expect(await connectError((await signUp()).accessToken)).toBe('connected');
    // One closes: a slot is free again (as soon as the replica has seen it go).
    connected[0]?.socket.disconnect();
    await waitFor('a free slot', async () =>
      (await connectError(user.accessToken)) === 'connected' ? true : undefined,
    );
  });

  it('refuses a handshake from an origin that is not web’s', async () => {
    const user = await signUp();
    const web = 'http://127.0.0.1:3100';
    expect(await connectError(user.accessToken, { origin: 'https://evil.example' })).toMatch(/websocket error/);
    expect(await connectError(user.accessToken, { origin: web })).toBe('connected');
    // The polling transport's handshake too.
    const polling = (origin: string) =>
      httpRequest(`${url()}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }).then((r) => r.status);
    expect(await polling('https://evil.example')).toBe(403);
    expect(await polling(web)).toBe(200);
  });
});
