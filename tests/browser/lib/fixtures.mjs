// Test data through the GraphQL API: a network with a hybrid, published
// event in the future, open for registration, with an agenda and speakers.
import { randomBytes } from 'node:crypto';
import { baseUrl } from './env.mjs';
import { graphql } from './graphql.mjs';
import { signInLink } from './mail.mjs';

const DAY = 24 * 60 * 60 * 1000;

/** A short random suffix, so tests sharing a server never collide. */
export const unique = () => randomBytes(4).toString('hex');

/** An open network; returns `{ id, slug, name, path }`. */
export async function network({ name = `Nätverk för välfärdsteknik ${unique()}` } = {}) {
  const slug = `browser-${unique()}`;
  const data = await graphql(
    `mutation ($input: CreateNetworkInput!) {
      createNetwork(input: $input) { network { id slug name } userErrors { field code message } }
    }`,
    {
      input: {
        name,
        slug,
        description:
          'Ett nätverk för dig som arbetar med välfärdsteknik i kommunerna.\n\nVi träffas fyra gånger om året.',
        timeZone: 'Europe/Stockholm',
        defaultLocale: 'sv',
      },
    },
  );
  const created = data.createNetwork.network;
  return { ...created, path: `/networks/${created.slug}` };
}

/**
 * The uuid behind a global id. Clients treat ids as opaque; the tests know
 * the encoding (base64url of `Type:uuid`) to build page URLs directly.
 */
export function uuidOf(globalId) {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const [, uuid] = decoded.split(':');
  if (!/^[0-9a-f-]{36}$/.test(uuid ?? '')) throw new Error(`not a global id: ${globalId}`);
  return uuid;
}

/**
 * A published hybrid event in `net`, a month ahead, registration open now,
 * with `inPerson` and `online` seats, two agenda items and their speakers
 * (`registrationClosed`: its registration closed an hour ago; `questions`:
 * with a required single-choice, an optional multiple-choice and an optional
 * text question on the form).
 * Returns `{ id, uuid, title, path }`.
 */
