import {
  startWebhookAgentWithShortRetries,
  deleteTestWebhooks,
  startWebhookReceiver,
  type WebhookReceiver,
  waitFor,
} from '@taskmesh/testing';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { newContext, registerInBrowser, screenshot, sharedBrowser } from './web-pages';

// Outbound webhooks in the web UI (issue 20): add one and see its secret once,
// send a test that arrives signed with it and is listed delivered, see a
// delivery that failed for good under Dead letters and replay it, and pause,
// resume, rotate and delete. webhook-agent runs here with short retries (as in
// tests/integration/webhooks/webhooks.test.ts; the stack's replica is held
// down), so a failing delivery is dead in seconds rather than hours.

const maxAttempts = 2;
const browser = sharedBrowser();
let agent: { stop: () => Promise<void> };
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  agent = await startWebhookAgentWithShortRetries(8, maxAttempts);
}, 660_000);

afterEach(() => {
  receiver.answer = () => 204;
});

afterAll(async () => {
  await agent?.stop();
  await receiver?.close();
  await deleteTestWebhooks();
}, 120_000);

/** Adds a webhook through the form and returns the secret it shows (once). */
async function addWebhook(page: Page, url: string, description: string, project?: string): Promise<string> {
  await page.getByLabel('URL', { exact: true }).fill(url);
  await page.getByLabel('Description').fill(description);
  if (project) await page.getByLabel('Events from').selectOption({ label: project });
  await page.getByRole('button', { name: 'Add webhook' }).click();
  return page.getByLabel('Signing secret').inputValue();
}

/** The deliveries page's rows, or those with one status. */
const deliveryRows = (page: Page, status = '') =>
  page.getByRole('table', { name: 'Deliveries' }).locator(status ? `tbody tr[data-status="${status}"]` : 'tbody tr');

describe('webhooks in the browser', () => {
  it('adds a webhook, shows its secret once, and lists a test delivery signed with it as delivered', async () => {
    const { context, page, pageErrors } = await newContext(browser(), {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await registerInBrowser(page);
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Manage webhooks' }).click();
    await page.waitForURL('**/settings/webhooks');
    await page.getByText('No webhooks yet.').waitFor();

    // Not public https: refused next to the field, and nothing is added.
    await page.getByLabel('URL', { exact: true }).fill('http://example.com/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    expect(await page.locator('#field-url-error').textContent()).toContain('must use https');
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Signing secret').count()).toBe(0);

    // Every task change is ticked unless the user chooses.
    expect(await page.getByRole('checkbox', { name: 'task.completed' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'comment.added' }).isChecked()).toBe(false);
    const url = receiver.newUrl();
    const secret = await addWebhook(page, url, 'Deploy bot');
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, 'webhook-created');

    await page.goto('/settings/webhooks');
    expect(await page.getByLabel('Signing secret').count()).toBe(0);
    const hook = page.getByRole('listitem', { name: 'Deploy bot' });
    expect(await hook.textContent()).toMatch(/All your projects · Active/);
    await hook.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test event queued' }).waitFor();
    const request = await waitFor('the test event at the receiver', async () => receiver.to(url)[0]);
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
    });

    await hook.getByRole('link', { name: 'Deliveries' }).click();
    await page.waitForURL(/\/settings\/webhooks\/[0-9a-f-]{36}$/);
    // The page asks again while a delivery is pending.
    const row = deliveryRows(page, 'delivered').filter({ hasText: 'webhook.test' });
    await row.waitFor();
    expect(await row.getAttribute('data-delivery-id')).toBe(request.headers['webhook-id']);
    expect(await row.textContent()).toContain('HTTP 204');
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByText('No dead letters').waitFor();
    await screenshot(page, 'webhook-deliveries');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('lists a delivery that failed for good under Dead letters and replays it', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await page.goto('/settings/webhooks');
    const url = receiver.newUrl();
    await addWebhook(page, url, 'Flaky server');
    const failing = new URL(url).pathname;
    receiver.answer = (p) => (p === failing ? 500 : 204);
    const hook = page.getByRole('listitem', { name: 'Flaky server' });
    await hook.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test event queued' }).waitFor();

    await hook.getByRole('link', { name: 'Deliveries' }).click();
    await deliveryRows(page, 'dead').waitFor();
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.waitForURL(/\?status=dead$/);
    const dead = deliveryRows(page);
    expect(await dead.count()).toBe(1);
    expect(await dead.textContent()).toMatch(new RegExp(`webhook\\.testDead${maxAttempts}HTTP 500`));
    expect(receiver.to(url)).toHaveLength(maxAttempts);
    await screenshot(page, 'webhook-dead-letter');

    receiver.answer = () => 204;
    await dead.getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('status').filter({ hasText: 'Delivery queued again' }).waitFor();
    await page.getByRole('link', { name: 'All', exact: true }).click();
    await deliveryRows(page).filter({ hasText: 'Delivered (replayed 1×)' }).waitFor();
    const tries = receiver.to(url);
    expect(tries).toHaveLength(maxAttempts + 1);
    expect(new Set(tries.map((t) => t.headers['webhook-id'])).size).toBe(1);

    await page.getByRole('button', { name: 'Replay all dead' }).click();
    await page.getByRole('status').filter({ hasText: 'No dead letters to replay' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('pauses, resumes, rotates the secret of and deletes a project’s webhook', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await page.goto('/settings/webhooks');
    const url = receiver.newUrl();
    const first = await addWebhook(page, url, 'Inbox hook', 'Inbox');
    const hook = page.getByRole('listitem', { name: 'Inbox hook' });
    expect(await hook.textContent()).toContain('Inbox · Active');

    await hook.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('status').filter({ hasText: 'Paused “Inbox hook”' }).waitFor();
    expect(await hook.textContent()).toContain('Paused: Paused by you');
    expect(await hook.getByRole('button', { name: 'Send test' }).isDisabled()).toBe(true);
    await hook.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('status').filter({ hasText: 'Resumed “Inbox hook”' }).waitFor();

    await hook.getByRole('button', { name: 'Rotate secret' }).click();
    const second = await page.getByLabel('Signing secret').inputValue();
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    await hook.getByRole('button', { name: 'Send test' }).click();
    const request = await waitFor('the test event at the receiver', async () => receiver.to(url)[0]);
    expect(new Webhook(second).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
    });

    await hook.getByText('Delete…').click();
    await hook.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByRole('status').filter({ hasText: 'Webhook deleted' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
