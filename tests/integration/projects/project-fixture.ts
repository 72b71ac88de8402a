import { promoteToAdmin, signUp, type TestUser } from '@taskmesh/testing';

/** Who acts on a shared project in the permission tests (issue 19). */
export type Who = 'owner' | 'editor' | 'commenter' | 'viewer' | 'nonMember' | 'admin';
export const everyone: Who[] = ['owner', 'editor', 'commenter', 'viewer', 'nonMember', 'admin'];

export interface People extends Record<Who, TestUser> {
  /** A further member (viewer) that role changes and removals are tried on. */
  target: TestUser;
  /** A user who is in no project of these: added as a member by the tests that add one. */
  outsider: TestUser;
}

export async function people(): Promise<People> {
  const [owner, editor, commenter, viewer, nonMember, adminUser, target, outsider] = await Promise.all(
    Array.from({ length: 8 }, () => signUp()),
  );
  return {
    owner: owner as TestUser,
    editor: editor as TestUser,
    commenter: commenter as TestUser,
    viewer: viewer as TestUser,
    nonMember: nonMember as TestUser,
    admin: await promoteToAdmin(adminUser as TestUser),
    target: target as TestUser,
    outsider: outsider as TestUser,
  };
}

/** A shared project with one member per role, a task, a section, an invite link and two comments. */
export interface SharedProject {
  projectId: string;
  taskId: string;
  sectionId: string;
  inviteId: string;
  /** Written by the owner. */
  ownerCommentId: string;
  /** Written by the editor. */
  editorCommentId: string;
}

function ok<T extends { status: number; body: any }>(result: T, status: number, what: string): T {
  if (result.status !== status) throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

export async function sharedProject(p: People, name = 'Shared'): Promise<SharedProject> {
  const project = ok(await p.owner.api.post('projects', { name }), 201, 'create project').body;
  for (const [who, role] of [
    [p.editor, 'editor'],
    [p.commenter, 'commenter'],
    [p.viewer, 'viewer'],
    [p.target, 'viewer'],
  ] as const)
    ok(await p.owner.api.post(`projects/${project.id}/members`, { email: who.email, role }), 201, `add ${role}`);
  const [task, section, invite] = await Promise.all([
    p.owner.api.post('tasks', { title: 'Shared task', projectId: project.id }),
    p.owner.api.post(`projects/${project.id}/sections`, { name: 'Doing' }),
    p.owner.api.post(`projects/${project.id}/invites`, { role: 'viewer' }),
  ]);
  const taskId = ok(task, 201, 'create task').body.id;
  const [ownerComment, editorComment] = await Promise.all([
    p.owner.api.post(`tasks/${taskId}/comments`, { body: 'from the owner' }),
    p.editor.api.post(`tasks/${taskId}/comments`, { body: 'from the editor' }),
  ]);
  return {
    projectId: project.id,
    taskId,
    sectionId: ok(section, 201, 'create section').body.id,
    inviteId: ok(invite, 201, 'create invite').body.id,
    ownerCommentId: ok(ownerComment, 201, 'owner comment').body.id,
    editorCommentId: ok(editorComment, 201, 'editor comment').body.id,
  };
}
