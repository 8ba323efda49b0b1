// README screenshots of the participant pages with the demo data
// (`run.sh --screenshots` seeds it and starts the server):
// `node screenshots.mjs OUT_DIR` writes network-page.png and event-page.png.
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
} finally {
  await browser.close();
}
