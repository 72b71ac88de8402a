import { newContext, registerInBrowser, rowTitles, sharedBrowser } from './web-pages';

// Import in the web UI (issue 20): a small Todoist CSV uploaded from
// Settings → Your data; the import's page follows it to the end and lists
// the skipped rows with their reasons.

const browser = sharedBrowser();

const todoistCsv = [
  'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE',
  'task,Renew passport @admin,,1,1,,,,en,',
  'task,Book flights,,2,1,,,tomorrow,en,',
  'note,Window seat,,,,,,,,',
].join('\r\n');

describe('import in the browser', () => {
  it('uploads a Todoist CSV from the settings page and shows the import to its end', async () => {
    const { context, page, pageErrors } = await newContext(browser());
    await registerInBrowser(page);
    await page.goto('/settings');
    await page.getByLabel('File (.csv or .ics)').setInputFiles({
      name: 'todoist.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(todoistCsv),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL('**/settings/imports/*');
    await page.getByTestId('import-status').filter({ hasText: 'Done' }).waitFor();
    expect(await page.getByTestId('import-created').textContent()).toBe('2 created');
    expect(await page.getByTestId('import-skipped').textContent()).toBe('1 skipped');
    await page.getByText('Row 3: a note row: comments are not imported').waitFor();
    await page.goto('/tasks');
    expect((await rowTitles(page)).sort()).toEqual(['Book flights', 'Renew passport']);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
