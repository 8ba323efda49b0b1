// Registering with the keyboard alone: Tab, Shift+Tab, arrow keys, Space,
// Enter and typing through `page.keyboard`, never a click. Every element that
// takes focus on the way shows it (an outline or a box shadow).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launch, newPage, open } from '../lib/browser.mjs';
import { hybridEvent, network, seats, unique } from '../lib/fixtures.mjs';
import { heading } from '../lib/pages.mjs';

let browser;
let event;

before(async () => {
  browser = await launch();
  event = await hybridEvent(await network(), { inPerson: 10, online: 10 });
});

after(async () => {
  await browser?.close();
});

/** What has focus, and whether it is shown. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { selector: 'body', visible: false, shown: 'nothing has focus' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const box = el.getBoundingClientRect();
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : '';
    return {
      selector: `${el.tagName.toLowerCase()}${id}${cls}`,
      id: el.id,
      inMain: Boolean(el.closest('main')),
      visible: outline || shadow,
      shown: `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow ${style.boxShadow}`,
      onScreen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0 &&
        box.top < window.innerHeight && box.left < window.innerWidth,
    };
  });
}

/** Presses `key` and checks the element that gets focus shows it. */
async function press(page, key) {
  await page.keyboard.press(key);
  const now = await focused(page);
  assert.ok(now.visible, `after ${key}, ${now.selector} has focus but does not show it (${now.shown})`);
  assert.ok(now.onScreen, `after ${key}, ${now.selector} has focus but is not on screen`);
  return now;
}

/** Tabs forward until `id` has focus (at most `max` presses); returns the path. */
async function tabUntil(page, id, max = 60) {
  const path = [];
  for (let i = 0; i < max; i += 1) {
    const now = await press(page, 'Tab');
    path.push(now.selector);
    if (now.id === id) return path;
  }
  assert.fail(`#${id} got no focus within ${max} Tabs: ${path.join(' → ')}`);
}

it('every focusable element of the event page shows its focus', async () => {
  const page = await newPage(browser);
  try {
    await open(page, event.path);
    const first = await press(page, 'Tab');
    assert.equal(first.selector, 'a.skip-link', 'the skip link comes first');
    // Round the page once: back to the skip link or out to the browser.
    const seen = [first.selector];
    for (let i = 0; i < 80; i += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (now.selector === 'body' || now.selector === 'a.skip-link') break;
      assert.ok(now.visible, `${now.selector} has focus but does not show it (${now.shown})`);
      assert.ok(now.onScreen, `${now.selector} has focus but is scrolled out of view`);
      seen.push(now.selector);
    }
    for (const id of ['#reg-name', '#reg-email', '#reg-consent']) {
      assert.ok(seen.some((s) => s.includes(id)), `${id} never got focus: ${seen.join(' → ')}`);
    }
  } finally {
    await page.context().close();
  }
});

it('registering online with the keyboard alone', async () => {
  const page = await newPage(browser);
  const email = `karin-${unique()}@example.se`;
  try {
    await open(page, event.path);

    // The skip link is the first stop, shows itself, and leads into main.
    const skip = await press(page, 'Tab');
    assert.equal(skip.selector, 'a.skip-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.ok(page.url().endsWith('#main'), page.url());
    const afterSkip = await press(page, 'Tab');
    assert.ok(afterSkip.inMain, `after the skip link, focus goes into main, not to ${afterSkip.selector}`);

    await tabUntil(page, 'reg-name');
    await page.keyboard.type('Karin Lund');
    assert.equal((await press(page, 'Tab')).id, 'reg-email');
    await page.keyboard.type(email);
    // Back and forth: Shift+Tab returns to the name, which kept its text.
    assert.equal((await press(page, 'Shift+Tab')).id, 'reg-name');
    assert.equal(await page.inputValue('#reg-name'), 'Karin Lund');
    assert.equal((await press(page, 'Tab')).id, 'reg-email');
    assert.equal((await press(page, 'Tab')).id, 'reg-organisation');
    await page.keyboard.type('Helsingborgs stad');

    // The mode is one radio group: Tab enters it, the arrow keys choose.
    const mode = await press(page, 'Tab');
    assert.equal(mode.id, 'reg-mode-in_person', `the group starts with "in person", not ${mode.selector}`);
    assert.equal((await press(page, 'ArrowDown')).id, 'reg-mode-online');
    await press(page, 'Space');
    assert.ok(await page.isChecked('#reg-mode-online'), 'online is chosen');

    assert.equal((await press(page, 'Tab')).id, 'reg-accessibility');
    await page.keyboard.type('Textning');
    assert.equal((await press(page, 'Tab')).id, 'reg-dietary');
    assert.equal((await press(page, 'Tab')).id, 'reg-consent');
    await press(page, 'Space');
    assert.ok(await page.isChecked('#reg-consent'), 'Space ticks the consent');

    const submit = await press(page, 'Tab');
    assert.equal(submit.selector, 'button', `the submit button comes after the consent, not ${submit.selector}`);
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(response?.status(), 200);
    assert.equal(await heading(page), 'Du är anmäld');

    const now = await seats(event);
    assert.equal(now.onlineTaken, 1, 'one online seat is taken');
    assert.equal(now.inPersonTaken, 0);
  } finally {
    await page.context().close();
  }
});
