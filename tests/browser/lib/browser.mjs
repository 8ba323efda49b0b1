// Chromium from Debian, driven by playwright-core. Playwright's own browser
// builds are never downloaded; the flags keep Chromium off the network
// (which is closed here) and away from anything but the page under test.
import { chromium } from 'playwright-core';
import { baseUrl, chromiumPath } from './env.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The `Accept-Language` a page in each language is asked for with. */
export const LOCALES = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };

/**
 * Starts Chromium. Playwright gives every launch a fresh, temporary
 * user-data-dir, so no profile carries over between runs.
 */
export function launch() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
}

/**
 * A new page in a context of its own (own cookies) that asks for `lang`;
 * `viewport` and `deviceScaleFactor` as Playwright takes them.
 */
export async function newPage(browser, { lang = 'sv', viewport = { width: 1280, height: 900 }, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    locale: LOCALES[lang],
    viewport,
    deviceScaleFactor,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  // Whatever the Content-Security-Policy blocks counts as an error too:
  // the pages must need nothing it forbids.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && msg.text().includes('Content Security Policy')) {
      errors.push(new Error(msg.text()));
    }
  });
  page.pageErrors = errors;
  return page;
}

/** Goes to `path` and checks the HTTP status. */
export async function open(page, path, status = 200) {
  const response = await page.goto(path);
  if (!response) throw new Error(`no response for ${path}`);
  if (response.status() !== status) {
    throw new Error(`${path} answered ${response.status()}, expected ${status}`);
  }
  return response;
}
