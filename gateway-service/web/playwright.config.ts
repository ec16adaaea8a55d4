import { defineConfig } from '@playwright/test';

// End-to-end tests of the web client in Debian's Chromium against a running system (./run): BASE_URL picks it
// (default http://localhost:8080), CHROME_PATH the browser (default /usr/bin/chromium). Playwright never
// downloads a browser here. StackEndToEndIT runs this suite against the stack it starts.
export default defineConfig({
  testDir: './e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../target/e2e-results',
  use: {
    baseURL: process.env.BASE_URL ?? 'http://localhost:8080',
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      // the closed network of CI machines: no background connections, no QUIC; root needs --no-sandbox
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
