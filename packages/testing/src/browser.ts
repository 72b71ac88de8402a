import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { repoRoot } from './stack';

/**
 * Debian's Chromium (installed by infra/setup.sh) driven by playwright-core.
 * The path is always given: without it playwright looks for a browser it
 * downloaded itself, which never happens here. --no-sandbox because CI runs
 * as root; /dev/shm may be small in containers.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** Where browser tests save screenshots (ignored by git; kept after the run for people and CI to look at). */
export function screenshotPath(name: string): string {
  const dir = path.join(repoRoot, 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
