import { tasksApi, type TasksApi, waitFor } from '@taskmesh/testing';
import type { Page } from 'playwright-core';
import type { BrowserUser } from './web-pages';

// Helpers for the issue 19 browser tests (projects, sharing, comments).

/** The id in a /projects/<id> or /tasks/<id> URL. */
export const idFromUrl = (page: Page, kind: 'projects' | 'tasks'): string =>
  new RegExp(`/${kind}/([0-9a-f-]{36})`).exec(page.url())?.[1] ?? '';

/** Creates a project from the sidebar and lands on its page; returns its id. */
export async function createProjectInBrowser(page: Page, name: string): Promise<string> {
  await page.getByLabel('New project').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  await page.getByTestId('project-name').filter({ hasText: name }).waitFor();
  return idFromUrl(page, 'projects');
}

/** The sidebar's project names, in order, as the page shows them now. */
export const sidebarProjects = (page: Page): Promise<string[]> =>
  page.getByTestId('project-list').locator('[data-project-name]').allTextContents();

/**
 * Waits until the sidebar lists exactly these projects: after a navigation
 * the URL changes before React has rendered the new data, so a read right
 * then may see the page before.
 */
export async function expectSidebar(page: Page, names: string[]): Promise<void> {
  let last: string[] = [];
  try {
    await waitFor(`the sidebar to list ${names.join(', ')}`, async () => {
      last = await sidebarProjects(page);
      return JSON.stringify(last) === JSON.stringify(names) ? true : undefined;
    });
  } catch {
    expect(last).toEqual(names);
  }
}

/** tasks-api as a user who signed up in the browser (logs in through the API for a token of their own). */
export async function apiAs(user: BrowserUser): Promise<{ api: TasksApi; id: string }> {
  const result = await tasksApi().post('auth/login', { email: user.email, password: user.password });
  if (result.status !== 200) throw new Error(`log-in: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return { api: tasksApi(result.body.accessToken), id: result.body.user.id };
}

/** Opens the share dialog of the project page the page is on. */
export async function openShareDialog(page: Page) {
  await page.getByRole('link', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Share/ });
  await dialog.waitFor();
  return dialog;
}

/** A toast with this text (an earlier one may still be showing). */
export const toast = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

/** Waits for a condition the page reaches by itself (live updates), reading it afresh each time. */
export const eventually = <T>(what: string, probe: () => Promise<T | undefined>) =>
  waitFor(what, probe, { timeoutMs: 30_000, intervalMs: 250 });
