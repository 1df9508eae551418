import { test, expect, search, results } from './fixtures';
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOwnHarness, type OwnHarness } from './own-harness';

// Item 7 of issue 9: importing a large folder from the window shows a
// progress bar with counts (and, once it has a rate, the time left), and
// the window stays usable: search answers over what is already indexed
// while the import runs.

const ARTICLES = 12000; // enough that indexing outlasts a search made during it, on a fast import

// Its own harness: the shared one's knowledge base stays the sample for the other specs.
const port = Number(process.env.E2E_PORT ?? 43917) + 2;
let own: OwnHarness | undefined;
test.use({ baseURL: `http://127.0.0.1:${port}` });
test.beforeAll(async () => {
  test.setTimeout(300_000);
  own = await startOwnHarness(port, {}, 'import');
});
test.afterAll(() => own?.stop());

async function becomeEditor(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).not.toHaveValue('');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ivo Importer');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await nav.getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge', level: 1 })).toBeVisible();
}

function generateFolder(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-import-progress-'));
  const topics = ['locker', 'badge', 'parking', 'printer', 'laptop', 'invoice', 'refund', 'password'];
  for (let i = 0; i < n; i++) {
    const t = topics[i % topics.length];
    // A few sections each, so indexing takes long enough to search during it.
    const sections = [1, 2, 3, 4]
      .map((k) => `## Step ${k}\n\nFor the ${t} case ${i}, step ${k}: check the ${t} register, compare entry ${i * 4 + k} with the customer's account, note what changed and why, and keep the customer informed until it is settled.\n`)
      .join('\n');
    writeFileSync(
      join(dir, `bulk-${String(i).padStart(5, '0')}.md`),
      `---\ntitle: Bulk ${t} note ${i}\ndepartment: Facilities\nstatus: published\n---\n\n` +
        `How to handle ${t} case ${i}: note reference qx${i}zz, and tell the customer.\n\n${sections}`,
    );
  }
  return dir;
}

test('a large folder import shows a moving bar with counts while search keeps answering', async ({ app: page }) => {
  test.setTimeout(240_000);
  const dir = generateFolder(ARTICLES);
  try {
    await becomeEditor(page);
    await page.getByRole('button', { name: 'Import / export' }).click();
    const transfer = page.getByTestId('transfer');
    await transfer.getByRole('region', { name: 'Import a folder' }).getByRole('textbox', { name: 'Folder' }).fill(dir);
    await transfer.getByRole('button', { name: 'Preview import' }).click();
    await expect(page.getByTestId('import-preview')).toContainText(`${ARTICLES}`, { timeout: 60_000 });
    // Every value the bar and its counts take, recorded as the DOM changes
    // (a poll could miss a fast phase on an idle machine).
    await page.evaluate(() => {
      const w = window as unknown as { __bar: { values: string[]; counts: string[] } };
      w.__bar = { values: [], counts: [] };
      const record = () => {
        const v = document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow');
        if (v && w.__bar.values.at(-1) !== v) w.__bar.values.push(v);
        const c = document.querySelector('[data-testid=progress-count]')?.textContent;
        if (c && w.__bar.counts.at(-1) !== c) w.__bar.counts.push(c);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const seen = () => page.evaluate(() => (window as unknown as { __bar: { values: string[]; counts: string[] } }).__bar);
    await transfer.getByRole('button', { name: 'Apply' }).click();

    // The bar appears beside the import with counts of the folder's size.
    const bar = page.getByRole('progressbar', { name: 'Indexing progress' });
    await expect(bar).toBeVisible({ timeout: 60_000 });

    // The window stays responsive: on the Search view (whose status bar shows the same bar) a
    // search over what is indexed answers while the import runs.
    const nav = page.getByRole('navigation', { name: 'Views' });
    await nav.getByRole('link', { name: 'Search' }).click();
    await expect.poll(async () => (await seen()).values.length, { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
    await search(page, 'refund');
    await expect(results(page).first()).toBeVisible();
    const stillBusy = await bar.isVisible();

    // It ends Ready, and the imported articles are found.
    await expect(page.getByTestId('status-summary')).toContainText('Ready', { timeout: 180_000 });
    await expect(bar).toHaveCount(0);
    await search(page, 'qx2999zz');
    await expect(results(page).filter({ hasText: 'Bulk password note 2999' })).toHaveCount(1);
    // The bar moved through several values, with counts of the folder's size.
    const got = await seen();
    expect(new Set(got.values).size, `values seen: ${got.values.slice(0, 10)}`).toBeGreaterThanOrEqual(3);
    expect(got.counts.some((c) => /^\d+% · [\d,]+ of 12,0\d\d$/.test(c)), `counts seen: ${got.counts.slice(0, 5)}`).toBe(true);
    // The search above must have run during the import for this test to prove anything.
    expect(stillBusy, 'the mid-import search ran while the bar was still shown').toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
