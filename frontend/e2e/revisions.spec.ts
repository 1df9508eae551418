import { test, expect, seriousViolations } from './fixtures';
import type { Page } from '@playwright/test';

// Publishing safety: an edit of a published article becomes a revision
// pending review; agents keep the live text until an editor approves it.

const body = (page: Page) => page.getByRole('textbox', { name: 'Article body (Markdown)' });

async function becomeEditor(page: Page, name = 'Edie Editor') {
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).not.toHaveValue('');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await nav.getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge', level: 1 })).toBeVisible();
}

/** What agents find for q (ids of the articles). */
function agentFinds(page: Page, q: string) {
  return page.evaluate(async (q) => {
    const r = await window.go.app.SearchService.Search({ query: q, mode: 'hybrid', filters: { departments: [], tags: [], languages: [], audiences: [], statuses: [] }, limit: 5, passagesPerArticle: 1, asYouType: false });
    return r.results.map((x) => x.articleId);
  }, q);
}

test('published edits: revision pending review → send back → approve → searchable; conflict when the live article moved', async ({ app: page }) => {
  test.setTimeout(120_000);
  await becomeEditor(page);
  const lists = page.getByRole('tablist', { name: 'Lists' });

  // The setting lives in the Revisions list; it is on by default (another
  // spec may have turned it off in this data folder: turn it on).
  await lists.getByRole('tab', { name: /Revisions/ }).click();
  const setting = page.getByRole('checkbox', { name: 'Published edits need review' });
  await expect(setting).toBeVisible();
  if (!(await setting.isChecked())) await setting.check();
  await expect(setting).toBeChecked();

  // A published article (made through the services, as another editor would).
  const id = await page.evaluate(async () => {
    const svc = window.go.app.EditorService;
    let a = await svc.Create({ id: '', title: 'Quillmore parking permits', body: 'Parking permits are issued at the front desk.\n', department: 'Facilities', tags: [], language: 'en', audience: 'customer-facing', owner: '', reviewBy: '' });
    a = await svc.SetStatus(a.id, 'published', a.version, '');
    return a.id;
  });
  expect(await agentFinds(page, 'quillmore front desk')).toContain(id);

  // Edit it in the editor: the save becomes a revision pending review.
  await lists.getByRole('tab', { name: 'Articles' }).click();
  await page.getByRole('searchbox', { name: 'Filter articles' }).fill('Quillmore');
  await page.getByTestId('kb-article').filter({ hasText: 'Quillmore parking permits' }).click();
  await expect(page.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue('Quillmore parking permits');
  await body(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('A permit costs 7 EUR a month (zanthorpe rate).\n');
  await page.getByRole('textbox', { name: 'Change note' }).fill('Add the price');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('editor-notice')).toContainText('Revision pending review');
  await expect(page.getByTestId('revision-banner')).toContainText('Revision pending review');
  await expect(page.getByTestId('revision-banner')).toContainText('Agents keep seeing version 2');
  // Agents still get the live text only.
  expect(await agentFinds(page, 'zanthorpe')).not.toContain(id);
  expect(await agentFinds(page, 'quillmore front desk')).toContain(id);

  // The reviewer's list shows it; the review shows the diff.
  await lists.getByRole('tab', { name: /Revisions/ }).click();
  const item = page.getByTestId('revision').filter({ hasText: 'Quillmore parking permits' });
  await expect(item).toContainText('Waiting for review');
  await expect(item).toContainText('by Edie Editor');
  await item.getByRole('button').click();
  const review = page.getByTestId('revision-review');
  await expect(review.getByRole('heading', { name: 'Revision of “Quillmore parking permits”' })).toBeVisible();
  await expect(review.getByTestId('revision-word-diff').locator('ins')).toContainText('zanthorpe');
  await expect(review).toContainText('Add the price');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-revision-review.png' });

  // Send back: a note is needed; the author sees it in the editor.
  await review.getByRole('button', { name: 'Send back' }).click();
  await expect(review.getByTestId('revision-error')).toContainText('Say what the author should change');
  await review.getByRole('textbox', { name: /Note for the author/ }).fill('Say whether weekends are included.');
  await review.getByRole('button', { name: 'Send back' }).click();
  await expect(review.getByTestId('revision-notice')).toContainText('Sent back to Edie Editor');
  await expect(item).toContainText('Sent back');
  await review.getByRole('button', { name: 'Open in editor' }).click();
  await expect(page.getByTestId('revision-banner')).toContainText('Revision sent back');
  await expect(page.getByTestId('revision-note')).toHaveText('Say whether weekends are included.');
  await expect(body(page)).toContainText('zanthorpe');

  // The author edits again and saves: pending again.
  await body(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('Weekends are included.\n');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-banner')).toContainText('Revision pending review');

  // Approve: published as the next version, searchable at once.
  await lists.getByRole('tab', { name: /Revisions/ }).click();
  await item.getByRole('button').click();
  await expect(review.getByTestId('revision-word-diff').locator('ins')).toContainText('Weekends');
  await review.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(review.getByTestId('revision-notice')).toHaveText('Published “Quillmore parking permits” as version 3.');
  await expect(page.getByTestId('revision')).toHaveCount(0);
  expect(await agentFinds(page, 'zanthorpe')).toContain(id);

  // Conflict: a new revision, then the live article moves before approval.
  await review.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('revision-banner')).toHaveCount(0);
  await body(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('Permits can be paid by card.\n');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('revision-banner')).toContainText('Revision pending review');
  await page.evaluate(async (id) => {
    const svc = window.go.app.EditorService;
    const a = await svc.Load(id);
    await svc.SetStatus(id, 'review', a.version, 'double-check');
  }, id);
  await lists.getByRole('tab', { name: /Revisions/ }).click();
  await item.getByRole('button').click();
  await expect(item).toContainText('live article changed');
  await review.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(review.getByTestId('revision-error')).toContainText('send it back so the author applies it');
  expect(await agentFinds(page, 'paid by card')).not.toContain(id);
});
