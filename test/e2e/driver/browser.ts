// Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own).
// Playwright gives it a fresh temporary profile; HOME, TMPDIR and XDG point into the run's folder.

import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sandboxEnv } from './codeServer.js';

/** E2E_CHROMIUM, or `chromium` on PATH (the Debian package's launcher). */
function findChromium(): string | undefined {
  const explicit = process.env['E2E_CHROMIUM'];
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'chromium'))
    .find((file) => existsSync(file));
}

export async function launchChromium(dir: string): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(
      'Chromium not found (E2E_CHROMIUM, or `chromium` on PATH: Debian package chromium; test/e2e/provision.sh installs it)',
    );
  return chromium.launch({
    executablePath,
    env: sandboxEnv(dir),
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
