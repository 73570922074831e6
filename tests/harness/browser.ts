import { Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core: no browser download. The flags keep it from
 * reaching for the network, which this machine does not have.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
