// The server's mail, read from the `.eml` files it writes when no SMTP
// server is configured. Polls with a deadline: the mail worker sends in the
// background.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { mailDir } from './env.mjs';
import { graphql } from './graphql.mjs';

/** Splits a message or part into its (unfolded, lower-cased) headers and body. */
function split(raw) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i += 1) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The text of every leaf part of a MIME message, decoded. */
function texts(raw) {
  const { headers, body } = split(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .flatMap((part) => texts(part.replace(/^\r?\n/, '')));
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return [Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')];
  if (encoding === 'quoted-printable') return [decodeQuotedPrintable(body)];
  return [body];
}

/** A header with RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded. */
function decodeHeader(value) {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, kind, data) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')));
}

/** One parsed mail: `{ file, to, subject, text }` (text: every part, decoded). */
async function parse(file) {
  const raw = await readFile(file, 'utf8');
  const { headers } = split(raw);
  return {
    file,
    to: headers.to ?? '',
    subject: decodeHeader(headers.subject ?? ''),
    text: texts(raw).join('\n'),
  };
}

/**
 * Waits (up to `timeoutMs`) for a mail to `address` whose subject matches
 * `subject`, and returns it.
 */
export async function waitForMail(address, subject, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Read afresh on every round: a file may have been half-written last time.
    const seen = [];
    let names = [];
    try {
      names = (await readdir(mailDir())).filter((n) => n.endsWith('.eml'));
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    for (const name of names) {
      const mail = await parse(path.join(mailDir(), name));
      seen.push(mail);
      if (mail.to.includes(address) && subject.test(mail.subject)) return mail;
    }
    if (Date.now() > deadline) {
      const sent = seen.map((m) => `${m.to}: ${m.subject}`).join('; ') || 'none';
      throw new Error(`no mail to ${address} with a subject matching ${subject} within ${timeoutMs} ms (mails: ${sent})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The manage link (`…/registrations/manage?token=…`) of a mail. */
export function manageLink(mail) {
  const link = /https?:\/\/[^\s<>"]+\/registrations\/manage\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no manage link in ${mail.file}:\n${mail.text}`);
  return link;
}

/**
 * Asks for a sign-in link for `email` (as GraphQL's `requestSignInLink`) and
 * returns the link from the mail (`…/sign-in?token=tpl_…`), for pages that
 * need a signed-in visitor.
 */
export async function signInLink(email) {
  const data = await graphql(
    `mutation ($input: RequestSignInLinkInput!) {
      requestSignInLink(input: $input) { sent userErrors { field code message } }
    }`,
    { input: { email } },
  );
  if (!data.requestSignInLink.sent) throw new Error(`no sign-in link was sent to ${email}`);
  const mail = await waitForMail(email, /inloggningslänk|innloggingslenke|sign-in link/i);
  const link = /https?:\/\/[^\s<>"]+\/sign-in\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no sign-in link in ${mail.file}:\n${mail.text}`);
  return link;
}
