import { randomInt, randomUUID } from 'node:crypto';
import { httpRequest, type InvokeResult, launchBrowser, runFileApps, screenshotPath } from '@taskmesh/testing';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const web = runFileApps().find((a) => a.appID === 'web');
/** Browsers reach web directly, as people do (not through a sidecar). */
export const webUrl = `http://127.0.0.1:${web?.appPort}`;

export interface BrowserUser {
  email: string;
  password: string;
}

const cspViolations: string[] = [];

/**
 * What web's Content-Security-Policy blocked in any page since the last call
 * (issue 15). Chromium reports each blocked script, style or connection as a
 * console error, not a page error; web-ui.test.ts fails a test that had any.
 */
export const takeCspViolations = (): string[] => cspViolations.splice(0);

/**
 * One Debian Chromium for a test file: launched before its tests, closed
 * after them; a test fails if web's Content-Security-Policy blocked a script,
 * style or socket in any page during it (a broken page; issue 15). Call at
 * the top of the file; the getter gives the browser inside tests.
 */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll: use it inside a test');
    return browser;
  };
}

/** A fresh browser profile (its own cookies) with the UI's pages at hand; failures in the page fail the test. */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ baseURL: webUrl, timezoneId: 'Europe/Berlin', ...options });
  context.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text()))
      cspViolations.push(`${message.location().url}: ${message.text()}`);
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(30_000);
  return { context, page, pageErrors };
}

/** Registers through the form, as a new user does, and lands on the task list. */
export async function registerInBrowser(page: Page, name = 'Ada'): Promise<BrowserUser> {
  const user = { email: `web-${randomUUID()}@example.test`, password: `pw-${randomUUID()}` };
  await page.goto('/register');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/tasks');
  return user;
}

export async function logInInBrowser(page: Page, user: BrowserUser): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/tasks');
}

/** Waits until the page's socket to realtime-sync is connected, so a change made elsewhere reaches it. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('[data-live-status="live"]').waitFor();
}

/** Adds a task from the quick-add line; `title` is what remains once dates, repeats, tags and priority are read. */
export async function quickAdd(
  page: Page,
  text: string,
  title = text
    .split(' ')
    .filter((word) => !/^[#!]\w/.test(word))
    .join(' '),
): Promise<void> {
  await page.getByLabel('New task').fill(text);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  // The toast names this task: an earlier add's toast may still be showing.
  await page
    .getByRole('status')
    .filter({ hasText: `Added “${title}”` })
    .waitFor();
}

/** The task list's rows as their titles. */
export async function rowTitles(page: Page): Promise<string[]> {
  return page.locator('[data-task-row] a[href^="/tasks/"]').allTextContents();
}

/**
 * A datetime-local value `seconds` from now in the zone. Chromium writes a
 * whole minute as HH:mm (never HH:mm:00), and Playwright refuses a fill whose
 * value the input normalises, so whole minutes go without seconds.
 */
export function localInZone(zone: string, seconds: number): string {
  const at = DateTime.now().setZone(zone).plus({ seconds });
  return at.toFormat(at.second === 0 ? "yyyy-LL-dd'T'HH:mm" : "yyyy-LL-dd'T'HH:mm:ss");
}

/**
 * Posts a form to web without a browser, as a page of web would (its Origin,
 * unless a header says otherwise; undefined drops one), optionally from a
 * loopback address of its own (`localAddress`: a browser web tells apart).
 */
export function postForm(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string | undefined> = {},
  localAddress?: string,
): Promise<InvokeResult<string>> {
  const sent = Object.entries({ 'content-type': 'application/x-www-form-urlencoded', origin: webUrl, ...headers });
  return httpRequest(`${webUrl}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: Object.fromEntries(sent.filter((entry): entry is [string, string] => entry[1] !== undefined)),
    ...(localAddress ? { localAddress } : {}),
  });
}

/** A loopback address of its own (127.0.0.0/8): a browser that shares no per-address counter with other runs. */
export const ownLoopbackAddress = (): string => `127.${1 + randomInt(254)}.${randomInt(256)}.${1 + randomInt(254)}`;

/** The session cookie (name=value) a response sets, or '' when it sets none. */
export const sessionCookieOf = (response: InvokeResult): string =>
  /(?:^|, )(taskmesh_session=[^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';

/** Signs up through web's form (no browser) and returns the session cookie. */
export async function signUpThroughWeb(
  user: BrowserUser = { email: `http-${randomUUID()}@example.test`, password: `pw-${randomUUID()}` },
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await postForm('/register', { ...user }, headers);
  expect(response.status).toBe(302);
  const cookie = sessionCookieOf(response);
  expect(cookie).toMatch(/^taskmesh_session=./);
  return cookie;
}

/** Whether the cookie signs someone in (the task list answers instead of sending to the login page). */
export const signedIn = async (cookie: string): Promise<boolean> =>
  (await httpRequest(`${webUrl}/tasks`, { headers: { cookie } })).status === 200;

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** Logs in through web's form (no browser) and returns the session cookie for plain HTTP requests. */
export async function webSessionCookie(user: { email: string; password: string }): Promise<string> {
  const response = await postForm('/login', { email: user.email, password: user.password });
  if (response.status !== 302) throw new Error(`log-in through web: HTTP ${response.status}`);
  return sessionCookieOf(response);
}
