import { test, expect, search, results, seriousViolations } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`accessibility (${scheme})`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    });

    test('empty state has no serious or critical axe violations', async ({ app: page }) => {
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('results have no serious or critical axe violations', async ({ app: page }) => {
      await search(page, 'refund');
      await expect(results(page).first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('article view has no serious or critical axe violations', async ({ app: page }) => {
      await search(page, 'refund');
      await page.keyboard.press('Enter');
      await expect(page.locator('.prose')).not.toBeEmpty();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/concierge-article-${scheme}.png` });
    });
  });
}

test('landmarks and labelled controls', async ({ app: page }) => {
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Article' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Search all departments' })).toHaveAttribute('placeholder', 'Search all departments… (Ctrl+K)');
  await page.screenshot({ path: 'test-results/concierge-empty.png' });
});
