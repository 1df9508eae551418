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
  await page.getByRole('group', { name: 'Suggestions' }).getByRole('radio', { name: /OpenAI-compatible/ }).check();
  await page.getByRole('group', { name: 'Suggestions' }).getByRole('textbox', { name: 'Base URL' }).fill(llm.url);
  await page.getByRole('group', { name: 'Suggestions' }).getByRole('textbox', { name: 'Model', exact: true }).fill('fake');
  await page.getByRole('group', { name: 'Suggestions' }).getByRole('button', { name: 'Test connection' }).click();
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
  // Focus moves to the first option, so the keyboard goes on from there.
  await expect(options.first().getByRole('button', { name: 'Insert' })).toBeFocused();
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
  await expect(editor).toBeFocused();
  const inserted = await editor.inputValue();
  expect(inserted.length).toBeGreaterThan(20);
  // The option's placeholders keep sending disabled until the agent fills them.
  await expect(page.getByTestId('unfilled-gaps')).toContainText('[date]');
  await expect(page.getByRole('button', { name: /Copy & mark sent/ })).toBeDisabled();
  const filled = inserted.replaceAll('$X', '$40').replaceAll('[date]', '12 November');
  const edited = `Hello Ana,\n\n${filled}\n\nKind regards,\nThe clinic team`;
  await editor.fill(edited);
  await expect(page.getByText(/characters ·/)).toContainText(`${edited.length} characters`);
  await expect(page.locator('.check')).toBeVisible();
  await expect(page.getByTestId('unfilled-gaps')).toHaveCount(0);

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
  await page.getByRole('tab', { name: 'Conversation' }).click();
  const conv = page.getByRole('list', { name: 'Conversation' });
  await expect(conv.locator('.msg.agent')).toHaveCount(1);
  await expect(conv.locator('.msg.agent')).toContainText('Kind regards');
  await expect(editor).toHaveValue('');

  // The supervisor review shows the set: edited, with the diff and its events.
  await nav.getByRole('link', { name: 'Ledger' }).click();
  const row = page.getByTestId('review-row').first();
  await expect(row).toContainText('openai');
  await expect(row).toContainText('fake');
  await expect(row).toContainText('Edited, then sent');
  await row.getByRole('button').first().click();
  const detail = page.getByTestId('review-detail');
  for (const t of ['shown', 'inserted', 'edited', 'sent']) await expect(detail).toContainText(t);
  await expect(page.getByTestId('review-diff').locator('ins').first()).toBeVisible();
  await expect(page.getByTestId('chain-status')).toContainText('Ledger intact');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-ledger.png' });

  // Ctrl+K still focuses search from anywhere, switching to the Search view.
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('combobox', { name: 'Search all departments' })).toBeFocused();
  await expect(page).toHaveURL(/#\/search/);
});

