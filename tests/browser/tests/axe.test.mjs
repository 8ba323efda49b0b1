// axe-core (WCAG 2.0/2.1, A and AA) finds nothing on any participant page,
// in every language, at a desktop size and at the size of 200% zoom; at
// 200% zoom (and at 320 px, WCAG 1.4.10's reflow width) nothing scrolls
// sideways.
//
// To check another page, add one line to PAGES: a name and how to get
// there (`open(page, path, status)` for a page one can GET).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { describe as describeViolations, violations } from '../lib/axe.mjs';
import { launch, newPage, open } from '../lib/browser.mjs';
import { graphql } from '../lib/graphql.mjs';
import { asOrganiser, hybridEvent, network, organiser, unique, uuidOf } from '../lib/fixtures.mjs';
import { manageLink, signInLink, waitForMail } from '../lib/mail.mjs';
import { heading, register, submitEmpty } from '../lib/pages.mjs';

/** A new guest for each registration the pages need. */
const guest = (who) => ({
  name: 'Åsa Öberg',
  email: `${who}-${unique()}@example.se`,
  organisation: 'Helsingborgs stad',
  mode: 'online',
});

/** Registers a new guest on `event` and opens the mailed manage link. */
async function openManagePage(page, event) {
  const person = guest('manage');
  await register(page, event, person);
  const mail = await waitForMail(person.email, /^(Anmälan bekräftad|Påmelding bekreftet|Registration confirmed)/);
  await open(page, manageLink(mail));
}

/** Registers a new guest on `event`, signs in with the mailed link and
 * lands on "my registrations". */
async function openMyRegistrations(page, event) {
  const person = guest('mine');
  await register(page, event, person);
  await open(page, await signInLink(person.email));
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
  assert.match(new URL(page.url()).pathname, /^\/me\/registrations/);
}

/** Uploads a small member list on the console's network page and lands on
 * the import's preview (one line with an error, so both kinds show). */
