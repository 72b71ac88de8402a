import { newContext, registerInBrowser, screenshot, sharedBrowser } from './web-pages';
import { apiAs, eventually } from './web-projects-pages';

// A project's activity page (issue 19): audit-agent's entries for the
// project, newest first, named by member; someone outside the project gets
// "not found" (audit-agent answers 404, as tasks-api does).

const browser = sharedBrowser();

describe('web UI: project activity', () => {
  it('shows who did what in the project, and not found to a non-member', async () => {
    const ana = await newContext(browser());
    const ben = await newContext(browser());
    const eve = await newContext(browser());
    const anaUser = await registerInBrowser(ana.page, 'Ana');
    const benUser = await registerInBrowser(ben.page, 'Ben');
    await registerInBrowser(eve.page, 'Eve');
    const anaApi = await apiAs(anaUser);
    const benApi = await apiAs(benUser);
    const project = await anaApi.api.post('projects', { name: 'Kitchen' });
    await anaApi.api.post(`projects/${project.body.id}/members`, { email: benUser.email, role: 'editor' });
    const task = await anaApi.api.post('tasks', { title: 'Fix the tap', projectId: project.body.id });
    expect(task.status).toBe(201);
    expect((await benApi.api.post(`tasks/${task.body.id}/complete`)).status).toBe(200);

    // audit-agent records from the task-events topic: the page shows the entries once they are there.
    const activity = ana.page.getByRole('list', { name: 'Activity' });
    const text = await eventually('the activity to show the completion', async () => {
      await ana.page.goto(`/projects/${project.body.id}/activity`);
      const shown = (await activity.count()) > 0 ? ((await activity.textContent()) ?? '') : '';
      return /Ben completed Fix the tap/.test(shown) && /You created Fix the tap/.test(shown) ? shown : undefined;
    });
    // Newest first.
    expect(text.indexOf('Ben completed')).toBeLessThan(text.indexOf('You created'));
    // Membership entries name the member and the role they were given.
    expect(text).toMatch(/You added a member: Ben \(editor\)/);
    await screenshot(ana.page, 'project-activity');

    const response = await eve.page.goto(`/projects/${project.body.id}/activity`);
    expect(response?.status()).toBe(404);
    await eve.page.getByRole('heading', { name: 'Not found' }).waitFor();
    for (const who of [ana, ben, eve]) {
      expect(who.pageErrors).toEqual([]);
      await who.context.close();
    }
  });
});
