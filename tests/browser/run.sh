#!/usr/bin/env bash
# The participant pages in a real browser (Chromium driven by playwright-core):
# axe-core (WCAG 2.0/2.1 A and AA) on every page, keyboard-only registration
# and the full flow from the network page to cancelling from the mail.
#
#   bash tests/browser/run.sh                 # the tests (CI runs this)
#   bash tests/browser/run.sh --screenshots   # README screenshots of the demo data
#   bash tests/browser/run.sh tests/flow.test.mjs   # some test files only
#
# The temporary directory (database, mail, server log) is removed after a
# green run; it is kept after a failure, or always with KEEP_WORK=1.
#
# Self-contained: installs Chromium (Debian's package) and the npm packages if
# they are missing, builds the server (honouring CARGO_TARGET_DIR), starts it
# on a free port with a fresh SQLite database in a temporary directory, waits
# for /readyz, runs the tests and stops the server on exit. Any failure stops
# the run with a non-zero exit.
set -euo pipefail

MODE=test
FILES=()
for arg in "$@"; do
  case "$arg" in
    --screenshots) MODE=screenshots ;;
    tests/*.test.mjs) FILES+=("$arg") ;;
    *) echo "usage: $0 [--screenshots | tests/NAME.test.mjs ...]" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

fail() { echo "browser tests: $*" >&2; exit 1; }
step() { printf -- '-- %s\n' "$*"; }

# Chromium from Debian (Playwright's own browser download needs a network we
# do not have, and CI should test the browser people install).
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  step "installing chromium"
  command -v apt-get >/dev/null || fail "$CHROMIUM is missing and there is no apt-get: install Chromium and set CHROMIUM"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  [ -x "$CHROMIUM" ] || fail "apt-get installed chromium but $CHROMIUM is still missing"
fi
"$CHROMIUM" --version 2>/dev/null | head -n1 || true

command -v node >/dev/null || fail "node (20 or newer) is missing"
command -v npm >/dev/null || fail "npm is missing"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || fail "node $(node --version) is too old: 20 or newer is needed"

step "npm ci (playwright-core, axe-core)"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"

step "building the server"
cargo build --quiet --locked --bin traffpunkt || fail "cargo build failed"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/debug/traffpunkt"
[ -x "$BIN" ] || fail "no server binary at $BIN"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/traffpunkt-browser.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$WORK/server.log" ]; then
    echo "---- last lines of the server's log ($WORK/server.log) ----" >&2
    tail -n 40 "$WORK/server.log" >&2 || true
  fi
  if [ "$status" -eq 0 ] && [ -z "${KEEP_WORK:-}" ]; then
    rm -rf "$WORK"
  else
    echo "the server's data, mail and log are kept in $WORK" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
export TRAFFPUNKT_ADDR="127.0.0.1:$PORT"
export TRAFFPUNKT_DATA_DIR="$WORK/data"
export DATABASE_URL="sqlite://$WORK/data/traffpunkt.db?mode=rwc"
export PUBLIC_URL="http://127.0.0.1:$PORT"
# The pictures show absolute links (the feed address): a deployment's, not
# this run's random port. Pages link relatively, so the browser still works.
if [ "$MODE" = screenshots ]; then export PUBLIC_URL="https://traffpunkt.example.se"; fi
export TRAFFPUNKT_LOG_FORMAT=pretty
# Every test submits forms from this one address; the pages' rate limit has
# its own HTTP tests (tests/api/pages.rs).
export TRAFFPUNKT_PAGE_POSTS_PER_MINUTE=100000
# Every guest the tests register comes from this one client address.
export TRAFFPUNKT_GUEST_REGISTRATIONS_PER_HOUR=100000
# The console's webhook pages are tested with an endpoint on a closed port
# of this machine.
export WEBHOOKS_ALLOW_PRIVATE=true
export RUST_LOG="${RUST_LOG:-warn}"
# Not the caller's SMTP server: mail goes to .eml files the tests read.
unset SMTP_URL
mkdir -p "$TRAFFPUNKT_DATA_DIR"

if [ "$MODE" = screenshots ]; then
  step "seeding the demo data"
  "$BIN" seed demo >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; fail "seed demo failed"; }
fi
# The tests build their data as this administrator; the screenshots sign
# in as them to show the console over the demo data.
step "creating an administrator"
ADMIN_EMAIL="browser-tests@traffpunkt.test"
"$BIN" admin create --email "$ADMIN_EMAIL" --name "Browser Tests" >"$WORK/admin.log" 2>&1 \
  || { cat "$WORK/admin.log" >&2; fail "admin create failed"; }
TRAFFPUNKT_ADMIN_TOKEN="$("$BIN" admin token --email "$ADMIN_EMAIL" 2>>"$WORK/admin.log")" \
  || { cat "$WORK/admin.log" >&2; fail "admin token failed"; }
[ -n "$TRAFFPUNKT_ADMIN_TOKEN" ] || fail "admin token printed nothing"
export TRAFFPUNKT_ADMIN_TOKEN TRAFFPUNKT_ADMIN_EMAIL="$ADMIN_EMAIL"

step "starting the server on 127.0.0.1:$PORT"
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
export TRAFFPUNKT_URL="http://127.0.0.1:$PORT"
export TRAFFPUNKT_MAIL_DIR="$TRAFFPUNKT_DATA_DIR/mail"
node "$HERE/lib/wait-ready.mjs" "$TRAFFPUNKT_URL/readyz" 60 "$SERVER_PID" || fail "the server did not get ready"

cd "$HERE"
if [ "$MODE" = screenshots ]; then
  step "screenshots"
  node screenshots.mjs "$ROOT/docs/screenshots"
else
  step "node --test"
  [ "${#FILES[@]}" -gt 0 ] || FILES=(tests/*.test.mjs)
  node --test --test-concurrency=1 --test-reporter=spec "${FILES[@]}"
fi
