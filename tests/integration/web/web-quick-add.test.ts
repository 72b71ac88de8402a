import { testDatabase } from '@taskmesh/testing';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { apiAs, createProjectInBrowser } from './web-projects-pages';
import { newContext, registerInBrowser, screenshot, sharedBrowser } from './web-pages';

// Quick add that reads dates and repeats (issue 20), end to end in Debian's
// Chromium: the browser runs the parser on every keystroke and shows what it
// understood; the server parses again and saves that.

const db = testDatabase();
const browser = sharedBrowser();
afterAll(() => db.$disconnect());

const preview = (page: Page) => page.locator('[data-quick-add-preview]');
const marked = (page: Page) => preview(page).locator('mark').allTextContents();
const understood = (page: Page) => preview(page).locator('[data-part]').allTextContents();

async function add(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Added “${title}”` })
    .waitFor();
}

describe('quick add in the browser', () => {
  it('reads "Pay rent every month on the 1st at 9am #home !1", shows the parts, and saves a recurring task with the right next dates', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    const user = await registerInBrowser(page);
    const { id: userId, timeZone: zone } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    expect(zone).toBe('Europe/Berlin');

    // The next five 1sts at 09:00 in the user's zone, counted from now.
    const now = DateTime.now().setZone(zone);
    let first = now.set({ day: 1, hour: 9, minute: 0, second: 0, millisecond: 0 });
    if (first <= now) first = first.plus({ months: 1 });
    const expected = [0, 1, 2, 3, 4].map((n) => first.plus({ months: n }).toMillis());

    await page.getByLabel('New task').fill('Pay rent every month on the 1st at 9am #home !1');
    await preview(page).waitFor();
    expect(await marked(page)).toEqual(['every month on the 1st', 'at 9am', '#home', '!1']);
    const parts = await understood(page);
    expect(parts).toContain(`Due: ${first.toFormat('ccc d LLL yyyy, HH:mm')}undo`);
    expect(parts).toContain('Repeats: every month on the 1st at 09:00 (Europe/Berlin)undo');
    expect(parts).toContain('Tag: homeundo');
    expect(parts).toContain('Priority: urgentundo');
    await screenshot(page, 'quick-add-parsed');
    await add(page, 'Pay rent');

    // Saved as shown: the title without the parts, the tag, the priority, the series.
    const task = await db.task.findFirstOrThrow({
      where: { ownerId: userId, title: 'Pay rent' },
      include: { series: true },
    });
    expect(task.tags).toEqual(['home']);
    expect(task.priority).toBe('urgent');
    expect(task.dueAt?.getTime()).toBe(expected[0]);
    expect(task.series?.rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
    expect(task.series?.timeZone).toBe('Europe/Berlin');

    // The task's page says how it repeats and lists the next dates.
    await page.getByRole('link', { name: 'Pay rent' }).click();
    await page.getByText('Repeats: every month on the 1st at 09:00').waitFor();
    const dates = page.getByTestId('rule-preview').locator('time');
    await dates.first().waitFor();
    const shown = (await dates.evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''))).map((iso) =>
      Date.parse(iso),
    );
    expect(shown).toEqual(expected);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps an undone part in the title, files the task in the @project it names, and refuses a project the user does not have', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    const user = await registerInBrowser(page);
    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    const gardenId = await createProjectInBrowser(page, 'Garden');
    await page.goto('/tasks');

    await page.getByLabel('New task').fill('Mow the lawn tomorrow @garden');
    await preview(page).waitFor();
    expect(await marked(page)).toEqual(['tomorrow', '@garden']);
    await page.getByRole('button', { name: 'Undo “tomorrow”' }).click();
    expect(await marked(page)).toEqual(['@garden']);
    await add(page, 'Mow the lawn tomorrow');
    const mow = await db.task.findFirstOrThrow({ where: { ownerId: userId, title: 'Mow the lawn tomorrow' } });
    expect(mow.dueAt).toBeNull();
    expect(mow.projectId).toBe(gardenId);
    // The field is empty again after the add, its preview gone.
    expect(await page.getByLabel('New task').inputValue()).toBe('');
    expect(await preview(page).count()).toBe(0);

    await page.getByLabel('New task').fill('Call the plumber @Nowhere');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'You have no project named “Nowhere”' });
    await refused.waitFor();
    expect(await db.task.count({ where: { ownerId: userId, title: { startsWith: 'Call the plumber' } } })).toBe(0);
    // A change arriving live reloads the page's data; the refusal stays (React
    // Router drops an action's answer on that reload, and CI once lost it so).
    const { api } = await apiAs(user);
    expect((await api.post('tasks', { title: 'Buy seeds' })).status).toBe(201);
    await page.locator('[data-task-row]').filter({ hasText: 'Buy seeds' }).waitFor();
    expect(await refused.isVisible()).toBe(true);
    expect(await page.getByLabel('New task').inputValue()).toBe('Call the plumber @Nowhere');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('saves a date without a time as an all-day task, shown as a day, and the editor can give it a time', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    const user = await registerInBrowser(page);
    const { id: userId, timeZone: zone } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    // A bare weekday is the next one after today.
    const today = DateTime.now().setZone(zone).startOf('day');
    const friday = today.plus({ days: (5 - today.weekday + 7) % 7 || 7 });

    await page.getByLabel('New task').fill('Water the plants fri');
    await preview(page).waitFor();
    expect(await understood(page)).toEqual([`Due: ${friday.toFormat('ccc d LLL yyyy')}, all dayundo`]);
    await add(page, 'Water the plants');
    const task = await db.task.findFirstOrThrow({ where: { ownerId: userId, title: 'Water the plants' } });
    expect(task).toMatchObject({ allDay: true, timeZone: zone });
    expect(task.dueAt?.getTime()).toBe(friday.toMillis());
    // The list shows the day, without a time.
    const due = page.locator('[data-task-row]').filter({ hasText: 'Water the plants' }).locator('time[data-all-day]');
    expect(await due.getAttribute('datetime')).toBe(friday.toISODate());
    expect(await due.textContent()).not.toContain(':');

    // In the editor: "All day" is ticked; untick it and give a time, and the task is timed.
    await page.getByRole('link', { name: 'Water the plants' }).click();
    const allDay = page.getByLabel('All day');
    expect(await allDay.isChecked()).toBe(true);
    await allDay.uncheck();
    await page.getByLabel(/^Due \(/).fill(`${friday.toISODate()}T18:30`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const timed = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(timed.allDay).toBe(false);
    expect(timed.dueAt?.getTime()).toBe(friday.set({ hour: 18, minute: 30 }).toMillis());
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
