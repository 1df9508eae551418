import { defineConfig, devices } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end tests run the built frontend against the REAL Go back end via
// the test harness (app/harness, build tag "harness"), which serves
// frontend/dist, injects a window.go / window.runtime shim and imports the
// bundled sample knowledge base on start.
const port = Number(process.env.E2E_PORT ?? 43917);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? join(tmpdir(), `concierge-e2e-${port}`);
// Build first unless told not to (E2E_SKIP_BUILD=1 reuses frontend/dist).
const build = process.env.E2E_SKIP_BUILD ? '' : 'npm --prefix frontend run build --silent && ';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/artifacts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'chromium-light', use: { ...devices['Desktop Chrome'], viewport: { width: 1400, height: 900 }, colorScheme: 'light' } },
  ],
  webServer: {
    command: `${build}rm -rf '${dataDir}' && mkdir -p '${dataDir}' && go run -tags harness ./app/harness -addr 127.0.0.1:${port} -data-dir '${dataDir}' -dist frontend/dist`,
    cwd: '..',
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
