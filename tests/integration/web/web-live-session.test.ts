import { newContext, registerInBrowser, sharedBrowser, waitUntilLive } from './web-pages';

// The web UI's live connection follows the session (issue 15): realtime-sync
// closes a signed-out session's sockets, and a page still open on it goes to
// the sign-in page by itself instead of staying on a dead session.

const browser = sharedBrowser();

describe('web UI live session', () => {
  it('sends a tab to the sign-in page when another tab of the session logs out', async () => {
    const { context, page: first } = await newContext(browser());
    await registerInBrowser(first);
    const second = await context.newPage();
    await second.goto('/tasks');
    await waitUntilLive(second);

    await first.getByRole('button', { name: 'Log out' }).click();
    await first.waitForURL('**/login');
    // Nobody touches the second tab: its socket is closed (session-ended) and it reloads its data.
    await second.waitForURL(/\/login(\?|$)/, { timeout: 30_000 });
    expect(new URL(second.url()).pathname).toBe('/login');
    await context.close();
  });
});
