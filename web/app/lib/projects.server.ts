import type { AppLoadContext } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import { loaded } from './responses.server';
import type { Member, Project, Section, Task } from './types';

/** The signed-in user's projects in their sidebar order, Inbox first (archived ones left out by tasks-api). */
export async function listProjects(context: AppLoadContext, token: string): Promise<Project[]> {
  const { data } = await callApp<{ items: Project[] }>(context, 'tasks-api', 'GET', invocationPath`/projects`, {
    token,
  });
  return data.items;
}

export const getProject = (context: AppLoadContext, token: string, projectId: string) =>
  loaded(callApp<Project>(context, 'tasks-api', 'GET', invocationPath`/projects/${projectId}`, { token }));

export const listSections = async (context: AppLoadContext, token: string, projectId: string) =>
  (
    await loaded(
      callApp<{ items: Section[] }>(context, 'tasks-api', 'GET', invocationPath`/projects/${projectId}/sections`, {
        token,
      }),
    )
  ).items;

export const listMembers = async (context: AppLoadContext, token: string, projectId: string) =>
  (
    await loaded(
      callApp<{ items: Member[] }>(context, 'tasks-api', 'GET', invocationPath`/projects/${projectId}/members`, {
        token,
      }),
    )
  ).items;

/** The project's open and done tasks, one page of 100 (the API's largest). */
export const listProjectTasks = async (context: AppLoadContext, token: string, projectId: string) =>
  loaded(
    callApp<{ items: Task[]; nextCursor: string | null }>(context, 'tasks-api', 'GET', invocationPath`/tasks`, {
      token,
      query: { projectId, limit: '100', sort: 'created' },
    }),
  );

export { can, memberName, whoChanged } from './projects-shared';
