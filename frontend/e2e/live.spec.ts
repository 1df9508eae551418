// Views follow the back end's change events (kb:changed, requests:changed,
// index:state): what one window changes, every window shows without a reload.
// A second browser context is the second window; both talk to the same Go
// services through the harness.
import { test, expect, search, results } from './fixtures';
import type { Browser, Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The published-article count the status bar shows. */
async function articleCount(page: Page): Promise<number> {
  const summary = page.getByTestId('status-summary');
  await expect(summary).toContainText(/\d+ articles?/);
  return Number((await summary.textContent())!.match(/(\d+) articles?/)![1]);
}

/** Opens another window on the same back end, ready. */
async function secondWindow(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto('/');
  await expect(page.getByTestId('status-summary')).toContainText('Ready', { timeout: 120_000 });
  return page;
}

async function becomeEditor(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).not.toHaveValue('');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Edie Editor');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await nav.getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge', level: 1 })).toBeVisible();
}

test('publishing in the editor updates the status bar count and a running search, without a reload', async ({ app: page, browser }) => {
  test.setTimeout(150_000);
  const title = 'Quillwort courtyard access';

  // Window A: the search view with a running search for a word no published article has.
  await search(page, 'quillwort');
  await expect(results(page).filter({ hasText: title })).toHaveCount(0);
  const before = await articleCount(page);

  // Window B: an editor drafts the article, then publishes it from the editor.
  const editor = await secondWindow(browser);
  await becomeEditor(editor);
  await editor.evaluate((t) =>
    window.go.app.EditorService.Create({
      id: '', title: t, department: 'Facilities', tags: ['access'], language: 'en', audience: 'internal', owner: 'Edie Editor', reviewBy: '',
      body: '# Courtyard access\n\nThe quillwort courtyard opens with a staff badge from 7:00 to 19:00.\n',
    }),
    title,
  );
  // The draft appears in B's list through kb:changed (B did not write it through its own editor).
  const item = editor.getByTestId('kb-article').filter({ hasText: title });
  await expect(item).toBeVisible();
  await item.click();
  await expect(editor.getByTestId('article-status')).toHaveText('Draft');
  // A draft is not searchable: window A still does not list it, and the count is unchanged.
  await expect(page.getByTestId('status-summary')).toContainText(`${before} article`);
  await editor.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(editor.getByTestId('article-status')).toHaveText('Published');

  // Window A, untouched: the count goes up and the running search shows the article.
  await expect(page.getByTestId('status-summary')).toContainText(`${before + 1} articles`);
  await expect(results(page).filter({ hasText: title })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Search all departments' })).toHaveValue('quillwort');

  // Archiving it takes it out of both again.
  await editor.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(editor.getByTestId('article-status')).toHaveText('Archived');
  await expect(page.getByTestId('status-summary')).toContainText(`${before} articles`);
  await expect(results(page).filter({ hasText: title })).toHaveCount(0);
  await editor.context().close();
});

test('changing a request status updates the list badge, here and in another window', async ({ app: page, browser }) => {
  test.setTimeout(120_000);
  const subject = 'Parking permit renewal';
  await page.evaluate((s) =>
    window.go.app.RequestService.Create({
      id: '', version: 0, subject: s, channel: 'email', status: 'open',
      customer: { name: 'Rosa Diaz', contact: 'rosa@example.org' }, messages: [{ author: 'customer', text: 'My parking permit expires next week.' }],
    }),
    subject,
  );
  const other = await secondWindow(browser);
  const badge = (p: Page) => p.getByRole('region', { name: 'Requests' }).getByRole('button', { name: new RegExp(subject) }).getByTestId('request-status');
  for (const p of [page, other]) {
    await p.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Requests' }).click();
    await expect(badge(p)).toHaveText('New');
  }

  // Window A changes the status in the request panel: its own list follows.
  await page.getByRole('region', { name: 'Requests' }).getByRole('button', { name: new RegExp(subject) }).click();
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('waiting-on-internal');
  await expect(badge(page)).toHaveText('Waiting on internal');
  // Window B did nothing and shows it too.
  await expect(badge(other)).toHaveText('Waiting on internal');

  // The reverse: B opens it and resolves it; A's list badge and open request follow.
  await other.getByRole('region', { name: 'Requests' }).getByRole('button', { name: new RegExp(subject) }).click();
  await other.getByRole('combobox', { name: 'Status', exact: true }).selectOption('resolved');
  await expect(badge(other)).toHaveText('Resolved');
  await expect(badge(page)).toHaveText('Resolved');
  await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('resolved');
  await other.context().close();
});

test('applying a folder import returns the status bar to Ready with the new count', async ({ app: page, browser }) => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'cg-live-import-'));
  const titles = ['Wayfinding kiosk reset', 'Lost property log', 'Visitor lanyard colours'];
  titles.forEach((t, i) => {
    const id = `facilities-live-${i}`;
    writeFileSync(
      join(dir, `${id}.md`),
      `---\nid: ${id}\ntitle: ${t}\ndepartment: Facilities\ntags: [facilities]\nlanguage: en\naudience: internal\nstatus: published\nowner: Edie Editor\n---\n${t} — how the front desk handles it, step by step.\n`,
    );
  });
  // Window A shows the status bar; window B imports from the editor.
  const before = await articleCount(page);
  const editor = await secondWindow(browser);
  await becomeEditor(editor);
  await editor.getByRole('button', { name: 'Import / export' }).click();
  const transfer = editor.getByTestId('transfer');
  await transfer.getByRole('region', { name: 'Import a folder' }).getByRole('textbox', { name: 'Folder' }).fill(dir);
  await transfer.getByRole('button', { name: 'Preview import' }).click();
  await expect(editor.getByTestId('import-preview')).toBeVisible();
  await transfer.getByRole('button', { name: /^Apply/ }).click();
  await expect(editor.getByTestId('import-imported')).toContainText('facilities-live-2');

  // The import indexes in the background; both status bars end on Ready with three more articles and no progress bar.
  const summary = page.getByTestId('status-summary');
  await expect(summary).toContainText(`${before + titles.length} articles`, { timeout: 60_000 });
  await expect(summary).toContainText('Ready');
  await expect(page.getByRole('progressbar', { name: 'Indexing progress' })).toHaveCount(0);
  // And the editor's list shows them without a reload.
  for (const t of titles) await expect(editor.getByTestId('kb-article').filter({ hasText: t })).toBeVisible();
  await editor.context().close();
  rmSync(dir, { recursive: true, force: true });
});
