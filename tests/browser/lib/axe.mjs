// axe-core in the page under test: WCAG 2.0 and 2.1, levels A and AA. No rule
// is turned off; a violation is fixed in the templates or the CSS.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
// Evaluated through the DevTools protocol rather than added as a <script>:
// the pages' Content-Security-Policy (no inline script, none from elsewhere) stays in force.
const AXE_SOURCE = readFileSync(AXE, 'utf8');

/** The tags axe runs: WCAG 2.0 and 2.1, A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe's findings on the page as it is now: its violations and the checks it
 * could not decide ("needs review", e.g. a name on an element whose role
 * forbids one). Our pages are plain enough that axe can decide every check,
 * so both count as failures.
 */
export async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
    WCAG_TAGS,
  );
  return [
    ...results.violations,
    ...results.incomplete.map((v) => ({ ...v, impact: `needs review, ${v.impact ?? 'unknown'}` })),
  ];
}

/** Violations in a form people can read in a test failure. */
export function describe(found) {
  return found
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? n.any?.[0]?.message ?? '').replace(/\s+/g, ' ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}
