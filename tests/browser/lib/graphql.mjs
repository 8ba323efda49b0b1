// The GraphQL API as the tests' administrator: every test builds its own
// data through the front door, as an organiser would.
import { adminToken, baseUrl } from './env.mjs';

/** Sends one operation; throws on transport errors, `errors` and `userErrors`. */
export async function graphql(query, variables = {}) {
  const response = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${adminToken()}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GraphQL answered ${response.status} with no JSON: ${text.slice(0, 500)}`);
  }
  if (!response.ok || body.errors) {
    throw new Error(`GraphQL answered ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  for (const payload of Object.values(body.data ?? {})) {
    if (payload && Array.isArray(payload.userErrors) && payload.userErrors.length > 0) {
      throw new Error(`GraphQL user errors: ${JSON.stringify(payload.userErrors)}`);
    }
  }
  return body.data;
}
