import { httpRequest, tasksApi } from '@taskmesh/testing';
import { newContext, quickAdd, registerInBrowser, screenshot, sharedBrowser } from './web-pages';

// Settings for the outside world in the web UI (issue 20): calendar feeds
// (create one, see its address once, fetch it as a calendar app does, revoke
// it), downloading one's data, and personal access tokens.

const browser = sharedBrowser();

describe('calendar feeds in the browser', () => {
  it('creates a feed, shows its address once, serves it, and revokes it', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await quickAdd(page, 'Call the bank tomorrow at 10am', 'Call the bank');
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Manage calendar feeds' }).click();
    await page.waitForURL('**/settings/calendars');
    await page.getByLabel('Name').fill('Phone');
    await page.getByRole('button', { name: 'Create feed' }).click();
    const address = await page.getByLabel('Feed address').inputValue();
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await page.getByRole('link', { name: 'Open in your calendar app' }).getAttribute('href')).toBe(
      address.replace(/^http:/, 'webcal:'),
    );
    await screenshot(page, 'calendar-feed-created');
    const feed = await httpRequest<string>(address);
    expect(feed.status).toBe(200);
    expect(String(feed.body)).toContain('SUMMARY:Call the bank');

    // The address is not shown again; the list says the feed has been read.
    await page.goto('/settings/calendars');
    expect(await page.getByLabel('Feed address').count()).toBe(0);
    const row = page.getByRole('list', { name: 'Your feeds' }).getByRole('listitem');
    await row.filter({ hasText: 'last read' }).waitFor();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Feed revoked' }).waitFor();
    expect((await httpRequest(address)).status).toBe(404);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('downloads everything the user owns from the settings page, as JSON and as CSV', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await quickAdd(page, 'Water the ferns #plants', 'Water the ferns');
    await page.goto('/settings');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'your tasks as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('taskmesh-tasks.csv');
    const csv = await page.request.get('/export/csv');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Water the ferns,,todo,medium,plants,Inbox');
    const json = await (await page.request.get('/export/json')).json();
    expect(json.tasks.map((t: { title: string }) => t.title)).toEqual(['Water the ferns']);
    expect((await page.request.get('/export/xml')).status()).toBe(404);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('makes an access token shown once, which a script then uses, and revokes it', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await quickAdd(page, 'Sort the invoices');
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Manage access tokens' }).click();
    await page.waitForURL('**/settings/tokens');
    await page.getByLabel('Name').fill('Reporting script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByLabel('New token').inputValue();
    expect(token).toMatch(/^tmpat_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'access-token-created');
    const listed = await tasksApi(token).get('tasks');
    expect(listed.body.items.map((t: { title: string }) => t.title)).toEqual(['Sort the invoices']);
    expect((await tasksApi(token).post('tasks', { title: 'read scope only' })).status).toBe(403);

    await page.goto('/settings/tokens');
    expect(await page.getByLabel('New token').count()).toBe(0);
    const row = page.getByRole('list', { name: 'Your tokens' }).getByRole('listitem');
    await row.filter({ hasText: 'Reporting script' }).filter({ hasText: 'last used' }).waitFor();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Token revoked' }).waitFor();
    expect((await tasksApi(token).get('tasks')).status).toBe(401);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
