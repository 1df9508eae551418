import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOwnHarness, type OwnHarness } from './own-harness';

// Settings → Team database and team mode end to end, on a real PostgreSQL
// server this spec starts itself with build/scripts/pg.sh (which installs
// PostgreSQL when missing, so the spec never skips) and a second harness
// whose session works on that server (CONCIERGE_DATABASE_URL). Password
// sign-in is switched on for everyone but the owner "postgres", so a wrong
// password is refused as on a real server. The last test stops the server.

const repo = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const port = Number(process.env.E2E_PORT ?? 43917) + 1;
const base = `http://127.0.0.1:${port}`;
const person = `ana_e2e_${process.pid}`;
const password = 'correct horse battery';

let pgDir = '';
let url = '';
let pgPort = '';
let team: OwnHarness | undefined;

function psql(sql: string): string {
  return execFileSync('psql', [url, '-XAtqc', sql], { encoding: 'utf8' });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  pgDir = mkdtempSync(join(tmpdir(), 'concierge-e2e-pg-'));
  url = execFileSync(join(repo, 'build/scripts/pg.sh'), ['start', pgDir], { encoding: 'utf8' }).trim();
  pgPort = new URL(url).port;
  // Password sign-in for people; the owner keeps trust on loopback.
  const hba = join(pgDir, 'data', 'pg_hba.conf');
  writeFileSync(hba, `host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n` + readFileSync(hba, 'utf8'));
  psql('SELECT pg_reload_conf()');

  team = await startOwnHarness(port, { CONCIERGE_DATABASE_URL: url }, 'team');
  // The harness migrated the schema as its owner; now a supervisor who signs in with a password.
  psql(`CREATE ROLE ${person} LOGIN PASSWORD '${password}' IN ROLE concierge_supervisor`);
});

test.afterAll(() => {
  team?.stop();
  if (pgDir) execFileSync(join(repo, 'build/scripts/pg.sh'), ['stop', pgDir]);
});

async function teamSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  const card = page.getByRole('group', { name: 'Team database' });
  await expect(card).toBeVisible();
  return card;
}

test('test connection: a wrong password gets the clear message, the right one the server, person and role', async ({ page }) => {
  await page.goto(base + '/');
  const card = await teamSettings(page);
  await card.getByRole('textbox', { name: 'Address' }).fill(`postgres://${person}@127.0.0.1:${pgPort}/postgres?sslmode=disable`);
  await card.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
  await card.getByRole('button', { name: 'Test connection' }).click();
  const result = card.getByTestId('team-test');
  await expect(result).toContainText('✗', { timeout: 20_000 });
  await expect(result).toContainText(/refused the sign-in.*user name.*password/i);

  await card.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('✓', { timeout: 20_000 });
  await expect(result).toContainText(/PostgreSQL 1\d/);
  await expect(result).toContainText(`${person} · supervisor`);
});

