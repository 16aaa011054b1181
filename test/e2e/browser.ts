import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, installed by the project's set-up (`.ci/run`); playwright cannot download one here. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}

/** One Chromium for a `describe`, launched before its tests and closed after them. */
export function useChromium(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(60_000);
    browser = await launchChromium();
  });
  after(async () => { await browser?.close(); });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not running yet');
      return browser;
    },
  };
}