async function previewImport(page, net) {
  await open(page, `/organise/networks/${uuidOf(net.id)}`);
  const csv = 'Organisation;E-postdomäner;Namn;E-post;Roll\r\n'
    + `Hässleholms kommun ${unique()};hassleholm.se;Åsa Öberg;asa-${unique()}@hassleholm.se;arrangör\r\n`
    + 'Ålesund kommune;alesund.kommune.no;Per;inte-en-adress;\r\n';
  await page.locator('#import-file').setInputFiles({ name: 'medlemmar.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await Promise.all([page.waitForNavigation({ timeout: 30_000 }), page.locator('form[action*="/import?"] button[type=submit]').click()]);
}

// [name, visit(page, data), heading]: one line per page. `heading`, when
// given, names the `h1` the page must show (a key of HEADINGS), so a visit
// that went astray fails instead of checking the wrong page.
const PAGES = [
  ['network page', (page, d) => open(page, d.network.path)],
  ['event page', (page, d) => open(page, d.roomy.path)],
  ['event page, registration closed', (page, d) => open(page, d.closed.path)],
  ['event page with form errors', async (page, d) => { await open(page, d.roomy.path); await submitEmpty(page, ['reg-q0-error']); }],
  ['answer: confirmed', (page, d) => register(page, d.roomy, guest('confirmed')), 'confirmed'],
  ['answer: waitlisted', (page, d) => register(page, d.full, guest('waitlisted')), 'waitlisted'],
  ['manage page', (page, d) => openManagePage(page, d.roomy), 'manage'],
  ['manage page: cancelled', async (page, d) => { await openManagePage(page, d.roomy); await Promise.all([page.waitForNavigation(), page.locator('button.danger').click()]); }, 'cancelled'],
  ['unknown event (404)', (page) => open(page, `/events/${randomUUID()}`, 404), 'notFound'],
  ['unknown network (404)', (page) => open(page, `/networks/no-such-network-${unique()}`, 404), 'notFound'],
  ['unknown manage link (404)', (page) => open(page, '/registrations/manage?token=tpm_nonsense', 404), 'invalidLink'],
  ['sign-in landing', async (page) => open(page, await signInLink(`signin-${unique()}@example.se`)), 'signIn'],
  ['sign-in link that does not work (410)', (page) => open(page, '/sign-in?token=tpl_nonsense', 410), 'signInExpired'],
  ['my registrations, not signed in', (page) => open(page, '/me/registrations')],
  ['my registrations', (page, d) => openMyRegistrations(page, d.roomy), 'mine'],
  ['front door', (page) => open(page, '/')],
  ['console: start page', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, '/organise'); }, 'console'],
  ['console: registrations', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}`); }],
  ['console: registrations, searched', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}?q=first&status=CONFIRMED`); }],
  ['console: new event', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/events/new`); }, 'newEvent'],
  ['console: new event with errors', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/events/new`); await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]); }, 'newEvent'],
  ['console: edit event', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/edit`); }, 'editEvent'],
  ['console: door view', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/door`); }, 'door'],
  ['console: event audit log', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/audit`); }],
  ['console: attendance', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/attendance`); }],
  ['console: theme suggestions', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/suggestions`); }],
  ['console: webhooks', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/webhooks`); }],
  ['console: webhooks with errors', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/webhooks`); await Promise.all([page.waitForNavigation(), page.locator('form[action*="/webhooks?"] button[type=submit]').click()]); await page.locator('#url-error').waitFor(); }],
  ['console: webhook secret, shown once', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/webhooks`); await page.fill('#url', 'http://127.0.0.1:9/traffpunkt'); await Promise.all([page.waitForNavigation(), page.locator('form[action*="/webhooks?"] button[type=submit]').click()]); await page.locator('#secret').waitFor(); }],
  ['console: webhook endpoint and its log', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/webhooks/${d.webhook}`); }],
  ['theme suggestions', (page, d) => open(page, `${d.network.path}/suggestions`)],
  ['theme suggestions, refused form', async (page, d) => { await open(page, `${d.network.path}/suggestions`); await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]); }],
  ['console: network audit log', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}/audit`); }],
  ['console: programme', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/programme`); }],
  ['console: programme with errors', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/programme`); await Promise.all([page.waitForNavigation(), page.locator('form[action*="/programme/items"] button[type=submit]').click()]); assert.ok(await page.locator('#title-error').count(), 'the empty title is refused'); }],
  ['console: agenda item', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/programme`); await Promise.all([page.waitForNavigation(), page.locator('a[href^="/organise/agenda/"]').first().click()]); }, 'agendaItem'],
  ['console: questions', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.roomy.id)}/questions`); }],
  ['console: questions with errors', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.roomy.id)}/questions`); await page.selectOption('#kind', 'SINGLE_CHOICE'); await Promise.all([page.waitForNavigation(), page.locator('form[action*="/questions?"]').locator('button[type=submit]').click()]); await page.locator('#label-error').waitFor(); }],
  ['console: series', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/series/${d.series}`); }],
  ['console: series with errors', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/series/${d.series}`); await page.fill('#dates', 'nästa tisdag'); await Promise.all([page.waitForNavigation(), page.locator('form[action*="/occurrences?"] button[type=submit]').click()]); await page.locator('#dates-error').waitFor(); }],
  ['console: reminders', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/reminders`); }, 'reminders'],
  ['console: reminder preview', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/reminders`); await page.fill('#subject', 'Snart: {{event_title}}'); await page.fill('#body', 'Hej {{participant_name}}!\n\nVi ses {{starts_at_local}}.'); await Promise.all([page.waitForNavigation(), page.locator('button[value=preview]').click()]); await page.locator('section[lang=nb]').waitFor(); }, 'reminders'],
  ['console: reminder with errors', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/events/${uuidOf(d.full.id)}/reminders`); await page.fill('#subject', 'Snart: {{event_title}}'); await page.fill('#body', 'Hej {{namn}}'); await Promise.all([page.waitForNavigation(), page.locator('button[value=schedule]').click()]); await page.locator('#body-error').waitFor(); }, 'reminders'],
  ['console: delivery report', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/reminders/${d.reminder}`); }, 'report'],
  ['console: network', async (page, d) => { await asOrganiser(page, d.organiser); await open(page, `/organise/networks/${uuidOf(d.network.id)}`); }],
  ['console: network import preview', async (page, d) => { await asOrganiser(page, d.organiser); await previewImport(page, d.network); }, 'importPreview'],
];

/** The `h1`s of api/src/pages/i18n.rs that PAGES expects. */
const HEADINGS = {
  confirmed: { sv: 'Du är anmäld', nb: 'Du er påmeldt', en: 'You are registered' },
  waitlisted: { sv: 'Du står på väntelistan', nb: 'Du står på ventelisten', en: 'You are on the waiting list' },
  manage: { sv: 'Din anmälan', nb: 'Din påmelding', en: 'Your registration' },
  cancelled: { sv: 'Din anmälan är avbokad', nb: 'Påmeldingen din er avbestilt', en: 'Your registration is cancelled' },
  notFound: { sv: 'Sidan finns inte', nb: 'Siden finnes ikke', en: 'Page not found' },
  invalidLink: { sv: 'Länken fungerar inte', nb: 'Lenken virker ikke', en: 'The link does not work' },
  signIn: { sv: 'Logga in', nb: 'Logg inn', en: 'Sign in' },
  signInExpired: { sv: 'Inloggningslänken fungerar inte', nb: 'Innloggingslenken virker ikke', en: 'The sign-in link does not work' },
  mine: { sv: 'Mina anmälningar', nb: 'Mine påmeldinger', en: 'My registrations' },
  console: { sv: 'Arrangera', nb: 'Arranger', en: 'Organise' },
  newEvent: { sv: 'Ny träff', nb: 'Ny samling', en: 'New meeting' },
  editEvent: { sv: 'Redigera träffen', nb: 'Rediger samlingen', en: 'Edit the meeting' },
  door: { sv: 'Incheckning vid dörren', nb: 'Innsjekking ved døren', en: 'Check-in at the door' },
  agendaItem: { sv: 'Redigera programpunkten', nb: 'Rediger programposten', en: 'Edit the agenda item' },
  reminders: { sv: 'Påminnelser och utskick', nb: 'Påminnelser og utsendelser', en: 'Reminders and mail' },
  report: { sv: 'Leveransrapport', nb: 'Leveringsrapport', en: 'Delivery report' },
  importPreview: { sv: 'Förhandsgranskning av import', nb: 'Forhåndsvisning av import', en: 'Import preview' },
};

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
  // A 1280 px window at 200% zoom: 640 CSS pixels across, twice the device pixels.
  { name: '200% zoom', viewport: { width: 640, height: 450 }, deviceScaleFactor: 2, reflow: true },
];

/** How far the document and `main` reach past the viewport's width. */
function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const main = document.querySelector('main');
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${el.className}` : ''}`);
    return {
      document: root.scrollWidth - root.clientWidth,
      main: main ? main.scrollWidth - main.clientWidth : null,
      wide,
    };
  });
}

async function assertNoSidewaysScrolling(page, where) {
  const found = await overflow(page);
  assert.ok(found.main !== null, `${where}: no <main>`);
  assert.ok(
    found.document <= 0 && found.main <= 0,
    `${where} scrolls sideways (document by ${found.document} px, main by ${found.main} px; wide: ${found.wide.join(', ')})`,
  );
}

let browser;
const data = {};

before(async () => {
  browser = await launch();
  data.network = await network();
  // A webhook endpoint on a closed port of this machine (run.sh allows
  // private addresses), made before the events so that its log has rows.
  const hooked = await graphql(
    'mutation ($n: ID!) { createWebhookEndpoint(input: { networkId: $n, url: "http://127.0.0.1:9/traffpunkt", description: "Intranätets kalender", eventTypes: [EVENT_PUBLISHED, REGISTRATION_CREATED] }) { endpoint { id } userErrors { field code message } } }',
    { n: data.network.id },
  );
  assert.deepEqual(hooked.createWebhookEndpoint.userErrors, []);
  data.webhook = uuidOf(hooked.createWebhookEndpoint.endpoint.id);
  data.roomy = await hybridEvent(data.network, { inPerson: 100, online: 100, questions: true });
  // One seat each way, both taken: every further registration is waitlisted.
  data.full = await hybridEvent(data.network, { title: `Fullsatt träff ${unique()}`, inPerson: 1, online: 1 });
  data.closed = await hybridEvent(data.network, { title: `Stängd anmälan ${unique()}`, registrationClosed: true });
  data.organiser = await organiser(data.network);
  // Theme suggestions: open, one published with a follow-up and a meeting.
  await graphql('mutation ($id: ID!) { updateNetwork(input: { id: $id, suggestionsOpen: true }) { userErrors { code } } }', { id: data.network.id });
  const suggested = await graphql(
    'mutation ($n: ID!) { suggestTheme(input: { networkId: $n, title: "Digitalt utanförskap", description: "Hur når vi dem som inte använder e-tjänster?" }) { suggestion { id } userErrors { code } } }',
    { n: data.network.id },
  );
  const suggestion = suggested.suggestTheme.suggestion.id;
  await graphql(
    'mutation ($id: ID!, $e: ID!) { changeThemeSuggestionStatus(input: { id: $id, status: PLANNED, eventId: $e, followUp: "Tas upp på nästa möte." }) { userErrors { code } } }',
    { id: suggestion, e: data.roomy.id },
  );
  await graphql('mutation ($id: ID!) { publishThemeSuggestion(input: { id: $id, published: true }) { userErrors { code } } }', { id: suggestion });
  const page = await newPage(browser);
  await register(page, data.full, { ...guest('first-online'), mode: 'online' });
  await register(page, data.full, { ...guest('first-in-person'), mode: 'in_person' });
  await page.context().close();
  // A reminder sent to both, for its delivery report.
  const scheduled = await graphql(
    `mutation ($input: ReminderDraftInput!) { scheduleReminder(input: $input) { reminder { id } userErrors { field code message } } }`,
    { input: { eventId: data.full.id, sendAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(), audience: 'CONFIRMED', subject: 'Snart: {{event_title}}', body: 'Hej {{participant_name}}!' } },
  );
  const reminder = scheduled.scheduleReminder.reminder.id;
  await graphql(
    `mutation ($input: ReminderIdInput!) { sendReminderNow(input: $input) { queued userErrors { field code message } } }`,
    { input: { reminderId: reminder } },
  );
  data.reminder = uuidOf(reminder);
  // A monthly series with two dates, for the console's series page.
  const month = (n) => new Date(Date.now() + n * 30 * 24 * 3600 * 1000);
  const occurrence = (n) => ({ startsAt: month(n).toISOString(), endsAt: new Date(month(n).getTime() + 2 * 3600 * 1000).toISOString() });
  const created = await graphql(
    `mutation ($input: CreateSeriesInput!) { createSeries(input: $input) { series { id } userErrors { field code message } } }`,
    { input: { networkId: data.network.id, title: `Månadsträffar ${unique()}`, publish: true, template: { kind: 'MEETING', attendanceMode: 'IN_PERSON', venue: { name: 'Fontänhuset Helsingborg' }, registrationPolicy: 'OPEN' }, occurrences: [occurrence(1), occurrence(2)] } },
  );
  data.series = uuidOf(created.createSeries.series.id);
});

// Guards the harness itself: planted violations (and a planted "needs
// review") must be found.
it('axe reports planted violations (the check is not vacuous)', async () => {
  const page = await newPage(browser);
  try {
    await open(page, data.network.path);
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main').append(img);
      const low = document.createElement('p');
      low.textContent = 'Grå text på vitt';
      low.style.color = '#bbbbbb';
      document.querySelector('main').append(low);
      // Only "needs review" for axe: a name on an element whose role forbids one.
      const code = document.createElement('code');
      code.setAttribute('aria-label', 'Adressen');
      code.textContent = 'https://example.se';
      document.querySelector('main').append(code);
    });
    const ids = (await violations(page)).map((v) => v.id).sort();
    assert.deepEqual(ids, ['aria-prohibited-attr', 'color-contrast', 'image-alt']);
  } finally {
    await page.context().close();
  }
});

after(async () => {
  await browser?.close();
});

for (const lang of ['sv', 'nb', 'en']) {
  for (const size of VIEWPORTS) {
    describe(`axe, ${lang}, ${size.name}`, () => {
      for (const [name, visit, expected] of PAGES) {
        it(name, async () => {
          const page = await newPage(browser, { lang, viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });
          try {
            await visit(page, data);
            assert.equal(await page.getAttribute('html', 'lang'), lang, `${name} is not in ${lang}`);
            if (expected) assert.equal(await heading(page), HEADINGS[expected][lang], `${name}: not the expected page`);
            const found = await violations(page);
            assert.equal(found.length, 0, `axe finds on ${name} (${lang}, ${size.name}, ${page.url()}):\n${describeViolations(found)}`);
            if (size.reflow) {
              await assertNoSidewaysScrolling(page, `${name} at 640 px (200% zoom)`);
              // WCAG 1.4.10 Reflow: 320 CSS px (1280 px at 400%).
              await page.setViewportSize({ width: 320, height: 256 });
              await assertNoSidewaysScrolling(page, `${name} at 320 px (400% zoom)`);
            }
            assert.deepEqual(page.pageErrors, [], 'no script errors');
          } finally {
            await page.context().close();
          }
        });
      }
    });
  }
}
