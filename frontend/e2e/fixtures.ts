import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Problems the page reported: CSP violations, uncaught errors, console errors. */
type Problems = string[];

export const test = base.extend<{ problems: Problems; app: Page }>({
  problems: async ({ page }, use) => {
    const problems: Problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console.${m.type()}: ${m.text()}`);
    });
    await use(problems);
  },
  /** The app, loaded and with the index ready. */
  app: async ({ page, problems }, use) => {
    await page.goto('/');
    await expect(page.getByRole('combobox', { name: 'Search all departments' })).toBeVisible();
    await expect(page.getByTestId('status-summary')).toContainText('Ready', { timeout: 120_000 });
    await use(page);
    expect(problems, 'no CSP violations, page errors or console errors').toEqual([]);
  },
});

export { expect };

export function searchBox(page: Page) {
  return page.getByRole('combobox', { name: 'Search all departments' });
}

export function results(page: Page) {
  return page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
}

/** Types a query and waits for the result list (or the no-results state). */
export async function search(page: Page, q: string) {
  const box = searchBox(page);
  await box.fill(q);
  await expect(page.locator('#cg-results, [data-testid=no-results]').first()).toBeVisible();
  await expect(page.locator('main')).not.toHaveAttribute('aria-busy', 'true');
}

/** Opens the first result whose title matches, via the list. */
export async function openResult(page: Page, query: string, title: RegExp | string) {
  await search(page, query);
  await results(page).filter({ hasText: title }).first().click();
  await expect(page.locator('#cg-article-title')).toHaveText(title);
}

/** Runs axe and returns serious/critical violations in a readable form. */
export async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
