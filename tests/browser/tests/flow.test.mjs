// The whole way a participant goes: the network page, its link to the event,
// registering online, the confirmation page, the confirmation mail, its manage
// link, cancelling, and the seat going to the next in line.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launch, newPage, open } from '../lib/browser.mjs';
import { hybridEvent, network, seats, unique } from '../lib/fixtures.mjs';
import { graphql } from '../lib/graphql.mjs';
import { manageLink, signInLink, waitForMail } from '../lib/mail.mjs';
import { fillAndSubmit, heading, register, seatsOnPage } from '../lib/pages.mjs';

const ONLINE_LEFT = 'Platser kvar online';
const IN_PERSON_LEFT = 'Platser kvar på plats';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The statuses of the event's registrations by email, as the organiser sees them. */
async function statuses(event) {
  const data = await graphql(
    `query ($id: ID!) { event(id: $id) { registrations(first: 50) { nodes { email status mode waitlistPosition } } } }`,
    { id: event.id },
  );
  return Object.fromEntries(data.event.registrations.nodes.map((r) => [r.email, r.status]));
}

it('from the network page to a cancelled registration, and the seat goes on', async () => {
  const net = await network();
  const event = await hybridEvent(net, { inPerson: 10, online: 1 });
  const anna = { name: 'Anna Ek', email: `anna-${unique()}@example.se`, organisation: 'Region Skåne', mode: 'online' };
  const bo = { name: 'Bo Sand', email: `bo-${unique()}@example.se`, mode: 'online' };

  const page = await newPage(browser);
  try {
    // The network page links to the event.
    await open(page, net.path);
    assert.equal(await heading(page), net.name);
    await Promise.all([page.waitForURL(`**${event.path}`), page.getByRole('link', { name: event.title }).click()]);
    assert.equal(await heading(page), event.title);
    assert.deepEqual(await seatsOnPage(page), { [IN_PERSON_LEFT]: '10', [ONLINE_LEFT]: '1' });

    // Anna takes the one online seat.
    await fillAndSubmit(page, anna);
    assert.equal(await heading(page), 'Du är anmäld');
    await open(page, event.path);
    assert.equal((await seatsOnPage(page))[ONLINE_LEFT], '0');

    // Bo, in a browser of his own, is waitlisted.
    const boPage = await newPage(browser);
    try {
      await register(boPage, event, bo);
      assert.equal(await heading(boPage), 'Du står på väntelistan');
      assert.match(await boPage.locator('main').innerText(), /Din plats i kön:\s*1/);
    } finally {
      await boPage.context().close();
    }
    assert.deepEqual(await statuses(event), { [anna.email]: 'CONFIRMED', [bo.email]: 'WAITLISTED' });

    // Anna's confirmation mail carries the manage link; GET changes nothing.
    const mail = await waitForMail(anna.email, /^Anmälan bekräftad: /);
    const link = manageLink(mail);
    assert.ok(link.startsWith(process.env.TRAFFPUNKT_URL), `the link points at this server: ${link}`);
    await open(page, link);
    assert.equal(await heading(page), 'Din anmälan');
    assert.match(await page.locator('main').innerText(), /Bekräftad/);
    assert.equal((await seats(event)).onlineTaken, 1, 'opening the manage page cancels nothing');

    // Cancelling frees the seat, and it goes to Bo at once.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Avboka min plats' }).click()]);
    assert.equal(await heading(page), 'Din anmälan är avbokad');
    assert.deepEqual(await statuses(event), { [anna.email]: 'CANCELLED', [bo.email]: 'CONFIRMED' });
    const now = await seats(event);
    assert.equal(now.onlineTaken, 1, "Bo has Anna's seat");
    assert.equal(now.waitlisted, 0, 'nobody is waiting');

    // Bo is told, and his own manage link says confirmed.
    const boMail = await waitForMail(bo.email, /^Du har fått en plats: /);
    await open(page, manageLink(boMail));
    assert.match(await page.locator('main').innerText(), /Bekräftad/);

    // The manage link of a cancelled registration has no cancel button left.
    await open(page, link);
    assert.equal(await page.getByRole('button', { name: 'Avboka min plats' }).count(), 0);
  } finally {
    await page.context().close();
  }
});

it('a cancelled seat with nobody waiting counts up again on the event page', async () => {
  const event = await hybridEvent(await network(), { inPerson: 2, online: 1 });
  const cecilia = { name: 'Cecilia Holm', email: `cecilia-${unique()}@example.se`, mode: 'in_person' };
  const page = await newPage(browser);
  try {
    await register(page, event, cecilia);
    assert.equal(await heading(page), 'Du är anmäld');
    await open(page, event.path);
    assert.equal((await seatsOnPage(page))[IN_PERSON_LEFT], '1');

    const mail = await waitForMail(cecilia.email, /^Anmälan bekräftad: /);
    await open(page, manageLink(mail));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Avboka min plats' }).click()]);
    assert.equal(await heading(page), 'Din anmälan är avbokad');

    await open(page, event.path);
    assert.equal((await seatsOnPage(page))[IN_PERSON_LEFT], '2', 'the seat is free again');
  } finally {
    await page.context().close();
  }
});

it('a sign-in link arrives by mail, for pages that need a signed-in visitor', async () => {
  const link = await signInLink(`dana-${unique()}@example.se`);
  assert.ok(link.startsWith(`${process.env.TRAFFPUNKT_URL}/sign-in?token=tpl_`), link);
});
