import { createTask, signUp, waitFor } from '@taskmesh/testing';
import type { Page } from 'playwright-core';
import { newContext, registerInBrowser, sharedBrowser, waitUntilLive } from './web-pages';

// Web's live client and project rooms (issue 19): a signed-in page hears that
// it was added to a project, gets its comments as `taskmesh:comment` window
// events, and hears that it was removed (`taskmesh:access`), all on the socket
// it opened before it was added; it keeps the last sequence per project.

const browser = sharedBrowser();

interface Heard {
  type: string;
  detail: { projectId?: string | null; role?: string | null; comment?: { body: string } };
}

/** Records the live client's window events (the names pages listen for, exported by live-updates.tsx). */
const listen = (page: Page) =>
  page.evaluate(() => {
    const heard: Heard[] = [];
    (window as unknown as { heard: Heard[] }).heard = heard;
    for (const type of ['taskmesh:comment', 'taskmesh:access'])
      window.addEventListener(type, (event) => heard.push({ type, detail: (event as CustomEvent).detail }));
  });
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard[] }).heard);
const lastSeqs = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('taskmesh:lastSeqs:'));
    return JSON.parse((key && sessionStorage.getItem(key)) || '{}') as Record<string, number>;
  });

describe('web live updates across people (issue 19)', () => {
  it('hears being added to a project, its comments, and being removed, without a reload', async () => {
    const ana = await signUp();
    const { context, page, pageErrors } = await newContext(browser());
    const ben = await registerInBrowser(page, 'Ben');
    await waitUntilLive(page);
    await listen(page);

    const projectId = (await ana.api.post('projects', { name: 'With Ben' })).body.id as string;
    expect((await ana.api.post(`projects/${projectId}/members`, { email: ben.email, role: 'editor' })).status).toBe(
      201,
    );
    await waitFor('the access event', async () =>
      (await heard(page)).some((h) => h.type === 'taskmesh:access' && h.detail.projectId === projectId)
        ? true
        : undefined,
    );
    const task = await createTask(ana, { title: 'Shared with Ben', projectId });
    expect((await ana.api.post(`tasks/${task.id}/comments`, { body: 'Ben, have a look', mentionIds: [] })).status).toBe(
      201,
    );
    await waitFor('the comment event', async () =>
      (await heard(page)).some((h) => h.type === 'taskmesh:comment' && h.detail.comment?.body === 'Ben, have a look')
        ? true
        : undefined,
    );
    // The task and the comment are the project's updates 1 and 2: a reconnect resumes after them.
    expect((await lastSeqs(page))[projectId]).toBe(2);

    const benId = (await ana.api.get(`projects/${projectId}/members`)).body.items.find(
      (m: { email?: string; userId: string }) => m.email === ben.email,
    )?.userId as string;
    expect((await ana.api.delete(`projects/${projectId}/members/${benId}`)).status).toBe(204);
    await waitFor('the removal event', async () =>
      (await heard(page)).some((h) => h.type === 'taskmesh:access' && h.detail.role === null) ? true : undefined,
    );
    expect((await heard(page)).filter((h) => h.type === 'taskmesh:access').map((h) => h.detail)).toEqual([
      { projectId, role: 'editor', seq: 0 },
      { projectId, role: null, seq: 2 },
    ]);
    expect(await lastSeqs(page)).not.toHaveProperty(projectId);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
