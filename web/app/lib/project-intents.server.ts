import type { AppLoadContext } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import { idField, text } from './form-data';
import { addFromQuickAdd } from './quick-add.server';
import { rowIntent } from './task-list-intents.server';
import type { Project, Toast } from './types';

/** What each form intent of the project page gets; `projectId` is validated from the path. */
export interface ProjectArgs {
  context: AppLoadContext;
  token: string;
  userId: string;
  projectId: string;
  form: FormData;
  /** The signed-in user's zone: quick add reads dates in it. */
  zone: string;
}

/**
 * A toast and where to go next (default: the page again), field errors for
 * the form, or a new invite link (its token is in this answer only).
 */
export type ProjectResult =
  | { toast: Toast; to?: string }
  | { errors: Record<string, string> }
  | { invite: { token: string; role: string; expiresAt: string; maxUses: number | null } };

const roles = new Set(['editor', 'commenter', 'viewer']);
/** A role from the form: only what the page offers, else 400 naming the field. */
function roleField(form: FormData): string {
  const role = text(form, 'role');
  if (!role || !roles.has(role)) throw new Response('role: must be editor, commenter or viewer', { status: 400 });
  return role;
}

const ifMatch = (form: FormData) => {
  const version = text(form, 'version');
  return version && /^\d+$/.test(version) ? { 'if-match': `"${version}"` } : undefined;
};

/** A change to the project at the version the page showed (a stale one is a 412, shown on the form). */
function patchProject(args: ProjectArgs, body: Record<string, unknown>) {
  const headers = ifMatch(args.form);
  return callApp<Project>(args.context, 'tasks-api', 'PATCH', invocationPath`/projects/${args.projectId}`, {
    token: args.token,
    body,
    ...(headers ? { headers } : {}),
  });
}

/** A task in this project (or the @project its line names), in a section when the form names one; quick add as on the list. */
async function addTask({ context, token, projectId, form, zone }: ProjectArgs): Promise<ProjectResult> {
  const sectionId = text(form, 'sectionId') ? idField(form, 'sectionId') : undefined;
  const added = await addFromQuickAdd(context, token, form, zone, { projectId, ...(sectionId ? { sectionId } : {}) });
  return 'errors' in added ? added : { toast: { message: `Added “${added.task.title}”` } };
}

async function rename(args: ProjectArgs): Promise<ProjectResult> {
  const { data } = await patchProject(args, { name: text(args.form, 'name') ?? '' });
  return { toast: { message: `Renamed to “${data.name}”` } };
}

