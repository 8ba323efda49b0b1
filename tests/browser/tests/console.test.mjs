// The organiser console in a real browser: creating an event with a
// programme, publishing it and sending a reminder with the keyboard alone;
// publishing a draft with the keyboard alone, checking a participant in (and undoing it) on a
// phone-sized screen, where nothing may scroll sideways and the buttons are
// large enough to hit with a thumb, and the door count following a
// colleague's check-ins without a reload (the console's script).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launch, newPage, open } from '../lib/browser.mjs';
import { asOrganiser, hybridEvent, network, organiser, unique, uuidOf } from '../lib/fixtures.mjs';
import { graphql } from '../lib/graphql.mjs';
import { waitForMail } from '../lib/mail.mjs';
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

/** Presses Tab until the focused element matches `selector` (at most `max`
 * presses); fails when it never does. */
async function tabTo(page, selector, max = 150) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Types `local` ("2027-03-10T09:00") into the focused datetime-local
 * field, segment by segment as a person would. The segments' order is the
 * browser's own (month/day/year with AM/PM in Chromium's default), so the
 * other common order is tried when the first did not take. */
async function typeDateTime(page, local) {
  const [date, time] = local.split('T');
  const [year, month, day] = date.split('-');
  const [hour, minute] = time.split(':');
  const h = Number(hour);
  const id = await page.evaluate(() => document.activeElement.id);
  const read = () => page.evaluate((i) => document.getElementById(i).value, id);
  await page.keyboard.type(`${month}${day}${year}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(`${String(h % 12 || 12).padStart(2, '0')}${minute}${h < 12 ? 'A' : 'P'}`);
  if ((await read()) === local) return;
  // Year first, 24 hours (as in a Nordic locale).
  await page.evaluate((i) => { document.getElementById(i).value = ''; }, id);
  await page.keyboard.type(`${year}${month}${day}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(`${hour}${minute}`);
  assert.equal(await read(), local, 'the date and time were typed');
}

/** Presses Enter on the focused control and waits for the next page. */
async function enter(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

it('creating an event with a programme, publishing it and sending a reminder, with the keyboard alone', async () => {
  const title = `Månadsträff om mentorskap ${unique()}`;
  const day = new Date(Date.now() + 21 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const page = await newPage(browser);
  try {
    await asOrganiser(page, who);
    await open(page, `/organise/networks/${uuidOf(net.id)}/events/new`);
    await page.locator('body').focus();
    await tabTo(page, '#title');
    await page.keyboard.type(title);
    await tabTo(page, '#startsAt');
    await typeDateTime(page, `${day}T09:00`);
    await tabTo(page, '#endsAt');
    await typeDateTime(page, `${day}T11:30`);
    await tabTo(page, '#venue\\.name');
    await page.keyboard.type('Dunkers kulturhus');
    await tabTo(page, '#capacity\\.inPerson');
    await page.keyboard.type('40');
    await tabTo(page, 'main form button[type=submit]');
    await enter(page);
    assert.match(page.url(), /\/organise\/events\/[0-9a-f-]{36}\/edit\?.*done=created/, page.url());
    const id = page.url().match(/events\/([0-9a-f-]{36})/)[1];

    // The programme: an item and its speaker.
    await tabTo(page, `a[href^="/organise/events/${id}/programme"]`);
    await enter(page);
    await tabTo(page, '#title');
    await page.keyboard.type('Välkommen och dagens frågor');
    await tabTo(page, '#room');
    await page.keyboard.type('Salen');
    await enter(page);
    assert.match(page.url(), /done=item-added/, page.url());
    await tabTo(page, '#name');
    await page.keyboard.type('Åsa Lind');
    await tabTo(page, '#agendaItemId');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'form[action*="/programme/speakers"] button[type=submit]');
    await enter(page);
    assert.match(page.url(), /done=speaker-added/, page.url());
    const item = page.locator('ol.programme > li').first();
    assert.equal((await item.locator('h3').textContent()).trim(), 'Välkommen och dagens frågor');
    assert.match(await item.locator('ul.speakers').textContent(), /Åsa Lind/);

    // Published, from the event's form.
    await tabTo(page, `a[href^="/organise/events/${id}/edit"]`);
    await enter(page);
    await tabTo(page, '[aria-describedby="publish-hint"]');
    await enter(page);
    assert.match(page.url(), /done=published/);

    // Someone registers on the public page (a participant, not the organiser).
    const email = `mentor-${unique()}@example.se`;
    const guest = await newPage(browser);
    try {
      await open(guest, `/events/${id}`);
      assert.match(await guest.locator('main').textContent(), /Välkommen och dagens frågor/, 'the programme is public');
      await register(guest, { path: `/events/${id}` }, { name: 'Per Mentor', email, mode: null });
    } finally {
      await guest.context().close();
    }

    // The registration appears in the event's list.
    await open(page, `/organise/events/${id}`);
    assert.match(await page.locator('main').textContent(), /Per Mentor/, 'the registration is listed');

    // The reminder, sent now; the delivery report counts it as sent.
    await tabTo(page, `a[href^="/organise/events/${id}/reminders"]`);
    await enter(page);
    await tabTo(page, '#subject');
    await page.keyboard.type('Snart: {{event_title}}');
    await tabTo(page, '#body');
    await page.keyboard.type('Hej {{participant_name}}! Vi ses {{starts_at_local}}.');
    await tabTo(page, 'button[value=now]');
    await enter(page);
    assert.match(new URL(page.url()).pathname, /^\/organise\/reminders\//, page.url());
    const mail = await waitForMail(email, /^Snart: Månadsträff om mentorskap/);
    assert.match(mail.text, /Hej Per Mentor!/);
    await page.waitForFunction(
      () => document.querySelector('[data-count="sent"]')?.textContent.trim() === '1',
      null,
      { timeout: 20_000, polling: 250 },
    );
    assert.deepEqual(page.pageErrors, [], 'no script errors, nothing the policy blocks');
  } finally {
    await page.context().close();
  }
});

it('another network\'s organiser finds nothing, and a form without its token is refused', async () => {
  const event = await hybridEvent(net, { inPerson: 10, online: 10 });
  const stranger = await organiser(await network());
  const page = await newPage(browser);
  try {
    await asOrganiser(page, stranger);
    for (const path of [`/organise/events/${event.uuid}`, `/organise/events/${event.uuid}/edit`, `/organise/events/${event.uuid}/door`, `/organise/networks/${uuidOf(net.id)}`]) {
      await open(page, path, 404);
    }
    // The stranger's start page lists nothing of `net`.
    await open(page, '/organise');
    assert.doesNotMatch(await page.locator('main').textContent(), new RegExp(event.title));
  } finally {
    await page.context().close();
  }
  const own = await newPage(browser);
  try {
    await asOrganiser(own, who);
    await open(own, `/organise/events/${event.uuid}/edit`);
    await own.evaluate(() => { for (const field of document.querySelectorAll('input[name=csrf]')) field.value = 'forged'; });
    const [response] = await Promise.all([own.waitForNavigation(), own.locator('main form button[type=submit]').first().click()]);
    assert.equal(response.status(), 403, 'refused without its token');
  } finally {
    await own.context().close();
  }
});
