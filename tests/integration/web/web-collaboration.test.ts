import { testDatabase } from '@taskmesh/testing';
import { newContext, registerInBrowser, screenshot, sharedBrowser, waitUntilLive } from './web-pages';
import { apiAs, toast } from './web-projects-pages';

// Working together on a shared task in the web UI (issue 19): the assignee
// picker, "Assigned to me", the comment thread with @mentions, and the
// conflict panel that names who changed the task.

const db = testDatabase();
const browser = sharedBrowser();
afterAll(() => db.$disconnect());

/** Ana owns a project "Garden" with Ben as an editor and one task in it; both are signed in in their own browser. */
async function garden() {
  const ana = await newContext(browser());
  const ben = await newContext(browser());
  const anaUser = await registerInBrowser(ana.page, 'Ana');
  const benUser = await registerInBrowser(ben.page, 'Ben');
  const anaApi = await apiAs(anaUser);
  const benApi = await apiAs(benUser);
  const project = await anaApi.api.post('projects', { name: 'Garden', color: '#22aa55' });
  expect(project.status).toBe(201);
  expect(
    (await anaApi.api.post(`projects/${project.body.id}/members`, { email: benUser.email, role: 'editor' })).status,
  ).toBe(201);
  const task = await anaApi.api.post('tasks', { title: 'Plant tomatoes', projectId: project.body.id });
  expect(task.status).toBe(201);
  return { ana, ben, anaApi, benApi, projectId: project.body.id as string, taskId: task.body.id as string };
}

describe('web UI: collaboration', () => {
  it('assigns a member with the picker, and the task shows in their “Assigned to me” across projects', async () => {
    const { ana, ben, taskId } = await garden();
    await ana.page.goto(`/tasks/${taskId}`);
    await ana.page.getByLabel('Assign to').selectOption({ label: 'Ben' });
    await ana.page.getByRole('button', { name: 'Assign', exact: true }).click();
    await toast(ana.page, 'Assigned').waitFor();
    expect(await ana.page.getByRole('list', { name: 'Assignees' }).textContent()).toContain('Ben');

    await ben.page.goto('/assigned');
    const assigned = ben.page.getByRole('list', { name: 'Assigned in Garden' });
    expect(await assigned.locator('[data-task-row] a[href^="/tasks/"]').allTextContents()).toEqual(['Plant tomatoes']);
    await screenshot(ben.page, 'assigned-to-me');
    await ana.page.goto('/assigned');
    await ana.page.getByText('Nothing is assigned to you.').waitFor();

    // Unassigning takes it off Ben's list.
    await ana.page.goto(`/tasks/${taskId}`);
    await ana.page.getByRole('button', { name: 'Unassign Ben' }).click();
    await toast(ana.page, 'Unassigned').waitFor();
    await ben.page.goto('/assigned');
    await ben.page.getByText('Nothing is assigned to you.').waitFor();
    expect(ana.pageErrors).toEqual([]);
    expect(ben.pageErrors).toEqual([]);
    await ana.context.close();
    await ben.context.close();
  });

  it('comments as plain text with an @mention picked from the members, edits and deletes one’s own', async () => {
    const { ana, ben, anaApi, taskId } = await garden();
    await ben.page.goto(`/tasks/${taskId}`);
    const box = ben.page.getByLabel('New comment', { exact: true });
    // Markup in a comment is text: it shows as typed and never becomes an element.
    await box.pressSequentially('<img src=x onerror="window.pwned=1"> done, @An');
    const picker = ben.page.getByRole('list', { name: 'Mention a member' });
    await picker.getByRole('button', { name: /^Ana/ }).click();
    expect(await box.inputValue()).toBe('<img src=x onerror="window.pwned=1"> done, @Ana ');
    await box.pressSequentially('have a look');
    await ben.page.getByRole('button', { name: 'Comment', exact: true }).click();
    await toast(ben.page, 'Comment added').waitFor();
    const thread = ben.page.getByRole('list', { name: 'Comments' });
    expect(await thread.getByTestId('comment-body').allTextContents()).toEqual([
      '<img src=x onerror="window.pwned=1"> done, @Ana have a look',
    ]);
    expect(await thread.locator('img').count()).toBe(0);
    expect(await ben.page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    // The picked member went to tasks-api as a mention.
    const stored = await db.taskComment.findMany({ where: { taskId } });
    expect(stored.map((c) => c.mentionIds)).toEqual([[anaApi.id]]);

    // Edit one's own comment.
    const mine = thread.getByRole('listitem').first();
    await mine.getByText('Edit', { exact: true }).click();
    const edit = mine.getByLabel('Edit comment', { exact: true });
    await edit.fill('Planted the first row');
    await mine.getByRole('button', { name: 'Save comment' }).click();
    await toast(ben.page, 'Comment edited').waitFor();
    expect(await ben.page.getByTestId('comment-body').allTextContents()).toEqual(['Planted the first row']);
    expect(await ben.page.getByRole('list', { name: 'Comments' }).textContent()).toContain('edited');
    await screenshot(ben.page, 'comment-thread');

    // Ana (the owner) may delete it but not edit it; Ben deletes his own.
    await ana.page.goto(`/tasks/${taskId}`);
    const seen = ana.page.getByRole('list', { name: 'Comments' }).getByRole('listitem').first();
    expect(await seen.getByText('Edit', { exact: true }).count()).toBe(0);
    expect(await seen.getByRole('button', { name: 'Delete' }).count()).toBe(1);
    await ben.page.getByRole('list', { name: 'Comments' }).getByRole('button', { name: 'Delete' }).click();
    await toast(ben.page, 'Comment deleted').waitFor();
    await ben.page.getByText('No comments yet.').waitFor();
    expect(ana.pageErrors).toEqual([]);
    expect(ben.pageErrors).toEqual([]);
    await ana.context.close();
    await ben.context.close();
  });

  it('names the member who changed the task in the conflict panel', async () => {
    const { ana, benApi, taskId } = await garden();
    await ana.page.goto(`/tasks/${taskId}`);
    await waitUntilLive(ana.page);
    // Ben saves first, through the API, while Ana's form still holds version 1.
    const changed = await benApi.api.patch(`tasks/${taskId}`, { title: 'Plant cherry tomatoes' });
    expect(changed.status).toBe(200);
    // Ana's page hears of it live first, then saves her stale form.
    await ana.page.getByText(/changed elsewhere/).waitFor();
    await ana.page.getByLabel('Description').fill('Two rows by the fence');
    await ana.page.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = ana.page.getByRole('alert').filter({ hasText: 'changed while you were editing' });
    await conflict.waitFor();
    expect(await ana.page.getByTestId('conflict-changed-by').textContent()).toBe('Changed by Ben');
    expect(await ana.page.getByTestId('conflict-current-title').textContent()).toBe('Plant cherry tomatoes');
    // Ben changes it again: Ana's page reloads its data live (the heading shows it),
    // and the panel stays (React Router drops an action's answer on that reload).
    expect((await benApi.api.patch(`tasks/${taskId}`, { title: 'Plant plum tomatoes' })).status).toBe(200);
    await ana.page.getByRole('heading', { level: 1, name: 'Plant plum tomatoes' }).waitFor();
    expect(await conflict.isVisible()).toBe(true);
    expect(await ana.page.getByTestId('conflict-changed-by').textContent()).toBe('Changed by Ben');
    expect(ana.pageErrors).toEqual([]);
    await ana.context.close();
  });
});
