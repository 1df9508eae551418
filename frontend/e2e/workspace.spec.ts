import { test, expect, seriousViolations } from './fixtures';
import { startFakeLLM, type FakeLLM } from './fake-llm';

let llm: FakeLLM;
test.beforeAll(async () => {
  llm = await startFakeLLM();
});
test.afterAll(async () => {
  await llm?.close();
});

test('workspace: suggest with a fake OpenAI-compatible server, insert, edit, mark sent, check the ledger', async ({ app: page, request }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const nav = page.getByRole('navigation', { name: 'Views' });

  // Settings: OpenAI-compatible provider pointing at the fake server.
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).not.toHaveValue('');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('supervisor');
  await page.getByRole('radio', { name: /OpenAI-compatible/ }).check();
  await page.getByRole('textbox', { name: 'Base URL' }).fill(llm.url);
  await page.getByRole('textbox', { name: 'Model', exact: true }).fill('fake');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/Connected: fake answered/)).toBeVisible();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  // A new request.
  await page.keyboard.press('Control+2');
  await expect(page).toHaveURL(/#\/requests/);
  await page.getByRole('button', { name: '+ New request' }).first().click();
  await page.getByLabel('Customer name').fill('Ana Lima');
  await page.getByLabel('Contact (e-mail or phone)').fill('ana@example.org');
  await page.getByLabel('Subject').fill('Refund for a cancelled appointment');
  await page.getByLabel('First customer message').fill('I cancelled two days ahead but was charged the deposit, can I get a refund?');
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Refund for a cancelled appointment' })).toBeVisible();
  await expect(page).toHaveURL(/#\/requests\/req-/);

  // Related knowledge spans several departments, each with its owner.
  const groups = page.getByTestId('related-group');
  await expect(groups.first()).toBeVisible();
  expect(await groups.count()).toBeGreaterThanOrEqual(2);
  await expect(groups.first()).toContainText('Owner:');

  // Suggest: two options from the fake model, with citations.
  await page.getByRole('button', { name: /Suggest options/ }).click();
  const options = page.getByTestId('option');
  await expect(options).toHaveCount(2);
  await expect(options.first()).toContainText('Drafted by fake');
  await expect(options.first()).toContainText('Explain the refund rules');
  expect(llm.requests.some((r) => r.stream && r.passageIds.length > 0)).toBe(true);
  const cite = options.first().getByRole('list', { name: 'Citations' }).getByRole('button').first();
  await expect(cite).toHaveText(/^\[1\] .+ v\d+$/);

  // The citation opens the article version with the passage highlighted.
  await cite.click();
  const drawer = page.getByTestId('article-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.locator('.cited').first()).toBeVisible();
  await expect(drawer.locator('.cited').first()).toBeInViewport();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-workspace-citation.png' });
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // Insert option 1, then edit it.
  await options.first().getByRole('button', { name: 'Insert' }).click();
  const editor = page.getByRole('textbox', { name: 'Your reply' });
  const inserted = await editor.inputValue();
  expect(inserted.length).toBeGreaterThan(20);
  const edited = `Hello Ana,\n\n${inserted}\n\nKind regards,\nThe clinic team`;
  await editor.fill(edited);
  await expect(page.getByText(/characters ·/)).toContainText(`${edited.length} characters`);
  await expect(page.locator('.check')).toBeVisible();

  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-workspace.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-workspace-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // Copy & mark sent: clipboard holds the edited text, the conversation shows it.
  await page.getByRole('button', { name: /Copy & mark sent/ }).click();
  await expect(page.getByText(/Copied\. Paste it/)).toBeVisible();
  const clip = await (await request.get('/__harness/clipboard')).json();
  expect(clip).toBe(edited);
  const conv = page.getByRole('list', { name: 'Conversation' });
  await expect(conv.locator('.msg.agent')).toHaveCount(1);
  await expect(conv.locator('.msg.agent')).toContainText('Kind regards');
  await expect(editor).toHaveValue('');

  // The ledger shows the set with its events.
  await nav.getByRole('link', { name: 'Ledger' }).click();
  const set = page.getByTestId('ledger-set').first();
  await expect(set).toContainText('openai');
  await expect(set).toContainText('fake');
  await set.getByRole('button').click();
  const events = page.getByTestId('ledger-events');
  for (const t of ['shown', 'inserted', 'edited', 'sent']) await expect(events).toContainText(t);
  await expect(page.getByRole('table').nth(1)).toContainText(/\d/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-ledger.png' });

  // Ctrl+K still focuses search from anywhere, switching to the Search view.
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('combobox', { name: 'Search all departments' })).toBeFocused();
  await expect(page).toHaveURL(/#\/search/);
});
