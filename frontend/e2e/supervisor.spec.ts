import { readFileSync } from 'node:fs';
import { test, expect, seriousViolations } from './fixtures';

// The supervisor review against the real back end: suggestion sets are
// recorded through the bound services (as the workspace records them),
// then a supervisor filters, opens a set, sees the diff and the cited
// passages, checks the ledger and exports the filtered view.
test('supervisor: filter, open the detail, export the filtered view', async ({ app: page }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const seeded = await page.evaluate(async () => {
    const go = (window as unknown as { go: { app: Record<string, Record<string, (...a: unknown[]) => Promise<any>>> } }).go.app;
    await go.SettingsService.Save({ provider: 'none' }, { name: 'Sue', role: 'supervisor' });
    const out: { setId: string; subject: string }[] = [];
    for (const [i, subject] of ['Refund for a cancelled visit', 'Change my appointment time', 'Invoice address is wrong'].entries()) {
      const req = await go.RequestService.Create({ subject, channel: 'email', messages: [{ author: 'customer', text: `Hello, ${subject.toLowerCase()}, please.` }] });
      const sug = await go.AssistService.Suggest(req.id, false);
      const reply: string = sug.suggestion.options[0].reply;
      // Sent as is, sent after an edit, discarded.
      if (i === 0) await go.AssistService.MarkSent({ requestId: req.id, setId: sug.setId, optionIndex: 0, finalText: reply, via: 'clipboard' });
      if (i === 1)
        await go.AssistService.MarkSent({ requestId: req.id, setId: sug.setId, optionIndex: 0, finalText: `Dear customer,\n\n${reply}\n\nKind regards, Sue`, via: 'clipboard' });
      if (i === 2) await go.AssistService.Record({ setId: sug.setId, type: 'discarded', optionIndex: -1, reason: 'wrong-facts' });
      out.push({ setId: sug.setId, subject });
    }
    return out;
  });
  expect(seeded).toHaveLength(3);

  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Ledger' }).click();
  await expect(page.getByRole('heading', { name: 'Supervisor review' })).toBeVisible();
  await expect(page.getByTestId('chain-status')).toContainText('Ledger intact');
  await expect(page.getByTestId('review-row')).toHaveCount(3);
  // Subjects and article titles, not raw ids.
  await expect(page.getByTestId('review-row').first()).not.toContainText('req-');

  // Filter: only the edited one.
  const filters = page.getByTestId('review-filters');
  await filters.getByRole('combobox', { name: 'Outcome' }).selectOption('edited');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('review-row')).toHaveCount(1);
  const row = page.getByTestId('review-row').first();
  await expect(row).toContainText('Change my appointment time');
  await expect(row).toContainText('Edited, then sent');

  // Detail: request excerpt, options, the diff, the cited passages as they read.
  await row.getByRole('button', { name: 'Change my appointment time' }).click();
  const detail = page.getByTestId('review-detail');
  await expect(detail.getByRole('heading', { name: 'Change my appointment time' })).toBeVisible();
  await expect(detail).toContainText('change my appointment time, please');
  await expect(page.getByTestId('review-diff').locator('ins').first()).toContainText('Dear customer');
  await expect(page.getByTestId('review-passage').first()).toContainText('version');
  expect(await seriousViolations(page)).toEqual([]);

  // Export the filtered view: the harness's save dialog picks a file.
  await page.getByRole('button', { name: 'CSV' }).click();
  const done = page.getByTestId('export-done');
  await expect(done).toContainText(/Exported \d+ events to /);
  const path = ((await done.textContent()) ?? '').replace(/^.* to /, '').trim();
  const csv = readFileSync(path, 'utf8');
  expect(csv.split('\n')[0]).toBe('eventId,at,setId,requestId,setAt,agent,provider,model,type,optionIndex,editDistance,reason,comment,finalText,chainHash');
  // Only the filtered (edited) set's events; the sent text spans lines, quoted.
  expect(csv).toContain(seeded[1].setId);
  expect(csv).not.toContain(seeded[0].setId);
  expect(csv).not.toContain(seeded[2].setId);
  expect(csv).toContain(',edited,');
  expect(csv).toContain('"Dear customer,');

  // The dashboard of the whole period draws its charts.
  await filters.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  const dash = page.getByTestId('review-dashboard');
  await expect(dash).toContainText('suggestion sets');
  await expect(dash.locator('canvas').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/concierge-supervisor.png', fullPage: true });
});
