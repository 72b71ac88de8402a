import { launchBrowser, runFileApps, screenshotPath } from '@taskmesh/testing';
import type { Browser } from 'playwright-core';

// The browser-test harness for the web UI: Debian's Chromium (installed by
// infra/setup.sh) driven by playwright-core against the running web app.
// The UI itself is the web UI issue's work; this proves a real browser
// reaches web directly, not through a sidecar, and that screenshots are kept.
const web = runFileApps().find((a) => a.appID === 'web');

describe('web in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the web app’s page in Chromium and keeps a screenshot', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://127.0.0.1:${web?.appPort}/`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toMatch(/\/login$/);
    expect(await page.textContent('h1')).toBe('Log in');
    const file = screenshotPath('web-home');
    await page.screenshot({ path: file });
    expect(browser.version()).toMatch(/^\d+\./);
  });
});
