import { randomUUID } from 'node:crypto';
import { createTask, type ExtraSidecar, signUp, type TestUser, testDatabase, waitFor } from '@taskmesh/testing';
import { connect, disconnectAll, type Received, rename, startReplica, titles } from './realtime-clients';

// Rooms per project (issue 19): a socket follows every project its user is a
// member of, joins and leaves rooms live as memberships change (on every
// replica), and catches up per project when it reconnects.

afterEach(disconnectAll);

function ok<T extends { status: number; body: any }>(result: T, status: number, what: string): T {
  if (result.status !== status) throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

async function createProject(owner: TestUser, name: string): Promise<string> {
  return ok(await owner.api.post('projects', { name }), 201, 'create project').body.id;
}

async function addMember(owner: TestUser, projectId: string, member: TestUser, role = 'editor') {
  ok(await owner.api.post(`projects/${projectId}/members`, { email: member.email, role }), 201, 'add member');
}

async function comment(user: TestUser, taskId: string, body: string) {
  ok(await user.api.post(`tasks/${taskId}/comments`, { body, mentionIds: [] }), 201, 'comment');
}

/** Connected, with its rooms joined (the `projects` event follows the connect). */
async function connected(user: TestUser, options: Parameters<typeof connect>[1] = {}): Promise<Received> {
  const client = await connect(user.accessToken, options);
  await waitFor('the projects the socket follows', async () => client.projects);
  return client;
}

const accessTo = (client: Received, projectId: string, role: string | null) =>
  waitFor(`access ${role} to the project`, async () =>
    client.access.some((a) => a.projectId === projectId && a.role === role) ? true : undefined,
  );

const commentBodies = (client: Received) => client.comments.map((c) => (c.comment as { body: string }).body);

/**
 * Barrier for what a socket did NOT receive: `witness` received `marker`, so
 * the replica has handled that update (and sent it to every socket in the
 * room in the same call); then the socket's own user changes their own task
 * and the socket receives that. A socket's messages arrive in the order they
 * were sent, so anything the replica sent it before is in its lists by now.
 */
async function barrier(witness: Received, marker: string, who: TestUser, socket: Received, ownTaskId: string) {
  await waitFor(`${marker} on the witness`, async () =>
    titles(witness).includes(marker) || commentBodies(witness).includes(marker) ? true : undefined,
  );
  const own = `own-after-${marker}`;
  await rename(who, ownTaskId, [own]);
  await waitFor(`${own} on the socket`, async () => (titles(socket).includes(own) ? true : undefined));
}

describe('project rooms (issue 19)', () => {
  it('joins a connected member’s socket when they are added and drops it when they are removed, without a reconnect', async () => {
    const [ana, ben, cleo] = await Promise.all([signUp(), signUp(), signUp()]);
    const [anaSocket, benSocket, cleoSocket] = await Promise.all([connected(ana), connected(ben), connected(cleo)]);
    const benOwn = await createTask(ben, { title: 'ben-own' });
    const cleoOwn = await createTask(cleo, { title: 'cleo-own' });

    // A project created while Ana's socket is open: her socket follows it at once.
    const projectId = await createProject(ana, 'Launch');
    await accessTo(anaSocket, projectId, 'owner');
    const task = await createTask(ana, { title: 'before-ben', projectId });
    await waitFor('the task on Ana’s socket', async () =>
      titles(anaSocket).includes('before-ben') ? true : undefined,
    );

    // Ben's socket was connected before he was added: it joins the room live.
    await addMember(ana, projectId, ben);
    await accessTo(benSocket, projectId, 'editor');
    await rename(ana, task.id, ['after-join']);
    await waitFor('Ana’s change on Ben’s socket', async () =>
      titles(benSocket).includes('after-join') ? true : undefined,
    );
    expect(benSocket.tasks.find((t) => t.task.title === 'after-join')?.projectId).toBe(projectId);
    await comment(ana, task.id, 'hello Ben');
    await waitFor('Ana’s comment on Ben’s socket', async () =>
      commentBodies(benSocket).includes('hello Ben') ? true : undefined,
    );
    expect(benSocket.comments.find((c) => c.taskId === task.id)).toMatchObject({
      projectId,
      cause: 'comment.added',
      seq: expect.any(Number),
    });

    // Removed: Ben's socket is told, and gets nothing more of the project.
    ok(await ana.api.delete(`projects/${projectId}/members/${ben.id}`), 204, 'remove Ben');
    await accessTo(benSocket, projectId, null);
    await rename(ana, task.id, ['after-removal']);
    await comment(ana, task.id, 'after removal');
    await barrier(anaSocket, 'after-removal', ben, benSocket, benOwn.id);
    await barrier(anaSocket, 'after removal', ben, benSocket, benOwn.id);
    expect(titles(benSocket, task.id)).toEqual(['after-join']);
    expect(commentBodies(benSocket)).toEqual(['hello Ben']);
    // Ben's own Inbox still reaches him.
    expect(titles(benSocket, benOwn.id)).toEqual(['ben-own', 'own-after-after-removal', 'own-after-after removal']);

    // Cleo was never a member: nothing of the project, not even its access changes.
    await barrier(anaSocket, 'after removal', cleo, cleoSocket, cleoOwn.id);
    expect(cleoSocket.tasks.filter((t) => t.projectId === projectId)).toEqual([]);
    expect(cleoSocket.comments).toEqual([]);
    expect(cleoSocket.access).toEqual([]);
  });

  it('tells the members of a project a task moved out of that it left, without showing where it went', async () => {
    const [ana, ben] = await Promise.all([signUp(), signUp()]);
    const shared = await createProject(ana, 'Shared');
    const privateProject = await createProject(ana, 'Private');
    await addMember(ana, shared, ben);
    const [anaSocket, benSocket] = await Promise.all([connected(ana), connected(ben)]);
    const benOwn = await createTask(ben, { title: 'ben-own' });
    const task = await createTask(ana, { title: 'moving', projectId: shared });
    await waitFor('the task on Ben’s socket', async () => (titles(benSocket).includes('moving') ? true : undefined));

    ok(await ana.api.patch(`tasks/${task.id}`, { projectId: privateProject, title: 'moved' }), 200, 'move');
    const left = await waitFor('the move on Ben’s socket', async () => benSocket.tasks.find((t) => t.movedOut));
    // As Ben could see it (before the move), numbered in the shared project's sequence: next after the creation.
    const created = benSocket.tasks.find((t) => t.taskId === task.id && !t.movedOut);
    expect(left).toMatchObject({
      taskId: task.id,
      projectId: shared,
      seq: (created?.seq ?? 0) + 1,
      task: { title: 'moving', projectId: shared },
    });
    // Ana follows both projects: she gets the copy for each.
    await waitFor('both copies on Ana’s socket', async () =>
      anaSocket.tasks.some((t) => t.projectId === privateProject && t.task.title === 'moved') &&
      anaSocket.tasks.some((t) => t.projectId === shared && t.movedOut)
        ? true
        : undefined,
    );
    await rename(ana, task.id, ['in-private']);
    await barrier(anaSocket, 'in-private', ben, benSocket, benOwn.id);
    expect(titles(benSocket, task.id)).toEqual(['moving', 'moving']);
    expect(benSocket.tasks.filter((t) => t.projectId === privateProject)).toEqual([]);
  });

  it('catches a reconnecting socket up on each of its projects, and on no other', async () => {
    const [ana, ben] = await Promise.all([signUp(), signUp()]);
    const shared = await createProject(ana, 'Shared');
    const anasOnly = await createProject(ana, 'Ana only');
    await addMember(ana, shared, ben);
    const first = await connected(ben);
    const task = await createTask(ana, { title: 's0', projectId: shared });
    const own = await createTask(ben, { title: 'i0' });
    const secret = await createTask(ana, { title: 'secret-0', projectId: anasOnly });
    await waitFor('one update of each project', async () =>
      titles(first).includes('s0') && titles(first).includes('i0') ? true : undefined,
    );
    const seqIn = (projectId: string) =>
      Math.max(...first.tasks.filter((t) => t.projectId === projectId).map((t) => t.seq));
    const lastSeqs = { [shared]: seqIn(shared), [own.projectId]: seqIn(own.projectId), [anasOnly]: 0 };
    first.socket.disconnect();

    // While Ben is away: two changes and a comment in the shared project, one in his Inbox, one in Ana's own.
    await rename(ana, task.id, ['s1', 's2']);
    await comment(ana, task.id, 'while away');
    await rename(ben, own.id, ['i1']);
    await rename(ana, secret.id, ['secret-1']);

    const again = await connected(ben, { lastSeqs });
    await waitFor('what Ben missed', async () =>
      titles(again).includes('s2') && titles(again).includes('i1') && commentBodies(again).includes('while away')
        ? true
        : undefined,
    );
    // Barrier: a live change after the catch-up; anything replayed twice would be in the list by now.
    await rename(ana, task.id, ['s-live']);
    await barrier(again, 's-live', ben, again, own.id);
    const sharedSeqs = [...again.tasks.filter((t) => t.projectId === shared), ...again.comments]
      .map((u) => u.seq)
      .sort((a, b) => a - b);
    expect(sharedSeqs).toEqual([1, 2, 3, 4].map((n) => seqIn(shared) + n));
    expect(titles(again, task.id)).toEqual(['s1', 's2', 's-live']);
    expect(titles(again, own.id)).toEqual(['i1', 'own-after-s-live']);
    expect(again.tasks.filter((t) => t.projectId === anasOnly)).toEqual([]);
    expect(again.resyncs).toEqual([]);
    expect(again.projects?.projects.map((p) => p.projectId).sort()).toEqual([shared, own.projectId].sort());
  });

  it('follows at most 1000 projects per socket, the first in the sidebar’s order, and says it left some out', async () => {
    const [ana, ben] = await Promise.all([signUp(), signUp()]);
    // 1000 projects Ben was invited into (written directly: a thousand invitations through the API would only be slow).
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const now = new Date();
    const db = testDatabase();
    try {
      await db.project.createMany({
        data: ids.map((id, i) => ({ id, name: `Many ${i}`, ownerId: ana.id, createdAt: now, updatedAt: now })),
      });
      await db.projectMember.createMany({
        data: ids.map((projectId, i) => ({
          projectId,
          userId: ben.id,
          role: 'viewer' as const,
          position: i + 1,
          createdAt: now,
          updatedAt: now,
        })),
      });
    } finally {
      await db.$disconnect();
    }
    const inbox = (await createTask(ben, { title: 'in the Inbox' })).projectId;
    const socket = await connected(ben);
    const followed = socket.projects?.projects.map((p) => p.projectId) ?? [];
    expect(followed).toHaveLength(1000);
    expect(socket.projects?.truncated).toBe(true);
    // The Inbox comes first in every sidebar; the last project in Ben's order is the one left out.
    expect(followed[0]).toBe(inbox);
    expect(followed).toContain(ids[998]);
    expect(followed).not.toContain(ids[999]);
  });

  it('joins and drops the member’s sockets on every replica', async () => {
    let second: ExtraSidecar | undefined;
    try {
      second = await startReplica(95);
      const [ana, ben] = await Promise.all([signUp(), signUp()]);
      const onFirst = await connected(ben);
      const onSecond = await connected(ben, { port: 3195 });
      // The new replica's consumer group starts at the newest event once it has joined: warm it up.
      const own = await createTask(ben, { title: 'warm-up-0' });
      let n = 0;
      await waitFor(
        'an update on both replicas',
        async () => {
          if (onSecond.tasks.length > 0 && onFirst.tasks.length > 0) return true;
          n += 1;
          await rename(ben, own.id, [`warm-up-${n}`]);
          return undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1000 },
      );
      const projectId = await createProject(ana, 'Everywhere');
      const task = await createTask(ana, { title: 'e0', projectId });
      await addMember(ana, projectId, ben, 'viewer');
      for (const socket of [onFirst, onSecond]) await accessTo(socket, projectId, 'viewer');
      await rename(ana, task.id, ['e1']);
      for (const socket of [onFirst, onSecond])
        await waitFor('the change on both', async () => (titles(socket).includes('e1') ? true : undefined));
      ok(await ana.api.delete(`projects/${projectId}/members/${ben.id}`), 204, 'remove Ben');
      for (const socket of [onFirst, onSecond]) await accessTo(socket, projectId, null);
      const anaSocket = await connected(ana, { port: 3195 });
      await rename(ana, task.id, ['e2']);
      await barrier(anaSocket, 'e2', ben, onSecond, own.id);
      await waitFor('Ben’s own change on the first replica too', async () =>
        titles(onFirst).includes('own-after-e2') ? true : undefined,
      );
      for (const socket of [onFirst, onSecond]) expect(titles(socket, task.id)).toEqual(['e1']);
    } finally {
      second?.stop();
    }
  });
});