test('workspace: a refused API key is explained inline, and options can be discarded with a reason', async ({ app: page }) => {
  const bad = await startFakeLLM({ failWith: 401 });
  try {
    await page.goto('/#/settings');
    await page.getByRole('group', { name: 'Suggestions' }).getByRole('radio', { name: /OpenAI-compatible/ }).check();
    await page.getByRole('group', { name: 'Suggestions' }).getByRole('textbox', { name: 'Base URL' }).fill(bad.url);
    await page.getByRole('group', { name: 'Suggestions' }).getByRole('textbox', { name: 'Model', exact: true }).fill('fake');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();

    // An earlier request from the same contact, straight through the binding.
    await page.evaluate(() =>
      window.go.app.RequestService.Create({
        id: '', version: 0, subject: 'Parking validation', channel: 'phone', status: 'resolved',
        customer: { name: 'Bo Chen', contact: 'bo@example.org' }, messages: [{ author: 'customer', text: 'Where do I validate parking?' }],
      }),
    );
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('button', { name: '+ New request' }).first().click();
    await page.getByLabel('Customer name').fill('Bo Chen');
    await page.getByLabel('Contact (e-mail or phone)').fill('bo@example.org');
    await page.getByLabel('Subject').fill('Charged twice for one visit');
    await page.getByLabel('First customer message').fill('My card was charged twice for the same appointment.');
    await page.getByRole('button', { name: 'Create request' }).click();
    // The same contact: the earlier request is remembered, with its outcome.
    await page.getByRole('tab', { name: 'Customer' }).click();
    const past = page.getByRole('list', { name: 'Past requests' });
    await expect(past.getByRole('button', { name: 'Parking validation', exact: true })).toBeVisible();
    await expect(past).toContainText('Resolved');

    // Status saves with the version; a change made elsewhere (another window, a colleague) shows up
    // without a reload through requests:changed, and saving afterwards builds on it. (A save that
    // races the event is refused as a conflict and explained inline: stores/workspace.test.ts.)
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.selectOption('waiting-on-customer');
    await expect(status).toBeEnabled();
    const id = decodeURIComponent(page.url().split('/').pop()!);
    await page.evaluate(async (rid) => {
      const svc = window.go.app.RequestService;
      await svc.Update({ ...(await svc.Get(rid)), status: 'waiting-on-internal' });
    }, id);
    await expect(status).toHaveValue('waiting-on-internal');
    await status.selectOption('resolved');
    await expect(status).toBeEnabled();
    await expect(page.getByRole('alert').filter({ hasText: /changed by someone else/ })).toHaveCount(0);
    await expect(status).toHaveValue('resolved');

    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'No options.' })).toContainText(/API key/i);

    // Without a model: extractive options, discarded with a reason.
    await page.goto('/#/settings');
    await page.getByRole('group', { name: 'Suggestions' }).getByRole('radio', { name: /^None/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    await page.goBack();
    await page.getByRole('button', { name: /Try again/ }).click();
    const first = page.getByTestId('option').first();
    await expect(first).toContainText('Quoted from the knowledge base');
    await first.getByRole('button', { name: /Discard/ }).click();
    await first.getByRole('combobox', { name: /Why discard/ }).selectOption('not-relevant');
    await first.getByRole('button', { name: 'Discard option' }).click();
    await expect(first).toContainText('Discarded — Not relevant.');

    // Rate an article from the related-knowledge panel.
    const group = page.getByTestId('related-group').first();
    await group.getByRole('button', { name: /^Rate/ }).first().click();
    await group.getByRole('radio', { name: 'Helpful' }).check();
    await group.getByRole('textbox', { name: 'Comment' }).fill('Answered it exactly');
    await group.getByRole('button', { name: 'Send rating' }).click();
    await expect(group.getByText('Rated helpful')).toBeVisible();
  } finally {
    await bad.close();
  }
});

test('workspace: a two-part request shows each question, says which one the knowledge base does not answer, and offers possibly related articles', async ({ app: page }) => {
  test.setTimeout(90_000);
  await page.goto('/#/settings');
  await page.getByRole('group', { name: 'Suggestions' }).getByRole('radio', { name: /^None/ }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  await page.goto('/#/requests');
  await page.getByRole('button', { name: '+ New request' }).first().click();
  await page.getByLabel('Customer name').fill('Bo Berg');
  await page.getByLabel('Contact (e-mail or phone)').fill('bo@example.org');
  await page.getByLabel('Subject').fill('Poodle and a double charge');
  await page.getByLabel('First customer message').fill('Do you offer grooming for my poodle? And I was charged twice for my appointment.');
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Poodle and a double charge' })).toBeVisible();

  await page.keyboard.press('Control+Enter');
  const qs = page.getByTestId('questions');
  await expect(qs).toContainText('asks 2 things — 1 not in the knowledge base');
  await expect(qs.getByRole('listitem').filter({ hasText: 'poodle' })).toContainText('not in the knowledge base');
  await expect(qs.getByRole('listitem').filter({ hasText: 'charged twice' })).toContainText('answered');
  const related = page.getByTestId('possibly-related');
  await expect(related.getByRole('button').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await qs.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/concierge-questions.png' });
  await related.getByRole('button').first().click();
  await expect(page.getByTestId('article-drawer')).toBeVisible();
});
