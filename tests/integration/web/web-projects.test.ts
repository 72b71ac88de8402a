import type { Page } from 'playwright-core';
import { newContext, registerInBrowser, screenshot, sharedBrowser } from './web-pages';
import { createProjectInBrowser, expectSidebar, idFromUrl, openShareDialog, toast } from './web-projects-pages';

// Projects and sharing in the web UI (issue 19): the sidebar, the project
// page, and the share dialog, in Debian's Chromium against the real stack.

const browser = sharedBrowser();

/** Opens the project's settings (a <details>; it stays open across the page's own reloads). */
async function openSettings(page: Page): Promise<void> {
  const details = page.locator('details').filter({ has: page.getByText('Project settings') });
  if ((await details.getAttribute('open')) === null) await page.getByText('Project settings').click();
}

describe('web UI: projects', () => {
  it('lists Inbox first, creates a project with sections and tasks, renames, recolours, and archives and deletes it with undo', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page, 'Ada');
    await expectSidebar(page, ['Inbox']);

    const projectId = await createProjectInBrowser(page, 'Launch');
    await createProjectInBrowser(page, 'Garden');
    // Inbox first, then the user's projects in the order they were made.
    await expectSidebar(page, ['Inbox', 'Launch', 'Garden']);

    await page.getByRole('link', { name: 'Launch' }).click();
    await page.waitForURL(`**/projects/${projectId}`);
    await page.getByLabel('New section').fill('Doing');
    await page.getByRole('button', { name: 'Add section' }).click();
    await toast(page, 'Section added').waitFor();
    await page.getByLabel('New task').fill('Write the plan #work');
    await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Doing' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await toast(page, 'Added “Write the plan”').waitFor();
    await page.getByLabel('New task').fill('Loose end');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await toast(page, 'Added “Loose end”').waitFor();
    // Each task under its section; the one without a section under "No section".
    const doing = page.getByRole('list', { name: 'Tasks in Doing' });
    expect(await doing.locator('[data-task-row] a[href^="/tasks/"]').allTextContents()).toEqual(['Write the plan']);
    const loose = page.getByRole('list', { name: 'Tasks in No section' });
    expect(await loose.locator('[data-task-row] a[href^="/tasks/"]').allTextContents()).toEqual(['Loose end']);
    await screenshot(page, 'project-page');

    // Rename and recolour: the heading and the sidebar follow.
    await openSettings(page);
    await page.getByLabel('Name', { exact: true }).fill('Launch 2027');
    await page.getByRole('button', { name: 'Rename' }).click();
    await toast(page, 'Renamed to “Launch 2027”').waitFor();
    expect(await page.getByTestId('project-name').textContent()).toBe('Launch 2027');
    await openSettings(page);
    await page.getByLabel('Colour').fill('#ff8800');
    await page.getByRole('button', { name: 'Set colour' }).click();
    await toast(page, 'Colour changed').waitFor();
    const dot = page.locator(`[data-project-id="${projectId}"] circle`);
    expect(await dot.getAttribute('fill')).toBe('#ff8800');

    // Archive: gone from the sidebar; the toast's Undo brings it back.
    await openSettings(page);
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.waitForURL('**/tasks');
    await expectSidebar(page, ['Inbox', 'Garden']);
    await toast(page, 'Archived “Launch 2027”').getByRole('button', { name: 'Undo' }).click();
    await page.waitForURL(`**/projects/${projectId}`);
    await expectSidebar(page, ['Inbox', 'Launch 2027', 'Garden']);

    // Archived projects have a page of their own, with a way back.
    await openSettings(page);
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.waitForURL('**/tasks');
    await page.getByRole('link', { name: 'Archived projects' }).click();
    const archived = page.getByRole('list', { name: 'Archived projects' });
    await archived.waitFor();
    expect(await archived.getByRole('link').allTextContents()).toEqual(['Launch 2027']);
    await archived.getByRole('button', { name: 'Unarchive' }).click();
    await page.waitForURL(`**/projects/${projectId}`);
    await expectSidebar(page, ['Inbox', 'Launch 2027', 'Garden']);

    // Delete with undo: the tasks come back with the project.
    await openSettings(page);
    await page.getByRole('button', { name: 'Delete project' }).click();
    await page.waitForURL('**/tasks');
    await expectSidebar(page, ['Inbox', 'Garden']);
    await toast(page, 'Project deleted').getByRole('button', { name: 'Undo' }).click();
    await page.waitForURL(`**/projects/${projectId}`);
    expect(await page.getByRole('list', { name: 'Tasks in Doing' }).textContent()).toContain('Write the plan');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shares through the dialog: by email with a role, role changes, invite links (role, expiry, single use, revoke), joining by link, transfer and leaving', async () => {
    const ada = await newContext(browser());
    const ben = await newContext(browser());
    const cleo = await newContext(browser());
    await registerInBrowser(ada.page, 'Ada');
    const benUser = await registerInBrowser(ben.page, 'Ben');
    await registerInBrowser(cleo.page, 'Cleo');
    await createProjectInBrowser(ada.page, 'Trip');

    let dialog = await openShareDialog(ada.page);
    await dialog.getByLabel('Invite by email').fill(benUser.email);
    await dialog.getByLabel('Role', { exact: true }).selectOption('commenter');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    await toast(ada.page, `Shared with ${benUser.email} as commenter`).waitFor();
    dialog = ada.page.getByRole('dialog', { name: /^Share/ });
    expect(await dialog.getByLabel('Role of Ben', { exact: true }).inputValue()).toBe('commenter');
    await dialog.getByLabel('Role of Ben', { exact: true }).selectOption('editor');
    await dialog.getByRole('button', { name: 'Change role of Ben' }).click();
    await toast(ada.page, 'Role changed to editor').waitFor();
    expect(await ada.page.getByLabel('Role of Ben', { exact: true }).inputValue()).toBe('editor');

    // A single-use link for a viewer, valid for a day: shown once, in full.
    await dialog.getByLabel('Role for the link').selectOption('viewer');
    await dialog.getByLabel('Valid for').selectOption('24');
    expect(await dialog.getByLabel('Single use').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = await ada.page.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/invites\/[A-Za-z0-9_-]{43}$/);
    const active = ada.page.getByRole('list', { name: 'Active invite links' });
    // The action's answer (the link) shows before the page's data reloads: wait for the list.
    await active.getByRole('listitem').filter({ hasText: 'viewer, single use, used 0×' }).waitFor();
    await screenshot(ada.page, 'share-dialog');

    // Cleo opens the link: a page with a Join button (opening alone joins nobody).
    await cleo.page.goto(new URL(link).pathname);
    await cleo.page.getByRole('heading', { name: 'Join a project' }).waitFor();
    await expectSidebar(cleo.page, ['Inbox']);
    await cleo.page.getByRole('button', { name: 'Join' }).click();
    await cleo.page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    expect(await cleo.page.getByTestId('my-role').textContent()).toBe('You are a viewer');
    await expectSidebar(cleo.page, ['Inbox', 'Trip']);
    // A viewer gets no add-task form and no settings beyond leaving.
    expect(await cleo.page.getByLabel('New task').count()).toBe(0);

    // A reusable link, revoked: whoever opens it afterwards is told it is not valid.
    await ada.page.reload();
    dialog = ada.page.getByRole('dialog', { name: /^Share/ });
    await dialog.getByLabel('Role for the link').selectOption('commenter');
    await dialog.getByLabel('Single use').uncheck();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const revoked = await ada.page.getByTestId('invite-link').inputValue();
    await ada.page
      .getByRole('list', { name: 'Active invite links' })
      .getByRole('listitem')
      .filter({ hasText: 'commenter, reusable' })
      .waitFor();
    await ada.page
      .getByRole('list', { name: 'Active invite links' })
      .getByRole('listitem')
      .filter({ hasText: 'commenter, reusable' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await toast(ada.page, 'Invite link revoked').waitFor();
    expect(await ada.page.getByRole('list', { name: 'Active invite links' }).textContent()).not.toMatch(/reusable/);
    const dan = await newContext(browser());
    await registerInBrowser(dan.page, 'Dan');
    await dan.page.goto(new URL(revoked).pathname);
    await dan.page.getByRole('button', { name: 'Join' }).click();
    await dan.page.getByRole('alert').filter({ hasText: 'not valid any more' }).waitFor();
    await expectSidebar(dan.page, ['Inbox']);

    // Transfer: Ben owns it, Ada stays as an editor and no longer manages members.
    dialog = ada.page.getByRole('dialog', { name: /^Share/ });
    await dialog.getByRole('button', { name: 'Make Ben the owner' }).click();
    await toast(ada.page, 'Ownership transferred').waitFor();
    dialog = ada.page.getByRole('dialog', { name: /^Share/ });
    expect(await dialog.getByLabel('Invite by email').count()).toBe(0);
    const benRow = dialog.locator('li[data-member]').filter({ hasText: 'Ben' });
    expect(await benRow.getByTestId('member-role').textContent()).toBe('owner');
    await ada.page.goto(new URL(ada.page.url()).pathname);
    expect(await ada.page.getByTestId('my-role').textContent()).toBe('You are an editor');

    // Cleo leaves: the project is gone from her sidebar.
    await cleo.page.reload();
    await openSettings(cleo.page);
    await cleo.page.getByRole('button', { name: 'Leave project' }).click();
    await cleo.page.waitForURL('**/tasks');
    await expectSidebar(cleo.page, ['Inbox']);
    expect(idFromUrl(cleo.page, 'projects')).toBe('');
    for (const who of [ada, ben, cleo, dan]) {
      expect(who.pageErrors).toEqual([]);
      await who.context.close();
    }
  });
});
