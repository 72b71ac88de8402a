import type { BrowserContext, Page } from 'playwright-core';
import { newContext, registerInBrowser, sharedBrowser, waitUntilLive } from './web-pages';
import {
  apiAs,
  createProjectInBrowser,
  eventually,
  expectSidebar,
  openShareDialog,
  sidebarProjects,
  toast,
} from './web-projects-pages';

// Two people, two browsers, one project (issue 19), live end to end: web,
// tasks-api, Kafka, realtime-sync's project rooms, reminder-agent's
// notifications. Nobody reloads a page to see the other's change.

const browser = sharedBrowser();

/**
 * Records, in every page of the context, the task ids of the live updates the
 * page's socket delivered (the live client's `taskmesh:task-update` events),
 * so a test can show an update did or did not reach a page.
 */
async function recordUpdates(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { taskmeshUpdates: string[] }).taskmeshUpdates = seen;
    window.addEventListener('taskmesh:task-update', (event) => {
      const detail = (event as CustomEvent<{ taskId?: string; task?: { id?: string } }>).detail;
      seen.push(detail?.taskId ?? detail?.task?.id ?? '');
    });
  });
}
const updatesSeen = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { taskmeshUpdates?: string[] }).taskmeshUpdates ?? []);

describe('web UI: sharing, live, between two people', () => {
  it('shares, assigns, notifies, comments with a mention, and stops updates after removal', async () => {
    const a = await newContext(browser());
    const b = await newContext(browser());
    await recordUpdates(a.context);
    await recordUpdates(b.context);
    const anaUser = await registerInBrowser(a.page, 'Ana');
    const benUser = await registerInBrowser(b.page, 'Ben');
    await waitUntilLive(b.page);

    // A makes a project with a task and shares it with B as an editor.
    const projectId = await createProjectInBrowser(a.page, 'Harbour');
    await a.page.getByLabel('New task').fill('Paint the boat');
    await a.page.getByRole('button', { name: 'Add', exact: true }).click();
    await toast(a.page, 'Added “Paint the boat”').waitFor();
    const taskHref = await a.page.getByRole('link', { name: 'Paint the boat' }).getAttribute('href');
    const taskId = taskHref?.split('/').pop() ?? '';
    const dialog = await openShareDialog(a.page);
    await dialog.getByLabel('Invite by email').fill(benUser.email);
    await dialog.getByLabel('Role', { exact: true }).selectOption('editor');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    await toast(a.page, `Shared with ${benUser.email} as editor`).waitFor();

    // B's sidebar gains the project without a reload; B opens it.
    await eventually('the project in B’s sidebar', async () =>
      (await sidebarProjects(b.page)).includes('Harbour') ? true : undefined,
    );
    await b.page.getByTestId('project-list').getByRole('link', { name: 'Harbour' }).click();
    await b.page.waitForURL(`**/projects/${projectId}`);
    await b.page.getByRole('link', { name: 'Paint the boat' }).waitFor();
    await waitUntilLive(b.page);

    // A assigns the task to B; B's page gets the change live and B is notified.
    await a.page.goto(`/tasks/${taskId}`);
    await waitUntilLive(a.page);
    await a.page.getByLabel('Assign to').selectOption({ label: 'Ben' });
    await a.page.getByRole('button', { name: 'Assign', exact: true }).click();
    await toast(a.page, 'Assigned').waitFor();
    await eventually('B’s page to receive the assignment', async () =>
      (await updatesSeen(b.page)).includes(taskId) ? true : undefined,
    );
    await b.page.getByRole('alert').filter({ hasText: "Ana assigned you to 'Paint the boat'" }).waitFor();
    await b.page.getByTestId('unread-count').waitFor();

    // B comments on the task, mentioning A; A's open task page shows it without a reload.
    await b.page.goto(`/tasks/${taskId}`);
    const box = b.page.getByLabel('New comment', { exact: true });
    await box.pressSequentially('Primer is on, @An');
    await b.page.getByRole('list', { name: 'Mention a member' }).getByRole('button', { name: /^Ana/ }).click();
    await box.pressSequentially('your turn');
    await b.page.getByRole('button', { name: 'Comment', exact: true }).click();
    await toast(b.page, 'Comment added').waitFor();
    await a.page
      .getByRole('list', { name: 'Comments' })
      .getByTestId('comment-body')
      .filter({ hasText: 'Primer is on, @Ana your turn' })
      .waitFor();
    // A is notified of the mention too.
    await a.page.getByRole('alert').filter({ hasText: "Ben mentioned you on 'Paint the boat'" }).waitFor();

    // A removes B. B's page is on the project when it happens.
    await b.page.goto(`/projects/${projectId}`);
    await waitUntilLive(b.page);
    await a.page.goto(`/projects/${projectId}?share=1`);
    await a.page
      .getByRole('dialog', { name: /^Share/ })
      .getByRole('button', { name: 'Remove Ben' })
      .click();
    await toast(a.page, 'Member removed').waitFor();
    await waitUntilLive(a.page);

    // Barrier: a later change to the project reaches A's page; B's page never gets it.
    const anaApi = await apiAs(anaUser);
    const later = await anaApi.api.post('tasks', { title: 'Varnish the mast', projectId });
    expect(later.status).toBe(201);
    await eventually('A’s page to receive the later change', async () =>
      (await updatesSeen(a.page)).includes(later.body.id) ? true : undefined,
    );
    await a.page.getByRole('link', { name: 'Varnish the mast' }).waitFor();
    expect(await updatesSeen(b.page)).not.toContain(later.body.id);
    expect(await b.page.getByRole('link', { name: 'Varnish the mast' }).count()).toBe(0);
    // B's page says the project is gone and the sidebar lost it; B's socket is still connected
    // (dropped from the project's room, not closed).
    await b.page.getByRole('heading', { name: 'Not found' }).waitFor();
    await expectSidebar(b.page, ['Inbox']);
    expect(await b.page.locator('[data-live-status="live"]').count()).toBe(1);
    expect(a.pageErrors).toEqual([]);
    expect(b.pageErrors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