export async function hybridEvent(net, { title = `Träff om digitala trygghetslarm ${unique()}`, inPerson = 20, online = 5, registrationClosed = false, questions = false } = {}) {
  const now = Date.now();
  const day = new Date(now + 30 * DAY);
  day.setUTCHours(8, 0, 0, 0);
  const at = (hours) => new Date(day.getTime() + hours * 60 * 60 * 1000).toISOString();
  const created = await graphql(
    `mutation ($input: CreateEventInput!) {
      createEvent(input: $input) { event { id title } userErrors { field code message } }
    }`,
    {
      input: {
        networkId: net.id,
        kind: 'MEETING',
        title,
        description:
          'Vi går igenom erfarenheterna från införandet av digitala trygghetslarm.\n\nAlla som arbetar med larm i hemtjänsten är välkomna.',
        startsAt: at(0),
        endsAt: at(3),
        timeZone: 'Europe/Stockholm',
        attendanceMode: 'HYBRID',
        venue: {
          name: 'Fontänhuset Helsingborg',
          address: 'Norra Strandgatan 8',
          city: 'Helsingborg',
          accessibilityNotes: 'Entré i gatuplan, hörslinga i salen',
        },
        onlineMeeting: { provider: 'Webex', joinUrl: 'https://helsingborg.webex.com/meet/utveckling' },
        joinLinkVisibility: 'REGISTERED',
        capacity: { inPerson, online },
        registrationPolicy: 'REQUIRED',
        registrationOpensAt: new Date(now - DAY).toISOString(),
        registrationClosesAt: registrationClosed
          ? new Date(now - 60 * 60 * 1000).toISOString()
          : new Date(day.getTime() - DAY).toISOString(),
      },
    },
  );
  const event = created.createEvent.event;
  const agenda = [
    { title: 'Välkommen och inledning', from: 0, to: 0.5, room: 'Stora salen', speaker: ['Linnéa Berg', 'Helsingborgs stad', 'Moderator'] },
    { title: 'Erfarenheter från hemtjänsten', from: 0.5, to: 2, room: 'Stora salen', speaker: ['Örjan Nilsson', 'Region Skåne', 'Talare'] },
  ];
  for (const [position, item] of agenda.entries()) {
    const added = await graphql(
      `mutation ($input: AddAgendaItemInput!) {
        addAgendaItem(input: $input) { agendaItem { id } userErrors { field code message } }
      }`,
      {
        input: {
          eventId: event.id,
          title: item.title,
          startsAt: at(item.from),
          endsAt: at(item.to),
          room: item.room,
          position,
        },
      },
    );
    const [name, affiliation, role] = item.speaker;
    await graphql(
      `mutation ($input: AddSpeakerInput!) {
        addSpeaker(input: $input) { speaker { id } userErrors { field code message } }
      }`,
      {
        input: {
          eventId: event.id,
          agendaItemId: added.addAgendaItem.agendaItem.id,
          name,
          affiliation,
          role,
          status: 'CONFIRMED',
        },
      },
    );
  }
  if (questions) {
    const asked = [
      { kind: 'SINGLE_CHOICE', label: 'Vilket pass väljer du?', options: ['Förmiddag', 'Eftermiddag'], required: true },
      { kind: 'MULTIPLE_CHOICE', label: 'Vilka teman intresserar dig?', options: ['Larm', 'Sensorer', 'Upphandling'] },
      { kind: 'TEXT', label: 'Vad vill du att vi tar upp?' },
    ];
    for (const question of asked) {
      await graphql(
        `mutation ($input: AddRegistrationQuestionInput!) {
          addRegistrationQuestion(input: $input) { question { id } userErrors { field code message } }
        }`,
        { input: { eventId: event.id, ...question } },
      );
    }
  }
  await graphql(
    `mutation ($input: EventIdInput!) {
      publishEvent(input: $input) { event { id status } userErrors { field code message } }
    }`,
    { input: { id: event.id } },
  );
  const uuid = uuidOf(event.id);
  return { id: event.id, uuid, title: event.title, path: `/events/${uuid}` };
}

/** The event's seats as the API counts them. */
export async function seats(event) {
  const data = await graphql(
    `query ($id: ID!) {
      event(id: $id) { seats { inPersonTaken inPersonRemaining onlineTaken onlineRemaining waitlisted } }
    }`,
    { id: event.id },
  );
  return data.event.seats;
}

/**
 * An organiser of `net`, signed in: gives a new person the ORGANISER role,
 * redeems a mailed sign-in link through GraphQL and returns the session
 * token, which a browser context carries as its session cookie
 * (`asOrganiser`).
 */
export async function organiser(net) {
  const email = `arrangor-${unique()}@example.se`;
  const data = await graphql(
    `mutation ($input: SetNetworkRoleInput!) {
      setNetworkRole(input: $input) { userErrors { field code message } }
    }`,
    { input: { networkId: net.id, person: { name: 'Karin Arrangör', email }, role: 'ORGANISER' } },
  );
  if (data.setNetworkRole.userErrors.length) throw new Error(JSON.stringify(data.setNetworkRole.userErrors));
  const token = new URL(await signInLink(email)).searchParams.get('token');
  const signedIn = await graphql(
    `mutation ($token: String!) { signIn(input: { token: $token }) { sessionToken userErrors { code } } }`,
    { token },
  );
  const session = signedIn.signIn.sessionToken;
  if (!session) throw new Error(`no session for ${email}`);
  return { email, session };
}

/** Makes `page`'s context signed in as `who` (an `organiser`). */
export async function asOrganiser(page, who) {
  // The server's PUBLIC_URL decides the cookie's name; the tests run it over http.
  const url = new URL(baseUrl());
  const secure = false;
  await page.context().addCookies([
    {
      name: secure ? '__Host-tp_session' : 'tp_session',
      value: who.session,
      url: url.origin,
      httpOnly: true,
      sameSite: 'Lax',
      secure,
    },
  ]);
}
