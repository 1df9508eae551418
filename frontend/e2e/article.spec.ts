import { test, expect, search, searchBox, results, openResult } from './fixtures';

test.describe('article pane', () => {
  test('arrow keys + Enter open the highlighted article', async ({ app: page }) => {
    await search(page, 'refund');
    const box = searchBox(page);
    await expect(box).toBeFocused();
    await expect(results(page).nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(results(page).nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(results(page).nth(0)).toHaveAttribute('aria-selected', 'false');
    await expect(box).toHaveAttribute('aria-activedescendant', 'cg-opt-1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(box).toHaveAttribute('aria-activedescendant', 'cg-opt-1');
    const title = (await results(page).nth(1).locator('.title').textContent())!.trim();
    await page.keyboard.press('Enter');
    await expect(page.locator('#cg-article-title')).toHaveText(title);
    const prose = page.locator('.prose');
    await expect(prose).not.toBeEmpty();
    await expect(prose.locator('h2').first()).toBeVisible();
    // Metadata and table of contents.
    const meta = page.locator('.article-head dl');
    await expect(meta).toContainText('Owner');
    await expect(meta).toContainText('Version');
    await expect(page.getByRole('navigation', { name: 'Table of contents' })).toBeVisible();
    // Focus stays in the search box for the next query.
    await expect(box).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(box).toHaveValue('');
  });

  test('clicking an internal article link opens that article; Back returns', async ({ app: page }) => {
    await openResult(page, 'refunds cancelled appointment deposit', /Refunds after a cancelled appointment/);
    const first = page.locator('.prose a[data-article]').first();
    await expect(first).toBeVisible();
    const target = (await first.getAttribute('data-article'))!;
    const urlBefore = page.url();
    await first.click();
    await expect(page.locator('article[data-article-id]')).toHaveAttribute('data-article-id', target);
    expect(page.url()).toBe(urlBefore);
    const back = page.getByRole('button', { name: 'Back' });
    await expect(back).toBeEnabled();
    await back.click();
    await expect(page.locator('#cg-article-title')).toHaveText(/Refunds after a cancelled appointment/);
    // Alt+Left works too.
    await page.locator('.prose a[data-article]').first().click();
    await expect(page.locator('article[data-article-id]')).toHaveAttribute('data-article-id', target);
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(page.locator('#cg-article-title')).toHaveText(/Refunds after a cancelled appointment/);
    await expect(back).toBeDisabled();
  });

  test('an external link does not navigate and goes to OpenExternal', async ({ app: page, request }) => {
    await openResult(page, 'request a copy of medical records', /copy/i);
    const link = page.locator('.prose a[data-external]').first();
    await expect(link).toBeVisible();
    const href = (await link.getAttribute('href'))!;
    const urlBefore = page.url();
    let popups = 0;
    page.context().on('page', () => popups++);
    await link.click();
    await expect
      .poll(async () => (await (await request.get('/__harness/opened')).json()) as string[])
      .toContain(href);
    expect(page.url()).toBe(urlBefore);
    expect(popups).toBe(0);
    await expect(page.locator('#cg-article-title')).toBeVisible();
  });

  test('an article past its review-by date shows a review-overdue warning', async ({ app: page }) => {
    // facilities-lost-property has review_by 2026-05-31 in the sample KB.
    await openResult(page, 'lost property procedure', /Lost property/);
    await expect(page.locator('.overdue')).toContainText('Review overdue');
    await expect(page.locator('.article-head dd.stale')).toContainText('(overdue)');
  });
});
