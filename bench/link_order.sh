#!/usr/bin/env bash
# Records link-order.txt, the functions a running server executes, which
# build.rs lays out together at the start of the release binary's code (see
# build.rs and README, "Memory"). Runs bench/run.sh's checks, a reminder
# (R1) and the registration scenario (M1) against the release server under
# valgrind's callgrind, on PostgreSQL (scale m) and then on SQLite (scale s),
# and lists the functions that ran, PostgreSQL's first.
#
#   bench/link_order.sh          # rewrites link-order.txt; commit it
#
# Needs valgrind (Debian: apt-get install valgrind) and what bench/run.sh
# needs. Takes about ten minutes beside the release build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "link_order.sh: needs valgrind" >&2; exit 1; }
work=${BENCH_WORK:-$root/bench/_work}/link-order
rm -rf "$work"
mkdir -p "$work"
for run in "m postgres" "s sqlite"; do
  set -- $run
  SERVER_WRAPPER="valgrind -q --tool=callgrind --demangle=no --callgrind-out-file=$work/$2.%p" \
    CHECK_ONLY=1 bash "$root/bench/run.sh" "$1" "$2"
done
python3 "$root/bench/link_order.py" "${CARGO_TARGET_DIR:-$root/target}/release/traffpunkt" \
  "$work"/postgres.* "$work"/sqlite.* >"$work/link-order.txt"
mv "$work/link-order.txt" "$root/link-order.txt"
echo "link_order.sh: wrote $root/link-order.txt" >&2
