// What a participant does on the pages, with the mouse (the keyboard-only
// test does it with keys instead).
import assert from 'node:assert/strict';
import { open } from './browser.mjs';

/** The page's `h1`. */
export async function heading(page) {
  return (await page.locator('h1').innerText()).trim();
}

/**
 * Fills the registration form on the current event page and submits it.
 * `mode` is `online` or `in_person` (hybrid events); single-choice questions
 * get their first option; the answer page is expected with `status`.
 */
export async function fillAndSubmit(page, { name, email, organisation = '', mode = 'online', consent = true }, status = 200) {
  await page.locator('#reg-name').fill(name);
  await page.locator('#reg-email').fill(email);
  if (organisation) await page.locator('#reg-organisation').fill(organisation);
  if (mode) await page.locator(`#reg-mode-${mode}`).check();
  // The event's single-choice questions: the first option of each.
  for (const group of await page.locator('fieldset').all()) {
    const options = group.locator('input[type="radio"]:not([name="mode"])');
    if ((await options.count()) > 0) await options.first().check();
  }
  if (consent) await page.locator('#reg-consent').check();
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.locator('form[action*="/register?"] button[type="submit"]').click(),
  ]);
  assert.equal(response?.status(), status, `registering ${email} answered ${response?.status()}`);
  return response;
}

/** Opens the event page and registers through its form. */
export async function register(page, event, person, status = 200) {
  await open(page, event.path);
  return fillAndSubmit(page, person, status);
}

/**
 * Submits the event page's form as it is (empty): it comes back with an
 * error for each required field, and for the `more` error ids given.
 */
export async function submitEmpty(page, more = []) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.locator('form[action*="/register?"] button[type="submit"]').click(),
  ]);
  assert.equal(response?.status(), 422, 'an empty form is answered 422');
  // Every problem at once, each next to its field.
  for (const id of ['reg-name-error', 'reg-email-error', 'reg-mode-error', 'reg-consent-error', ...more]) {
    assert.equal(await page.locator(`#${id}`).count(), 1, `the empty form shows #${id}`);
  }
  assert.equal(await page.getAttribute('#reg-name', 'aria-invalid'), 'true');
}

/** The seats-left figures of the event page: `{ label: text }`. */
export async function seatsOnPage(page) {
  return page.evaluate(() => {
    const rows = {};
    for (const dt of document.querySelectorAll('#seats dt')) {
      rows[dt.textContent.trim()] = dt.nextElementSibling.textContent.trim();
    }
    return rows;
  });
}
