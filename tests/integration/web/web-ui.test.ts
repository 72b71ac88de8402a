import { signUp, testDatabase, waitFor } from '@taskmesh/testing';
import type { Page } from 'playwright-core';
import {
  localInZone,
  logInInBrowser,
  newContext,
  quickAdd,
  registerInBrowser,
  rowTitles,
  screenshot,
  sharedBrowser,
  waitUntilLive,
  webUrl,
} from './web-pages';

// The web UI end to end: Debian's Chromium (installed by infra/setup.sh)
// driven by playwright-core against the running stack (web, its sidecar,
// tasks-api, the agents, Kafka, Redis, PostgreSQL). Screenshots of the main
// screens land in test-artifacts/screenshots/ (see the README).

const db = testDatabase();
const browser = sharedBrowser();
afterAll(() => db.$disconnect());

const taskIdFromUrl = (page: Page) => /\/tasks\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

describe('web UI', () => {
  it('registers, keeps the session in the Dapr state store behind a signed cookie, and logs out', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await page.goto('/tasks');
    // Signed out: the list sends people to the login page, and back after it.
    expect(page.url()).toBe(`${webUrl}/login?redirectTo=%2Ftasks`);
    await screenshot(page, 'login');
    const user = await registerInBrowser(page);
    await screenshot(page, 'tasks-empty');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'taskmesh_session');
    expect(cookie?.httpOnly).toBe(true);
    // The cookie is a signed session id (payload.signature), not the tokens: the session lives in the state store.
    const [payload, signature] = decodeURIComponent(cookie?.value ?? '').split('.');
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64').toString('utf8'))).toMatch(/^[\w-]{32}$/);
    expect(signature).toMatch(/^[\w+/]{43}=?$/);
    // A tampered signature is no session at all.
    await context.addCookies([{ ...(cookie as NonNullable<typeof cookie>), value: `${payload}.${'A'.repeat(43)}=` }]);
    await page.goto('/tasks');
    expect(page.url()).toContain('/login');
    await context.addCookies([cookie as NonNullable<typeof cookie>]);
    await page.goto('/tasks');
    expect(page.url()).toBe(`${webUrl}/tasks`);
    // Logging out deletes the session from the store: the old cookie, sent again, signs nobody in.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await context.addCookies([cookie as NonNullable<typeof cookie>]);
    await page.goto('/tasks');
    expect(page.url()).toContain('/login');
    // Wrong password: the error shows on the form, nothing crashes.
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await logInInBrowser(page, user);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows the API’s field errors next to the field', async () => {
    const { context, page } = await newContext(browser());
    await page.goto('/register');
    await page.getByLabel('Email').fill(`short-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('short');
    // The browser's own minimum is not set, so tasks-api's rule is what answers.
    await page.getByRole('button', { name: 'Create account' }).click();
    const error = page.locator('#field-password-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/at least 10 characters/);
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('creates a recurring task with a reminder, completes it and shows the next occurrence; the in-app reminder reaches the notifications panel', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await waitUntilLive(page);
    await quickAdd(page, 'Water the plants #home !high');
    await page.getByRole('link', { name: 'Water the plants' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const taskId = taskIdFromUrl(page);

    // Repeat every day at 09:00 Berlin time; the preview describes it and lists five dates.
    await page.getByRole('combobox', { name: 'Repeat', exact: true }).selectOption('daily');
    const tomorrow = localInZone('Europe/Berlin', 86_400).slice(0, 10);
    await page.getByLabel(/First occurrence/).fill(`${tomorrow}T09:00`);
    const preview = page.getByTestId('rule-preview');
    await page.waitForFunction(() => document.querySelector('[data-testid=rule-preview] li:nth-child(5)'));
    expect(await preview.textContent()).toMatch(/every day at 09:00/i);
    await page.getByRole('button', { name: 'Make it repeat' }).click();
    await page.getByText(/Repeats: every day at 09:00/i).waitFor();

    // An in-app reminder a few seconds from now.
    await page.getByLabel('at a time').check();
    await page.getByLabel(/^When/).fill(localInZone('Europe/Berlin', 6));
    await page.getByLabel('In the app').check();
    await page.getByRole('button', { name: 'Add reminder' }).click();
    await page.getByRole('list', { name: 'Reminders' }).getByText(/^At /).waitFor();
    // The task's history comes from the audit log (audit-agent, through web's sidecar).
    const history = page.getByRole('list', { name: 'History' });
    await waitFor('the history to show the repeat', async () => {
      await page.reload();
      const text = (await history.textContent()) ?? '';
      return /Created by you/.test(text) && /Changed .*dueAt/.test(text) ? text : undefined;
    });
    await screenshot(page, 'task-editor');

    // It fires: the popup appears live, and the unread count in the header.
    await page.getByRole('alert').filter({ hasText: 'Water the plants' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('unread-count').waitFor();
    await page.getByRole('link', { name: /Notifications/ }).click();
    const item = page.getByRole('list', { name: 'Notifications' }).getByRole('button', { name: /Water the plants/ });
    await item.waitFor();
    expect(await page.getByTestId('panel-unread').textContent()).toBe('(1 unread)');
    await screenshot(page, 'notifications');
    // Clicking the notification opens its task and counts as read.
    await item.click();
    await page.waitForURL(`**/tasks/${taskId}`);
    await waitFor('the unread badge to clear', async () =>
      (await page.getByTestId('unread-count').count()) === 0 ? true : undefined,
    );

    // Complete it: the next occurrence (created by recurrence-agent through Kafka) appears in the list live.
    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByTestId('task-status').filter({ hasText: 'Done' }).waitFor();
    await page.goto('/tasks');
    const loadedAt = new Date();
    await waitUntilLive(page);
    const next = page.locator('[data-task-row]').filter({ hasText: 'Water the plants' });
    await next.waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
      // Say which half failed: the occurrence was never made (or late), or the page missed its live update.
      const rows = await db.$queryRaw<Array<{ id: string; created_at: Date }>>`
        SELECT t.id, t.created_at FROM tasks_api.tasks t JOIN tasks_api.tasks first ON first.id = ${taskId}::uuid
         WHERE t.series_id = first.series_id AND t.id <> first.id`;
      throw new Error(
        `${error.message}\noccurrences in the database: ${JSON.stringify(rows)}; page loaded at ${loadedAt.toISOString()}`,
      );
    });
    expect(await next.textContent()).toContain('repeats');
    await next.getByRole('link', { name: 'Water the plants' }).click();
    expect(taskIdFromUrl(page)).not.toBe(taskId);
    await page.getByText('Occurrence 2').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('searches and filters the list, with keyboard shortcuts', async () => {
    const { context, page } = await newContext(browser());
    await registerInBrowser(page);
    await quickAdd(page, 'Buy oat milk #errands !high');
    await quickAdd(page, 'Read the Dapr docs #learning');
    await quickAdd(page, 'Fix the bike #errands !low');
    expect((await rowTitles(page)).sort()).toEqual(['Buy oat milk', 'Fix the bike', 'Read the Dapr docs']);

    // "/" focuses the search; typing filters (full-text, after a pause).
    await page.keyboard.press('/');
    await page.keyboard.type('milk');
    await page.waitForURL(/q=milk/);
    await waitFor('search results', async () => ((await rowTitles(page)).join() === 'Buy oat milk' ? true : undefined));

    // A tag filter and a priority filter combine.
    await page.goto('/tasks?tags=errands');
    expect((await rowTitles(page)).sort()).toEqual(['Buy oat milk', 'Fix the bike']);
    await page.getByLabel('low', { exact: true }).check();
    await page.waitForURL(/priority=low/);
    await waitFor('the priority filter', async () =>
      (await rowTitles(page)).join() === 'Fix the bike' ? true : undefined,
    );
    await screenshot(page, 'tasks-filtered');

    // n focuses quick add; j moves to the first task; c completes it.
    await page.goto('/tasks');
    // Focus on the page, outside any field (the shortcuts leave typing alone); the
    // middle of the page is a filter field since the project sidebar (issue 19).
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).click();
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-add-title');
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    const first = (await rowTitles(page))[0];
    await page.keyboard.press('c');
    await page
      .getByRole('status')
      .filter({ hasText: `Completed “${first}”` })
      .waitFor();
    expect(await rowTitles(page)).not.toContain(first);
    await context.close();
  });

  it('completes, deletes with undo, and bulk-tags', async () => {
    const { context, page } = await newContext(browser());
    await registerInBrowser(page);
    await quickAdd(page, 'Call the bank');
    await quickAdd(page, 'Book dentist');
    const row = (title: string) => page.locator('[data-task-row]').filter({ hasText: title });

    await row('Call the bank')
      .getByRole('button', { name: /^Delete/ })
      .click();
    await page.getByRole('status').filter({ hasText: 'Task deleted' }).waitFor();
    expect(await rowTitles(page)).not.toContain('Call the bank');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'Undone' }).waitFor();
    expect(await rowTitles(page)).toContain('Call the bank');

    await page.getByText('Bulk actions on selected tasks').click();
    await page.getByLabel('Select Call the bank').check();
    await page.getByLabel('Select Book dentist').check();
    await page.getByLabel('With selected').selectOption('tag');
    await page.getByLabel('Add tags').fill('admin');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.getByRole('status').filter({ hasText: 'Retagged 2 tasks' }).waitFor();
    expect(await row('Book dentist').getByText('#admin').count()).toBe(1);
    expect(await row('Call the bank').getByText('#admin').count()).toBe(1);
    await context.close();
  });

  it('shows a change made in another browser live, without a reload', async () => {
    const first = await newContext(browser());
    const user = await registerInBrowser(first.page);
    const second = await newContext(browser());
    await logInInBrowser(second.page, user);
    await waitUntilLive(second.page);
    const marker = await second.page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
      return true;
    });
    await quickAdd(first.page, 'Made in the other tab');
    await second.page
      .locator('[data-task-row]')
      .filter({ hasText: 'Made in the other tab' })
      .waitFor({ timeout: 10_000 });
    expect(await second.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(marker);
    await first.context.close();
    await second.context.close();
  });

  it('shows a stale edit as a conflict with the current version, and reapplies the user’s change on top', async () => {
    const mine = await newContext(browser());
    const user = await registerInBrowser(mine.page);
    await quickAdd(mine.page, 'Plan the trip');
    await mine.page.getByRole('link', { name: 'Plan the trip' }).click();
    await mine.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const taskUrl = mine.page.url();
    await waitUntilLive(mine.page);

    // Someone else (another device) renames it meanwhile.
    const theirs = await newContext(browser());
    await logInInBrowser(theirs.page, user);
    await theirs.page.goto(taskUrl);
    await theirs.page.getByLabel('Title').fill('Plan the trip to Lisbon');
    await theirs.page.getByRole('button', { name: 'Save' }).click();
    await theirs.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    // This page learns of it live, and saving shows both versions instead of overwriting.
    await mine.page.getByText(/changed elsewhere/).waitFor();
    await mine.page.getByLabel('Description').fill('Book flights first');
    await mine.page.getByRole('button', { name: 'Save' }).click();
    const conflict = mine.page.getByRole('alert').filter({ hasText: 'changed while you were editing' });
    await conflict.waitFor();
    expect(await mine.page.getByTestId('conflict-yours-description').textContent()).toBe('Book flights first');
    // What the other device changed is shown too, with the current value.
    expect(await mine.page.getByTestId('conflict-current-title').textContent()).toBe('Plan the trip to Lisbon');
    await screenshot(mine.page, 'stale-edit-conflict');
    await mine.page.getByRole('button', { name: 'Reapply my changes' }).click();
    await mine.page.getByRole('status').filter({ hasText: 'reapplied' }).waitFor();
    expect(await mine.page.getByLabel('Title').inputValue()).toBe('Plan the trip to Lisbon');
    expect(await mine.page.getByLabel('Description').inputValue()).toBe('Book flights first');
    await mine.context.close();
    await theirs.context.close();
  });

  it('works without JavaScript for the core forms', async () => {
    const { context, page } = await newContext(browser(), { javaScriptEnabled: false });
    await registerInBrowser(page, 'No Script');
    await page.getByLabel('New task').fill('Plain HTML task #nojs');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL('**/tasks');
    await page.getByRole('status').filter({ hasText: 'Added' }).waitFor();
    await page.getByRole('button', { name: 'Complete: Plain HTML task' }).click();
    await page.getByRole('status').filter({ hasText: 'Completed' }).waitFor();
    await page.getByLabel('Show').selectOption('done');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL(/show=done/);
    expect(await rowTitles(page)).toEqual(['Plain HTML task']);
    await context.close();
  });

  it('fits a phone-width screen, with labelled controls', async () => {
    const { context, page } = await newContext(browser(), { viewport: { width: 390, height: 844 }, isMobile: true });
    await registerInBrowser(page);
    await quickAdd(page, 'Phone task with a rather long title that has to wrap or truncate #mobile');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every form control has an accessible name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
        .filter((el) => {
          const id = el.getAttribute('id');
          const labelled =
            el.getAttribute('aria-label') ||
            (id && document.querySelector(`label[for="${id}"]`)) ||
            el.closest('label') ||
            (el.tagName === 'BUTTON' && el.textContent?.trim());
          return !labelled;
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    await screenshot(page, 'tasks-phone');
    await context.close();
  });

  it('keeps settings: time zone and default reminder channels; registers the service worker for push', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#field-timeZone-error').waitFor();
    await page.getByLabel('Time zone').fill('America/New_York');
    await page.getByLabel('Email').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    expect(await page.getByLabel('Email').isChecked()).toBe(true);
    expect(await page.getByLabel('In the app').isChecked()).toBe(true);
    // The service worker that shows push reminders is installed from /sw.js.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${webUrl}/`);
    // New tasks are edited in the new zone, with the new default channels.
    await page.goto('/tasks');
    await quickAdd(page, 'Zoned task');
    await page.getByRole('link', { name: 'Zoned task' }).click();
    await page.getByText('Due (America/New_York)').waitFor();
    expect(await page.getByRole('form', { name: 'Add a reminder' }).getByLabel('Email').isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('lets an admin read the global audit log with filters, and nobody else', async () => {
    const { context, page } = await newContext(browser());
    const admin = await registerInBrowser(page, 'Admin');
    await page.goto('/admin/audit');
    expect(await page.textContent('h1')).toBe('Sorry');
    await db.user.update({ where: { email: admin.email }, data: { role: 'admin' } });
    // The role is in the access token: sign in again to get one that says admin.
    await page.goto('/tasks');
    await page.getByRole('button', { name: 'Log out' }).click();
    // Until the logout lands, /login sends a signed-in browser back to /tasks.
    await page.waitForURL('**/login');
    await logInInBrowser(page, admin);
    const someone = await signUp();
    const created = await someone.api.post('tasks', { title: 'Someone else’s task' });
    await page.goto(`/admin/audit?taskId=${created.body.id}`);
    await waitFor('the entry in the audit log', async () => {
      await page.reload();
      return (await page.getByRole('cell', { name: 'task.created' }).count()) === 1 ? true : undefined;
    });
    // Project events have no task (issue 19): their row links the project instead.
    const inbox = (await someone.api.get('projects')).body.items.find((p: { isInbox: boolean }) => p.isInbox);
    await page.goto(`/admin/audit?projectId=${inbox.id}`);
    await waitFor('the Inbox’s project.created in the audit log', async () => {
      await page.reload();
      return (await page.getByRole('cell', { name: 'project.created' }).count()) === 1 ? true : undefined;
    });
    expect(await page.getByRole('link', { name: `project ${inbox.id.slice(0, 8)}` }).count()).toBe(1);
    await screenshot(page, 'admin-audit');
    await context.close();
  });
});
