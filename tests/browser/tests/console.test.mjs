// The organiser console in a real browser: publishing a draft with the
// keyboard alone, checking a participant in (and undoing it) on a
// phone-sized screen, where nothing may scroll sideways and the buttons are
// large enough to hit with a thumb, and the door count following a
// colleague's check-ins without a reload (the console's script).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launch, newPage, open } from '../lib/browser.mjs';
import { asOrganiser, hybridEvent, network, organiser, unique } from '../lib/fixtures.mjs';
import { graphql } from '../lib/graphql.mjs';
import { register } from '../lib/pages.mjs';

let browser;
let net;
let who;

before(async () => {
  browser = await launch();
  net = await network();
  who = await organiser(net);
});

after(async () => {
  await browser?.close();
});

/** A draft of `net` (made through the API), its uuid. */
async function draft(title) {
  const start = new Date(Date.now() + 14 * 24 * 3600 * 1000);
  const end = new Date(start.getTime() + 2 * 3600 * 1000);
  const data = await graphql(
    `mutation ($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { field code message } } }`,
    {
      input: {
        networkId: net.id,
        kind: 'MEETING',
        title,
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
        attendanceMode: 'IN_PERSON',
      },
    },
  );
  const id = data.createEvent.event.id;
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[1];
}

it('publishing a draft with the keyboard alone', async () => {
  const title = `Utkast ${unique()}`;
  const id = await draft(title);
  const page = await newPage(browser);
  try {
    await asOrganiser(page, who);
    await open(page, `/organise/events/${id}/edit`);
    // Tab to the publish button and press Enter: no mouse.
    let reached = false;
    for (let i = 0; i < 80 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby') === 'publish-hint');
    }
    assert.ok(reached, 'the publish button takes focus');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /done=published/);
    const status = await page.locator('[role=status]').first().textContent();
    assert.match(status, /publicerad/i);
    // The public page shows it now.
    await open(page, `/events/${id}`);
  } finally {
    await page.context().close();
  }
});

it('checking in at the door on a phone', async () => {
  const event = await hybridEvent(net, { inPerson: 10, online: 10 });
  const name = `Dörr ${unique()}`;
  const guest = await newPage(browser);
  try {
    await register(guest, event, { name, email: `door-${unique()}@example.se`, mode: 'in_person' });
  } finally {
    await guest.context().close();
  }
  const page = await newPage(browser, { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
  try {
    await asOrganiser(page, who);
    await open(page, `/organise/events/${event.uuid}/door`);
    assert.match(await page.locator('p.count').textContent(), /^0 av 1 /);
    await page.fill('#q', name.split(' ')[1]);
    await Promise.all([page.waitForNavigation(), page.locator('form[role=search] button').click()]);
    const button = page.locator('ul.door button', { hasText: 'Checka in' });
    const box = await button.boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 44, `a thumb-sized button: ${JSON.stringify(box)}`);
    await Promise.all([page.waitForNavigation(), button.click()]);
    assert.match(await page.locator('p.count').textContent(), /^1 av 1 /);
    assert.equal(await page.inputValue('#q'), name.split(' ')[1], 'the search is kept');
    const width = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(width <= 0, `the door view scrolls sideways by ${width} px`);
    await Promise.all([page.waitForNavigation(), page.locator('ul.door button', { hasText: 'Ångra' }).click()]);
    assert.match(await page.locator('p.count').textContent(), /^0 av 1 /);
  } finally {
    await page.context().close();
  }
});

it('the door count follows a colleague\'s check-ins without a reload', async () => {
  const event = await hybridEvent(net, { inPerson: 10, online: 10 });
  const name = `Kollega ${unique()}`;
  const guest = await newPage(browser);
  try {
    await register(guest, event, { name, email: `colleague-${unique()}@example.se`, mode: 'in_person' });
  } finally {
    await guest.context().close();
  }
  const watching = await newPage(browser, { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
  const colleague = await newPage(browser, { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
  try {
    await asOrganiser(watching, who);
    await open(watching, `/organise/events/${event.uuid}/door`);
    const count = watching.locator('p.count');
    assert.match(await count.textContent(), /^0 av 1 /);
    assert.equal(await count.getAttribute('role'), 'status', 'screen readers hear the change');
    // A mark on this document: it must survive, i.e. no reload happens.
    await watching.evaluate(() => { window.stillTheSamePage = true; });

    // The colleague checks the guest in on their own phone (own session).
    await asOrganiser(colleague, await organiser(net));
    await open(colleague, `/organise/events/${event.uuid}/door`);
    await Promise.all([colleague.waitForNavigation(), colleague.locator('ul.door button', { hasText: 'Checka in' }).click()]);
    assert.match(await colleague.locator('p.count').textContent(), /^1 av 1 /);

    // The first phone's count follows within the deadline, no reload.
    await watching.waitForFunction(
      () => /^1 av 1 /.test(document.querySelector('p.count')?.textContent ?? ''),
      null,
      { timeout: 15_000, polling: 250 },
    );
    assert.equal(await watching.evaluate(() => window.stillTheSamePage), true, 'updated in place');
    assert.deepEqual(watching.pageErrors, [], 'no script errors, nothing the policy blocks');
  } finally {
    await watching.context().close();
    await colleague.context().close();
  }
});
