// Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own).
// Playwright gives it a fresh temporary profile; HOME, TMPDIR and XDG point into the run's folder.

import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { sandboxEnv } from './codeServer.js';

export const CHROMIUM = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';

export async function launchChromium(dir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (Debian package chromium; test/e2e/provision.sh installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    env: sandboxEnv(dir),
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
