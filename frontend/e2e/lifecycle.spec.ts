import { readFileSync } from 'node:fs';
import { test, expect, seriousViolations } from './fixtures';

// A request from new to resolved, against the real back end: status changes,
// a note, a reply whose promise becomes a confirmed follow-up reminder, a next
// step, and a progress update copied and exported — all on the timeline.
test('lifecycle: new → in progress → resolved with a note, a follow-up from a promise and a progress update', async ({ app: page, request }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const nav = page.getByRole('navigation', { name: 'Views' });

  await nav.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('button', { name: '+ New request' }).first().click();
  await page.getByLabel('Customer name').fill('Marta Silva');
  await page.getByLabel('Contact (e-mail or phone)').fill('marta@example.org');
  await page.getByLabel('Subject').fill('Deposit not refunded after cancelling');
  await page.getByLabel('First customer message').fill('I cancelled my appointment a week ahead and still have not got the deposit back.');
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Deposit not refunded after cancelling' })).toBeVisible();

  const status = page.getByRole('combobox', { name: 'Status', exact: true });
  await expect(status).toHaveValue('new');
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline.locator('[data-kind=message]')).toContainText('Marta Silva wrote');

  // In progress: the change is on the timeline.
  await status.selectOption('in-progress');
  await expect(timeline.locator('[data-kind=status]').last()).toContainText('New → In progress');

  // A note.
  await page.getByRole('radio', { name: 'Internal note' }).check();
  await page.getByRole('textbox', { name: 'Internal note' }).fill('Billing confirmed the deposit is refundable; they need the booking number.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(timeline.locator('[data-kind=note]')).toContainText('Billing confirmed the deposit is refundable');

  // A next step with a due date.
  await page.getByRole('button', { name: 'Set next step' }).click();
  await page.getByLabel('What happens next').fill('Billing refunds the deposit');
  await page.getByLabel('Due', { exact: true }).fill('2031-06-06T10:00');
  await page.getByRole('button', { name: 'Save next step' }).click();
  await expect(page.getByTestId('next-step')).toHaveText('Billing refunds the deposit');
  await expect(timeline.locator('[data-kind=next-step]')).toContainText('Billing refunds the deposit');

  // A reply with a promise, marked sent: the promise is proposed as a reminder, confirmed.
  const reply = 'Hello Marta,\n\nThe deposit is refundable. I will call you on Friday to confirm the refund.\n\nKind regards';
  await page.getByRole('textbox', { name: 'Your reply' }).fill(reply);
  await page.getByRole('button', { name: /Copy & mark sent/ }).click();
  await expect(page.getByText(/Copied\. Paste it/)).toBeVisible();
  const proposals = page.getByTestId('proposals');
  await expect(proposals).toContainText('I will call you on Friday');
  await expect(page.getByRole('tab', { name: /Follow-ups/ })).toHaveAttribute('aria-selected', 'true');
  expect(await seriousViolations(page)).toEqual([]);
  await proposals.getByRole('button', { name: 'Set reminder' }).click();
  await expect(proposals).toBeHidden();
  const reminders = page.getByRole('list', { name: 'Reminders for this request' }).getByTestId('reminder');
  await expect(reminders).toHaveCount(1);
  await expect(reminders.first()).toContainText('promised to the customer');

  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(timeline.locator('[data-kind=message]').last()).toContainText('I will call you on Friday');
  await expect(timeline.locator('[data-kind=reminder-set]')).toContainText('Reminder set for');

  // Progress update: generated from the timeline, edited, copied, exported.
  await page.getByRole('button', { name: 'Progress update' }).click();
  const dialog = page.getByTestId('progress-dialog');
  const text = dialog.getByRole('textbox', { name: 'Progress update (Markdown)' });
  await expect(text).not.toHaveValue('');
  const generated = await text.inputValue();
  expect(generated).toMatch(/Billing refunds the deposit/);
  const edited = `${generated}\n\nP.S. Thank you for your patience, Marta.`;
  await text.fill(edited);
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Copy to clipboard' }).click();
  await expect(dialog.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await (await request.get('/__harness/clipboard')).json()).toBe(edited);
  // Export as HTML into the folder picked (the harness stands in for the native dialog with a new folder).
  await dialog.getByRole('button', { name: 'Export HTML…' }).click();
  const saved = dialog.getByText(/^Saved \//);
  await expect(saved).toBeVisible();
  const path = (await saved.textContent())!.replace(/^Saved /, '').trim();
  expect(path).toMatch(/\.html$/);
  const html = readFileSync(path, 'utf8');
  expect(html).toContain('Thank you for your patience, Marta.');
  expect(html).not.toMatch(/<script/i);
  // Copy & mark sent: the update joins the conversation and the timeline.
  await dialog.getByRole('button', { name: 'Copy & mark sent' }).click();
  await expect(dialog.getByText('Copied, and added to the conversation as your reply.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(timeline.locator('[data-kind=progress-update]')).toBeVisible();

  // Resolved.
  await status.selectOption('resolved');
  await expect(timeline.locator('[data-kind=status]').last()).toContainText('In progress → Resolved');
  await expect(page.getByRole('region', { name: 'Requests' }).getByRole('button', { name: /Deposit not refunded/ }).getByTestId('request-status')).toHaveText('Resolved');
  await page.screenshot({ path: 'test-results/concierge-lifecycle-timeline.png' });

  // The follow-up waits in the Follow-ups view; its link leads back to the request.
  await nav.getByRole('link', { name: /Follow-ups/ }).click();
  const coming = page.getByRole('list', { name: 'Upcoming reminders' }).getByTestId('reminder');
  await expect(coming.filter({ hasText: 'I will call you on Friday' })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await coming.filter({ hasText: 'I will call you on Friday' }).getByRole('button', { name: 'Deposit not refunded after cancelling' }).click();
  await expect(page.getByRole('heading', { name: 'Deposit not refunded after cancelling' })).toBeVisible();
});

test('follow-ups: a reminder falling due raises a notice and the nav badge; alert thresholds are saved in Settings', async ({ page, problems }) => {
  test.setTimeout(150_000);
  // The browser's clock is controlled: the reminder is set two minutes ahead
  // (the back end refuses past times), then the clock jumps past it.
  const start = new Date();
  await page.clock.install({ time: start });
  await page.goto('/');
  await expect(page.getByTestId('status-summary')).toContainText('Ready', { timeout: 120_000 });
  const nav = page.getByRole('navigation', { name: 'Views' });
  await page.evaluate(() =>
    window.go.app.RequestService.Create({
      id: '', version: 0, subject: 'Lost parking ticket', channel: 'phone', status: 'new',
      customer: { name: 'Ivo Petrov', contact: '+359 88 000 1111' }, messages: [{ author: 'customer', text: 'I lost my parking ticket.' }],
    }),
  );
  await nav.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('region', { name: 'Requests' }).getByRole('button', { name: /Lost parking ticket/ }).click();
  await page.getByRole('tab', { name: 'Follow-ups' }).click();
  await page.getByLabel('Remind me to').fill('Check the ticket office found it');
  const at = new Date(start.getTime() + 2 * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await page.getByLabel('At', { exact: true }).fill(`${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`);
  await page.getByRole('button', { name: 'Add reminder' }).click();
  const mine = page.getByRole('list', { name: 'Reminders for this request' }).getByTestId('reminder');
  await expect(mine).toContainText('Check the ticket office found it');
  await expect(page.getByTestId('followups-badge')).toHaveCount(0);

  await page.clock.fastForward('03:00');
  const toast = page.getByTestId('reminder-toast').filter({ hasText: 'Check the ticket office found it' });
  await expect(toast).toBeVisible();
  await expect(page.getByTestId('followups-badge')).toHaveText(/1/);
  expect(await seriousViolations(page)).toEqual([]);
  await toast.getByRole('button', { name: 'Snooze 1 hour' }).click();
  await expect(toast).toBeHidden();
  await expect(page.getByTestId('followups-badge')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' }).locator('[data-kind=reminder-snoozed]')).toBeVisible();

  await page.clock.fastForward('01:02:00');
  await expect(page.getByTestId('followups-badge')).toHaveText(/1/);
  await nav.getByRole('link', { name: /Follow-ups/ }).click();
  const due = page.getByRole('list', { name: 'Reminders due now' }).getByTestId('reminder');
  await expect(due.filter({ hasText: 'Check the ticket office' })).toHaveCount(1);
  await due.filter({ hasText: 'Check the ticket office' }).getByRole('button', { name: /Complete reminder/ }).click();
  await expect(due.filter({ hasText: 'Check the ticket office' })).toHaveCount(0);
  await expect(page.getByTestId('followups-badge')).toHaveCount(0);

  // Alert thresholds.
  await nav.getByRole('link', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Follow-up alerts' });
  await form.getByLabel('No update for (hours)').fill('0');
  await form.getByRole('button', { name: 'Save alert thresholds' }).click();
  await expect(form.getByRole('alert')).toContainText('at least 1 hour');
  await form.getByLabel('No update for (hours)').fill('12');
  await form.getByRole('button', { name: 'Save alert thresholds' }).click();
  await expect(form.getByText('Alert thresholds saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('form', { name: 'Follow-up alerts' }).getByLabel('No update for (hours)')).toHaveValue('12');
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