test('this session is online on the team database and finds what another connection publishes', async ({ page }) => {
  await page.goto(base + '/');
  const card = await teamSettings(page);
  await expect(card.getByTestId('team-status')).toContainText(/^\s*Online/);
  await expect(card.getByTestId('team-status')).toContainText('Signed in as postgres');

  // Another desktop publishes (here: another connection, straight into the team database).
  const id = `e2e-published-${Date.now()}`;
  psql(`INSERT INTO articles (id, title, body, language, audience, status, updated_at, version, content_hash)
    VALUES ('${id}', 'Zephyrine loyalty voucher', 'Zephyrine vouchers are honoured at every branch until the end of the year.',
      'en', 'internal', 'published', now(), 1, 'e2e')`);
  await page.keyboard.press('Control+1');
  const box = page.getByRole('combobox', { name: 'Search all departments' });
  await expect(async () => {
    await box.fill('');
    await box.fill('zephyrine voucher');
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').filter({ hasText: 'Zephyrine loyalty voucher' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
});

test('a desktop on its own knowledge base switches to the team database without a restart, and back', async ({ page }) => {
  test.setTimeout(300_000);
  const local = await startOwnHarness(port + 2, {}, 'switch');
  try {
    await page.goto(local.base + '/');
    let card = await teamSettings(page);
    await expect(card.getByTestId('team-status')).toContainText('knowledge base on this computer');
    await card.getByRole('textbox', { name: 'Address' }).fill(`postgres://postgres@127.0.0.1:${pgPort}/postgres?sslmode=disable`);
    await card.getByRole('button', { name: 'Use this database' }).click();
    // The window reloads on store:switched and stays in Settings, now on the team database.
    card = page.getByRole('group', { name: 'Team database' });
    await expect(card.getByTestId('team-status')).toContainText(/^\s*Online/, { timeout: 60_000 });
    await expect(card.getByTestId('team-status')).toContainText('Signed in as postgres');
    await expect(card.getByTestId('team-restart')).toHaveCount(0);
    const box = page.getByRole('combobox', { name: 'Search all departments' });
    const voucher = () => page.getByRole('listbox', { name: 'Search results' }).getByRole('option').filter({ hasText: 'Zephyrine loyalty voucher' });
    await page.keyboard.press('Control+1');
    await expect(async () => {
      await box.fill('');
      await box.fill('zephyrine voucher');
      await expect(voucher()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });

    // And back to this computer's knowledge base (the sample), again at once.
    card = await teamSettings(page);
    await card.getByRole('button', { name: "Use this computer's database" }).click();
    await expect(card.getByTestId('team-status')).toContainText('knowledge base on this computer', { timeout: 60_000 });
    await page.keyboard.press('Control+1');
    await expect(async () => {
      await box.fill('');
      await box.fill('charged twice');
      await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible({ timeout: 2_000 });
      await box.fill('zephyrine voucher');
      await expect(voucher()).toHaveCount(0, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
  } finally {
    local.stop();
  }
});

test('offline: every view says so and a write is refused with a clear message', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(base + '/');
  await page.keyboard.press('Control+2');
  await expect(page).toHaveURL(/#\/requests/);
  const line = page.getByTestId('connection-line');
  await expect(line).toHaveCount(0);

  execFileSync(join(pgDirBin(), 'pg_ctl'), ['-D', join(pgDir, 'data'), '-m', 'immediate', '-w', 'stop'], { uid: ownerUid(), stdio: 'ignore' });

  await expect(line).toBeVisible({ timeout: 30_000 });
  await expect(line).toContainText(/Offline — showing knowledge as of \d\d:\d\d/);
  for (const [key, hash] of [['Control+1', /#\/(search)?$/], ['Control+2', /#\/requests/]] as const) {
    await page.keyboard.press(key);
    await expect(page).toHaveURL(hash);
    await expect(line).toBeVisible();
  }
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  await expect(line).toBeVisible();
  await expect(page.getByTestId('team-status')).toContainText(/^\s*Offline — showing knowledge as of \d\d:\d\d/);

  // A new request is refused, saying why and what to do; nothing is lost from the form.
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: '+ New request' }).first().click();
  await page.getByLabel('Customer name').fill('Ada Offline');
  await page.getByLabel('Contact (e-mail or phone)').fill('ada@example.org');
  await page.getByLabel('Subject').fill('Charged twice while offline');
  await page.getByLabel('First customer message').fill('I was charged twice.');
  await page.getByRole('button', { name: 'Create request' }).click();
  // The refusal of this write (not the list's failure to load beside it).
  await expect(page.getByRole('alert').filter({ hasText: /save request .*the team database cannot be reached/i })).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: 'test-results/team-offline-request.png' });
  await expect(page.getByLabel('Subject')).toHaveValue('Charged twice while offline');

  // The knowledge view says so too.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Knowledge' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge', level: 1 })).toBeVisible();
  await expect(line).toBeVisible();
});

function pgDirBin(): string {
  return execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | tail -1'], { encoding: 'utf8' }).trim();
}

/** The data directory's owner (postgres when the tests run as root): pg_ctl refuses root. */
function ownerUid(): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return Number(execFileSync('stat', ['-c', '%u', join(pgDir, 'data')], { encoding: 'utf8' }).trim());
}
