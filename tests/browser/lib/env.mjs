// What run.sh tells the tests: where the server is, where its mail goes and
// the administrator's token. A missing one is a broken set-up, not a skip.
function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests with tests/browser/run.sh`);
  }
  return value;
}

/** The server's base URL, e.g. `http://127.0.0.1:40123`. */
export const baseUrl = () => required('TRAFFPUNKT_URL');
/** The directory the server writes mail to (`.eml` files). */
export const mailDir = () => required('TRAFFPUNKT_MAIL_DIR');
/** A platform administrator's API token. */
export const adminToken = () => required('TRAFFPUNKT_ADMIN_TOKEN');
/** The Chromium binary. */
export const chromiumPath = () => process.env.CHROMIUM || '/usr/bin/chromium';
