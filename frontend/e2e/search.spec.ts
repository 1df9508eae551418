import { test, expect, search, searchBox, results } from './fixtures';

test.describe('search', () => {
  test('empty state shows guidance, shortcuts and the departments', async ({ app: page }) => {
    await expect(page.getByRole('heading', { name: /one search away/ })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Keyboard shortcuts' })).toContainText('Focus search');
    const depts = page.getByRole('list', { name: 'Departments' }).getByRole('button');
    await expect(depts.filter({ hasText: 'Billing' })).toBeVisible();
    await expect(depts.filter({ hasText: 'Scheduling' })).toBeVisible();
    expect(await depts.count()).toBeGreaterThanOrEqual(6);
    await expect(page.getByTestId('status-summary')).toHaveText(/^[\d,]+ articles · [\d,]+ passages · embedder .+ · Ready$/);
  });

  test('"refund" shows results with department chips and facets', async ({ app: page }) => {
    await search(page, 'refund');
    const opts = results(page);
    await expect(opts.first()).toBeVisible();
    expect(await opts.count()).toBeGreaterThan(1);
    // Every result carries a department chip; the top one is Billing.
    for (const opt of await opts.all()) await expect(opt.locator('.dept-chip')).toHaveCount(1);
    await expect(opts.first().locator('.dept-chip')).toHaveText('Billing');
    // Matched terms are highlighted in the snippet and nothing but <mark> is markup.
    await expect(page.locator('#cg-results .snippet mark').first()).toBeVisible();
    expect(await page.locator('#cg-results .snippet *:not(mark)').count()).toBe(0);

    await page.screenshot({ path: 'test-results/concierge-results.png' });

    const facets = page.getByRole('region', { name: 'Filters' });
    const deptGroup = facets.getByRole('group', { name: 'Department' });
    await expect(deptGroup.getByRole('button', { name: /Billing/ })).toBeVisible();
    await expect(facets.getByRole('group', { name: 'Tags' })).toBeHidden();
    await facets.getByRole('button', { name: /More filters/ }).click();
    await expect(facets.getByRole('group', { name: 'Tags' })).toBeVisible();
    await expect(facets.getByRole('group', { name: 'Audience' })).toBeVisible();

    // Toggling a facet filters the results.
    const other = deptGroup.getByRole('button').filter({ hasNotText: 'Billing' }).first();
    const dept = (await other.textContent())!.replace(/\d+$/, '').trim();
    await other.click();
    await expect(other).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('main')).not.toHaveAttribute('aria-busy', 'true');
    for (const chip of await page.locator('#cg-results .dept-chip').all()) await expect(chip).toHaveText(dept);
    await facets.getByRole('button', { name: /Clear filter/ }).click();
    await expect(other).toHaveAttribute('aria-pressed', 'false');
  });

  test('Ctrl+K focuses the search box from anywhere', async ({ app: page }) => {
    await search(page, 'refund');
    await results(page).first().click();
    await page.locator('#cg-article-title').click();
    await expect(searchBox(page)).not.toBeFocused();
    await page.keyboard.press('Control+k');
    await expect(searchBox(page)).toBeFocused();
    // Escape elsewhere also returns to the search box.
    await page.locator('#cg-results').focus();
    await page.keyboard.press('Escape');
    await expect(searchBox(page)).toBeFocused();
  });

  test('no-results state for "zzzqqq"', async ({ app: page }) => {
    await search(page, 'zzzqqq');
    await expect(page.getByTestId('no-results')).toContainText('No articles match “zzzqqq”');
    await expect(page.getByTestId('no-results')).toContainText('Check the spelling');
    // Hybrid search may still offer meaning-based neighbours, clearly labelled.
    if (await results(page).count()) await expect(page.getByRole('heading', { name: 'Possibly related' })).toBeVisible();
  });

  test('no-results with a filter offers to remove it', async ({ app: page }) => {
    await page.getByRole('list', { name: 'Departments' }).getByRole('button', { name: /Facilities/ }).click();
    await expect(page.getByRole('banner')).toContainText('1 filter active');
    await search(page, 'zzzqqq');
    const none = page.getByTestId('no-results');
    await expect(none).toBeVisible();
    await none.getByRole('button', { name: 'Remove the filter' }).click();
    await expect(page.getByRole('banner')).not.toContainText('filter active');
    await expect(none).toContainText('No articles match “zzzqqq”');
  });

  test('a Thai query finds a Thai article', async ({ app: page }) => {
    await search(page, 'ชำระค่าบริการ');
    const first = results(page).first();
    await expect(first).toBeVisible();
    await expect(page.locator('#cg-results [lang=th]').first()).toBeVisible();
    await expect(page.locator('#cg-results .badge.lang', { hasText: 'Thai' }).first()).toBeVisible();
  });

  test('a Russian query finds a Russian article', async ({ app: page }) => {
    await search(page, 'результаты анализов');
    await expect(results(page).first()).toBeVisible();
    await expect(page.locator('#cg-results .badge.lang', { hasText: 'Russian' }).first()).toBeVisible();
  });
});
