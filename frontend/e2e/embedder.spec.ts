import { test, expect, seriousViolations } from './fixtures';

test('settings: an embedder that does not answer is refused and the built-in one stays', async ({ app: page }) => {
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  const emb = page.getByRole('group', { name: 'Search embedder' });
  await expect(emb.getByText(/Now using the built-in embedder/)).toBeVisible();
  await emb.getByRole('radio', { name: /Ollama/ }).check();
  // Port 9 on loopback: nothing listens there.
  await emb.getByRole('textbox', { name: 'Base URL' }).fill('http://127.0.0.1:9');
  await emb.getByRole('button', { name: 'Apply and re-embed' }).click();
  await expect(emb.getByText(/was not changed/)).toBeVisible({ timeout: 30_000 });
  await expect(emb.getByText(/Now using the built-in embedder/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-settings.png', fullPage: true });
});
