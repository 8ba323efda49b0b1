// README screenshots of the participant pages and the organiser console
// with the demo data (`run.sh --screenshots` seeds it, creates the
// administrator and starts the server): `node screenshots.mjs OUT_DIR`
// writes network-page.png, event-page.png, console-start.png,
// console-registrations.png and console-door.png.
//
// The console's pictures are taken signed in as the administrator (by the
// mailed link, as anyone signs in), on the event with the most participants
// at the venue (an upcoming one when there is one).
//
// It picks, as a visitor who is not signed in sees them, the event whose
// agenda has the most items with speakers (an upcoming one when there is
// one) and the network with the most upcoming events (the event's own when
// none has any), and says which it took.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launch, newPage, open } from './lib/browser.mjs';
import { baseUrl } from './lib/env.mjs';
import { uuidOf } from './lib/fixtures.mjs';
import { graphql } from './lib/graphql.mjs';
import { signInLink } from './lib/mail.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node screenshots.mjs OUT_DIR');
  process.exit(2);
}

async function anonymous(query, variables = {}) {
  const response = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (!response.ok || body.errors) throw new Error(`GraphQL: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const now = new Date().toISOString();
const data = await anonymous(
  `query ($now: DateTime!) {
    networks(first: 50) { nodes {
      slug name
      upcoming: events(filter: { from: $now, statuses: [PUBLISHED] }, first: 50) { totalCount }
      all: events(filter: { from: "2000-01-01T00:00:00Z", statuses: [PUBLISHED] }, first: 50) {
        nodes { id title startsAt agenda { speakers { name } } }
      }
    } }
  }`,
  { now },
);
const networks = data.networks.nodes;
if (networks.length === 0) throw new Error('no networks: did `traffpunkt seed demo` run?');

const talks = (event) => event.agenda.filter((item) => item.speakers.length > 0).length;
const events = networks.flatMap((n) => n.all.nodes).filter((e) => talks(e) > 0);
if (events.length === 0) throw new Error('no demo event has an agenda with speakers');
const best = (list) => [...list].sort((a, b) => talks(b) - talks(a) || a.startsAt.localeCompare(b.startsAt))[0];
const upcoming = events.filter((e) => e.startsAt > now);
const event = upcoming.length > 0 ? best(upcoming) : best(events);
if (upcoming.length === 0) {
  console.warn(`note: every demo event with speakers has started (today is ${now.slice(0, 10)}); showing "${event.title}" of ${event.startsAt}`);
}

// The network with the most upcoming events a visitor sees; without any,
// the chosen event's own network, so the two pictures belong together.
const mostUpcoming = [...networks].sort((a, b) => b.upcoming.totalCount - a.upcoming.totalCount || a.slug.localeCompare(b.slug))[0];
const network = mostUpcoming.upcoming.totalCount > 0
  ? mostUpcoming
  : networks.find((n) => n.all.nodes.some((e) => e.id === event.id));
if (mostUpcoming.upcoming.totalCount === 0) {
  console.warn(`note: no upcoming event of the demo data is public (today is ${now.slice(0, 10)}); showing ${network.slug}`);
}

// The console: the event with the most participants at the venue.
const seated = await graphql(
  `{ networks(first: 50) { nodes { events(filter: { from: "2000-01-01T00:00:00Z", statuses: [PUBLISHED] }, first: 50) {
      nodes { id title startsAt seats { inPersonTaken onlineTaken } } } } } }`,
);
const taken = (e) => e.seats.inPersonTaken;
const withSeats = seated.networks.nodes.flatMap((n) => n.events.nodes).filter((e) => taken(e) > 0);
if (withSeats.length === 0) throw new Error('no demo event has participants at the venue');
const busiest = (list) => [...list].sort((a, b) => taken(b) - taken(a) || a.startsAt.localeCompare(b.startsAt))[0];
const comingWithSeats = withSeats.filter((e) => e.startsAt > now);
const meeting = comingWithSeats.length > 0 ? busiest(comingWithSeats) : busiest(withSeats);

const email = process.env.TRAFFPUNKT_ADMIN_EMAIL;
if (!email) throw new Error('TRAFFPUNKT_ADMIN_EMAIL is not set: run through run.sh --screenshots');
const link = (await signInLink(email)).replace(/^https:\/\/traffpunkt\.example\.se/, baseUrl());

await mkdir(out, { recursive: true });
const browser = await launch();
try {
  const page = await newPage(browser, { viewport: { width: 1024, height: 768 } });
  const shots = [
    ['network-page.png', `/networks/${network.slug}`, `network page of ${network.name}`],
    ['event-page.png', `/events/${uuidOf(event.id)}`, `event page of ${event.title}`],
  ];
  for (const [file, pagePath, what] of shots) {
    await open(page, pagePath);
    const target = path.join(out, file);
    await page.screenshot({ path: target, fullPage: true });
    console.log(`${target}: ${what} (${pagePath})`);
  }
  // Signed in as anyone is: the mailed link, then its button. PUBLIC_URL
  // is https here, so the session cookie is the Secure __Host- one, which
  // Chromium keeps for 127.0.0.1 (a secure context).
  await page.goto(link);
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
  const console_ = [
    ['console-start.png', '/organise', 'the console\'s start page', { width: 1024, height: 768 }],
    ['console-registrations.png', `/organise/events/${uuidOf(meeting.id)}`, `registrations of ${meeting.title}`, { width: 1024, height: 768 }],
    ['console-door.png', `/organise/events/${uuidOf(meeting.id)}/door`, `the door view of ${meeting.title}, on a phone`, { width: 390, height: 844 }],
  ];
  for (const [file, pagePath, what, viewport] of console_) {
    await page.setViewportSize(viewport);
    await open(page, pagePath);
    if (!(await page.locator('h1').first().textContent()).trim()) throw new Error(`${pagePath}: no heading`);
    if (await page.locator('form[action^="/sign-in/request"]').count()) throw new Error(`${pagePath}: not signed in`);
    const target = path.join(out, file);
    await page.screenshot({ path: target, fullPage: true });
    console.log(`${target}: ${what} (${pagePath})`);
  }
} finally {
  await browser.close();
}
