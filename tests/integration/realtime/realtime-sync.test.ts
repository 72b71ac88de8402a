import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { accessTokenSigner } from '@taskmesh/platform';
import {
  createTask,
  type ExtraSidecar,
  invokeOwn,
  localSecret,
  signUp,
  type TestUser,
  waitFor,
} from '@taskmesh/testing';
import { connect, connectError, disconnectAll, type Received, rename, startReplica, titles } from './realtime-clients';

afterEach(disconnectAll);

/**
 * A replica started by a test has its own consumer group, which starts at the
 * newest event once it has joined: change the task until every client has seen an update.
 */
async function untilBoth(user: TestUser, taskId: string, clients: Received[]) {
  let n = 0;
  await waitFor(
    'an update on every client',
    async () => {
      if (clients.every((c) => c.tasks.length > 0)) return true;
      n += 1;
      await user.api.patch(`tasks/${taskId}`, { title: `warm-up-${n}` });
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
}

/** A key pair that is not Taskmesh's: what a forger has. */
const otherPrivateKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('realtime-sync', () => {
  it('refuses expired and forged tokens at the handshake', async () => {
    const user = await signUp();
    expect(await connectError('not-a-token')).toMatch(/unauthorized/);
    const forged = await accessTokenSigner(otherPrivateKey(), 60).sign({
      id: user.id,
      role: 'user',
    });
    expect(await connectError(forged.token)).toMatch(/unauthorized/);
    const expired = await accessTokenSigner(localSecret('jwt-private-key'), -10).sign({ id: user.id, role: 'user' });
    expect(await connectError(expired.token)).toMatch(/unauthorized/);
    expect(await connectError(user.accessToken)).toBe('connected');
  });

  it('gives each of two users exactly their own updates, in version order, on every socket', async () => {
    const ann = await signUp();
    const bob = await signUp();
    const [ann1, ann2, bob1] = await Promise.all([
      connect(ann.accessToken),
      connect(ann.accessToken),
      connect(bob.accessToken),
    ]);
    const annTask = await createTask(ann, { title: 'a0' });
    const bobTask = await createTask(bob, { title: 'b0' });
    await rename(ann, annTask.id, ['a1', 'a2', 'a3']);
    await rename(bob, bobTask.id, ['b1']);
    for (const socket of [ann1, ann2])
      await waitFor('ann’s four updates', async () => (socket.tasks.length >= 4 ? true : undefined));
    await waitFor('bob’s two updates', async () => (bob1.tasks.length >= 2 ? true : undefined));
    // Barrier (issue 16): every update above has been handled; a marker on each task reaches
    // its sockets after anything else those updates sent them (a stray or repeated update).
    await rename(ann, annTask.id, ['a-marker']);
    await rename(bob, bobTask.id, ['b-marker']);
    for (const socket of [ann1, ann2])
      await waitFor('ann’s marker', async () => (titles(socket).includes('a-marker') ? true : undefined));
    await waitFor('bob’s marker', async () => (titles(bob1).includes('b-marker') ? true : undefined));
    for (const socket of [ann1, ann2]) {
      expect(titles(socket)).toEqual(['a0', 'a1', 'a2', 'a3', 'a-marker']);
      expect(socket.tasks.map((t) => t.version)).toEqual([1, 2, 3, 4, 5]);
    }
    expect(titles(bob1)).toEqual(['b0', 'b1', 'b-marker']);
  });

  it('sends missed updates once, in order, to a client that reconnects with its last sequence', async () => {
    const user = await signUp();
    const first = await connect(user.accessToken);
    const task = await createTask(user, { title: 'v1' });
    await waitFor('the first update', async () => (first.tasks.length === 1 ? true : undefined));
    const lastSeq = first.tasks[0]?.seq as number;
    // Updates are numbered per project (issue 19): the task is in the user's Inbox.
    expect(first.tasks[0]?.projectId).toBe(task.projectId);
    first.socket.disconnect();
    await rename(user, task.id, ['v2', 'v3', 'v4']);
    // Back again: the three changes made while away arrive once, in order, then live ones follow.
    const again = await connect(user.accessToken, { lastSeqs: { [task.projectId]: lastSeq } });
    await waitFor('the missed updates', async () => (again.tasks.length >= 3 ? true : undefined));
    await rename(user, task.id, ['v5']);
    await waitFor('the live update after them', async () => (again.tasks.length >= 4 ? true : undefined));
    // Barrier (issue 16): a marker after them, so a repeated update would be in the list by now.
    await rename(user, task.id, ['v-marker']);
    await waitFor('the marker', async () => (titles(again).includes('v-marker') ? true : undefined));
    expect(titles(again)).toEqual(['v2', 'v3', 'v4', 'v5', 'v-marker']);
    expect(again.tasks.map((t) => t.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4, lastSeq + 5]);
    expect(again.resyncs).toEqual([]);
  });

  it('tells a client that is too far behind to resync', async () => {
    // A replica whose replay buffer holds only 3 updates, so "too far behind" takes 5 changes.
    const small = await startReplica(96, { REPLAY_SIZE: '3' });
    try {
      const user = await signUp();
      const watcher = await connect(user.accessToken, { port: 3196 });
      const task = await createTask(user, { title: 'r0' });
      await untilBoth(user, task.id, [watcher]);
      await rename(user, task.id, ['r1', 'r2', 'r3', 'r4']);
      await waitFor('the changes on the small replica', async () =>
        titles(watcher).includes('r4') ? true : undefined,
      );
      const newest = watcher.tasks.at(-1)?.seq as number;
      const behind = await connect(user.accessToken, { port: 3196, lastSeqs: { [task.projectId]: newest - 2 } });
      await waitFor('the last two', async () => (behind.tasks.length === 2 ? true : undefined));
      expect(behind.resyncs).toEqual([]);
      const tooFar = await connect(user.accessToken, { port: 3196, lastSeqs: { [task.projectId]: newest - 5 } });
      await waitFor('resync', async () => (tooFar.resyncs.length > 0 ? true : undefined));
      expect(tooFar.tasks).toEqual([]);
      expect(tooFar.resyncs).toEqual([expect.objectContaining({ projectId: task.projectId, lastSeq: newest - 5 })]);
    } finally {
      small.stop();
    }
  });

  it('reaches a client on each of two replicas', async () => {
    let second: ExtraSidecar | undefined;
    try {
      second = await startReplica(95);
      const user = await signUp();
      const onFirst = await connect(user.accessToken);
      const onSecond = await connect(user.accessToken, { port: 3195 });
      const task = await createTask(user, { title: `both-${randomUUID().slice(0, 6)}` });
      await untilBoth(user, task.id, [onFirst, onSecond]);
      const last = `final-${randomUUID().slice(0, 6)}`;
      await user.api.patch(`tasks/${task.id}`, { title: last });
      await waitFor('the same update on both', async () =>
        titles(onFirst).includes(last) && titles(onSecond).includes(last) ? true : undefined,
      );
    } finally {
      second?.stop();
    }
  });

  it('disconnects a client that stops reading instead of buffering for it, and lets it catch up', async () => {
    // A replica that allows 100 kB waiting per socket. The client stops reading
    // its TCP socket; once the kernel's buffers are full (a few MB on loopback)
    // the replica must drop it rather than queue every later update.
    const replica = await startReplica(97, { MAX_BUFFERED_BYTES: '100000', REPLAY_SIZE: '2000' });
    const stats = () =>
      invokeOwn<{ droppedSlow: number; connected: number }>('realtime-sync', 'stats', {}, 3597).then((r) => r.body);
    try {
      const user = await signUp();
      const slow = await connect(user.accessToken, { port: 3197 });
      const reasons: string[] = [];
      slow.socket.on('disconnect', (reason) => reasons.push(reason));
      const task = await createTask(user, { title: 'slow-0' });
      await untilBoth(user, task.id, [slow]);
      const engine = slow.socket.io.engine as unknown as { transport: { ws: { _socket: import('node:net').Socket } } };
      const tcp = engine.transport.ws._socket;
      tcp.pause();

      const filler = 'x'.repeat(19_000);
      let changes = 0;
      for (; changes < 1_500 && (await stats()).droppedSlow === 0; changes++)
        expect((await user.api.patch(`tasks/${task.id}`, { description: `${changes} ${filler}` })).status).toBe(200);
      expect(changes).toBeLessThan(1_500);
      expect((await stats()).connected).toBe(0);

      // Reading again, the client finds what got through, then the closed connection.
      tcp.resume();
      await waitFor('the client to see the disconnect', async () => (reasons.length > 0 ? true : undefined));
      const lastSeq = Math.max(...slow.tasks.map((t) => t.seq));
      await rename(user, task.id, ['after-the-drop']);
      const back = await connect(user.accessToken, { port: 3197, lastSeqs: { [task.projectId]: lastSeq } });
      await waitFor('the missed updates up to the newest', async () =>
        titles(back).includes('after-the-drop') ? true : undefined,
      );
      expect(back.resyncs).toEqual([]);
      // Nothing missing, nothing twice: every sequence after the last one seen, in order.
      const seqs = back.tasks.map((t) => t.seq);
      expect(seqs).toEqual(seqs.map((_, i) => lastSeq + 1 + i));
    } finally {
      replica.stop();
    }
  });
});