async function recolour(args: ProjectArgs): Promise<ProjectResult> {
  const color = text(args.form, 'color');
  if (!color || !/^#[0-9a-fA-F]{6}$/.test(color)) return { errors: { color: 'Pick a colour' } };
  await patchProject(args, { color });
  return { toast: { message: 'Colour changed' } };
}

async function archive(args: ProjectArgs): Promise<ProjectResult> {
  const { data } = await patchProject(args, { archived: true });
  return {
    toast: { message: `Archived “${data.name}”`, undo: { intent: 'unarchive-project', projectId: args.projectId } },
    to: '/tasks',
  };
}

async function unarchive(args: ProjectArgs): Promise<ProjectResult> {
  const { data } = await patchProject(args, { archived: false });
  return { toast: { message: `“${data.name}” is back in your sidebar` } };
}

async function deleteProject(args: ProjectArgs): Promise<ProjectResult> {
  const { context, token, projectId, form } = args;
  const headers = ifMatch(form);
  await callApp(context, 'tasks-api', 'DELETE', invocationPath`/projects/${projectId}`, {
    token,
    ...(headers ? { headers } : {}),
  });
  return { toast: { message: 'Project deleted', undo: { intent: 'restore-project', projectId } }, to: '/tasks' };
}

async function addSection({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  await callApp(context, 'tasks-api', 'POST', invocationPath`/projects/${projectId}/sections`, {
    token,
    body: { name: text(form, 'sectionName') ?? '' },
  });
  return { toast: { message: 'Section added' } };
}

const share = (projectId: string) => `/projects/${projectId}?share=1`;

async function addMember({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  const role = roleField(form);
  await callApp(context, 'tasks-api', 'POST', invocationPath`/projects/${projectId}/members`, {
    token,
    body: { email: text(form, 'email') ?? '', role },
  });
  return { toast: { message: `Shared with ${text(form, 'email')} as ${role}` }, to: share(projectId) };
}

async function changeRole({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  const userId = idField(form, 'userId');
  const role = roleField(form);
  await callApp(context, 'tasks-api', 'PATCH', invocationPath`/projects/${projectId}/members/${userId}`, {
    token,
    body: { role },
  });
  return { toast: { message: `Role changed to ${role}` }, to: share(projectId) };
}

async function removeMember({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  const userId = idField(form, 'userId');
  await callApp(context, 'tasks-api', 'DELETE', invocationPath`/projects/${projectId}/members/${userId}`, { token });
  return { toast: { message: 'Member removed' }, to: share(projectId) };
}

/** Leaving is removing oneself; the project is gone from the sidebar after it. */
async function leave({ context, token, projectId, userId }: ProjectArgs): Promise<ProjectResult> {
  await callApp(context, 'tasks-api', 'DELETE', invocationPath`/projects/${projectId}/members/${userId}`, { token });
  return { toast: { message: 'You left the project' }, to: '/tasks' };
}

async function transfer({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  const userId = idField(form, 'userId');
  await callApp(context, 'tasks-api', 'POST', invocationPath`/projects/${projectId}/transfer`, {
    token,
    body: { userId },
  });
  return { toast: { message: 'Ownership transferred; you are an editor now' }, to: share(projectId) };
}

async function createInvite({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  const role = roleField(form);
  const hours = Number(text(form, 'expiresInHours') ?? '168');
  if (!Number.isInteger(hours) || hours < 1 || hours > 720)
    return { errors: { expiresInHours: 'Choose between 1 hour and 30 days' } };
  const { data } = await callApp<{ token: string; role: string; expiresAt: string; maxUses: number | null }>(
    context,
    'tasks-api',
    'POST',
    invocationPath`/projects/${projectId}/invites`,
    { token, body: { role, expiresInHours: hours, singleUse: form.get('singleUse') === 'on' } },
  );
  return { invite: { token: data.token, role: data.role, expiresAt: data.expiresAt, maxUses: data.maxUses } };
}

async function revokeInvite({ context, token, projectId, form }: ProjectArgs): Promise<ProjectResult> {
  const inviteId = idField(form, 'inviteId');
  await callApp(context, 'tasks-api', 'DELETE', invocationPath`/projects/${projectId}/invites/${inviteId}`, { token });
  return { toast: { message: 'Invite link revoked' }, to: share(projectId) };
}

/** The list's row buttons (complete, reopen, delete) as on the task list, back to this project. */
const row =
  (intent: 'complete' | 'reopen' | 'delete') =>
  async ({ context, token, form }: ProjectArgs): Promise<ProjectResult> => {
    const result = await rowIntent(intent)({ context, token, form });
    return 'errors' in result ? result : { toast: result };
  };

/** The project page's form intents, one function each (STYLE.md). A Map: no inherited names. */
export const projectIntents = new Map<string, (args: ProjectArgs) => Promise<ProjectResult>>([
  ['add-task', addTask],
  ['rename', rename],
  ['recolour', recolour],
  ['archive', archive],
  ['unarchive', unarchive],
  ['delete-project', deleteProject],
  ['add-section', addSection],
  ['add-member', addMember],
  ['change-role', changeRole],
  ['remove-member', removeMember],
  ['leave', leave],
  ['transfer', transfer],
  ['create-invite', createInvite],
  ['revoke-invite', revokeInvite],
  ['complete', row('complete')],
  ['reopen', row('reopen')],
  ['delete', row('delete')],
]);
