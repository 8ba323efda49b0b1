#!/usr/bin/env bash
# Benchmark harness: load the shared dataset into a fresh Träffpunkt database,
# start the release server, check the Q1–Q3 answers once, warm up, measure at
# concurrency 1 and 32, print req/s, p50, p99, SQL statements per request and
# the server's RSS.  See BENCHMARKS.md.
#
#   bench/run.sh [s|m|l] [postgres|sqlite] [--with-peer]
#   CHECK_ONLY=1 bench/run.sh s sqlite   # answers and SQL statements per request
#                                        # (vs bench/statements.json) only, no load
#
# Environment:
#   SHARED             the shared folder holding bench/ (default: ../shared next to the repo)
#   BENCH_WORK         work folder: data, databases, results (default: bench/_work, git-ignored)
#   BENCH_PG_URL       PostgreSQL server to create the database on
#                      (default postgres://postgres@127.0.0.1:5432); the database is
#                      bench_traffpunkt_<scale>, dropped and created on every run
#   PORT               server port (default 18080)
#   DB_POOL            database pool size (default 10, like the PostGraphile peer)
#   RUNS               measurements of Q1–Q3 in a row (and, with --with-peer, peer runs);
#                      medians over them are printed (default 1)
#   LOAD_TOOL, REQUESTS, WARMUP, DURATION, WARMUP_DURATION, CONCURRENCY: see bench/measure.py
#   CARGO_TARGET_DIR   where cargo builds (default: target/)
#   SERVER_WRAPPER     a command the server runs under (bench/link_order.sh runs it
#                      under valgrind's callgrind); the server then gets a minute
#                      to become ready instead of ten seconds
set -euo pipefail

scale=s db=postgres with_peer=
for arg in "$@"; do
  case $arg in
    s | m | l) scale=$arg ;;
    postgres | sqlite) db=$arg ;;
    --with-peer) with_peer=1 ;;
    *) echo "usage: bench/run.sh [s|m|l] [postgres|sqlite] [--with-peer]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${SHARED:-$root/../shared}" && pwd)
work=${BENCH_WORK:-$root/bench/_work}
port=${PORT:-18080}
base=http://127.0.0.1:$port
mkdir -p "$work"
log() { printf '\n== %s\n' "$*" >&2; }

profile=${PROFILE:-release}
log "$profile build"
(cd "$root" && cargo build --profile "$profile" -q --bin traffpunkt --example smtp_sink)
[ "$profile" = dev ] && dir=debug || dir=$profile
bin=${CARGO_TARGET_DIR:-$root/target}/$dir/traffpunkt
sink_bin=${CARGO_TARGET_DIR:-$root/target}/$dir/examples/smtp_sink

data=$work/data/$scale
if [ ! -f "$data/MANIFEST.json" ]; then
  log "dataset $scale"
  python3 "$shared/bench/dataset/gen.py" "$scale" --out "$data" >/dev/null
fi

case $db in
  postgres)
    pg=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
    name=bench_traffpunkt_$scale
    psql -X -q -d "$pg/postgres" -c "drop database if exists $name" -c "create database $name"
    # Plain TCP on loopback, as the PostGraphile peer connects (node-postgres
    # does not ask for TLS); sqlx would otherwise negotiate TLS with a
    # server that offers it and both sides would pay for it per row.
    url="$pg/$name?sslmode=disable" ;;
  sqlite)
    file=$work/traffpunkt-$scale.db
    rm -f "$file" "$file-wal" "$file-shm"
    url="sqlite://$file?mode=rwc" ;;
esac

log "migrate and import scale $scale into $db"
DATABASE_URL=$url "$bin" migrate
python3 "$root/bench/import.py" "$data" "$url"

mkdir -p "$work/server"
server=
stop_server() {
  [ -n "$server" ] || return 0
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}
sink=
trap 'stop_server; [ -z "$sink" ] || kill "$sink" 2>/dev/null || true' EXIT
# start_server [VAR=value ...]: production-like: release build, no request
# logging, no introspection, a bounded pool, no mail worker unless asked;
# TRAFFPUNKT_METRICS only for the statement count.
start_server() {
  log "start the server on $base $*"
  env DATABASE_URL="$url" TRAFFPUNKT_ADDR=127.0.0.1:$port PUBLIC_URL=$base \
    TRAFFPUNKT_DATA_DIR="$work/server" TRAFFPUNKT_DB_MAX_CONNECTIONS=${DB_POOL:-10} \
    TRAFFPUNKT_WORKER=false TRAFFPUNKT_METRICS=true TRAFFPUNKT_GRAPHQL_INTROSPECTION=false \
    TRAFFPUNKT_LOG_FORMAT=json RUST_LOG=warn "$@" \
    ${SERVER_WRAPPER:-} "$bin" serve >>"$work/server.log" 2>&1 &
  server=$!
  local tries=100
  [ -z "${SERVER_WRAPPER:-}" ] || tries=600
  for _ in $(seq "$tries"); do
    curl -fs "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the server did not get ready" >&2; exit 1
}
: >"$work/server.log"
# Q1–Q3 and the statement guard without the read cache (every request runs
# its statements); the read cache is measured on its own below.
start_server TRAFFPUNKT_READ_CACHE_MIB=0

log "check the answers"
python3 "$root/bench/check.py" "$data" "$base"

stamp=$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$work/results"
out=$work/results/traffpunkt-$scale-$db-$stamp.json
scenarios_out=$work/results/traffpunkt-$scale-$db-$stamp-scenarios.json
if [ "${CHECK_ONLY:-}" = 1 ]; then
  log "SQL statements per request"
  python3 "$root/bench/measure.py" "$data" "$base" "$server" /dev/null
  # Small write scenarios: the answers (no overbooking, every mail accepted)
  # are checked; their timings mean nothing here.
  export M1_REQUESTS=${M1_REQUESTS:-640} M1_WARMUP=${M1_WARMUP:-32} CAPACITY=${CAPACITY:-20}
  export RECIPIENTS=${RECIPIENTS:-300}
else
  # RUNS measurements in a row on the same server and data (default 1);
  # bench/ratios.py prints their medians.
  outs=()
  for run in $(seq "${RUNS:-1}"); do
    log "measure (run $run of ${RUNS:-1})"
    outs+=("${out%.json}-run$run.json")
    python3 "$root/bench/measure.py" "$data" "$base" "$server" "${outs[-1]}"
  done
  # The read cache (anonymous public answers kept while the data's version
  # is unchanged): Q1 and Q2 answered from memory after one version read,
  # Q3 with its version known without its version queries.
  stop_server
  start_server
  for run in $(seq "${RUNS:-1}"); do
    log "Q1-Q3 with the read cache (run $run of ${RUNS:-1})"
    outs+=("${out%.json}-readcache-run$run.json")
    OPS=Q1,Q2,Q3 OP_SUFFIX=" (read cache)" python3 "$root/bench/measure.py" "$data" "$base" \
      "$server" "${outs[-1]}"
  done
  # Public feeds are served from a render cache by ETag: measure the render
  # itself too, with the cache off (every 200 renders the 500 events).
  # RUNS times as well, so that its medians stand beside the peer's JSON.
  stop_server
  start_server TRAFFPUNKT_FEED_CACHE_MIB=0
  for run in $(seq "${RUNS:-1}"); do
    log "Q3 with the render cache off (run $run of ${RUNS:-1})"
    outs+=("${out%.json}-nocache-run$run.json")
    OPS=Q3 OP_SUFFIX=" (no render cache)" python3 "$root/bench/measure.py" "$data" "$base" \
      "$server" "${outs[-1]}"
  done
  echo "results: ${outs[*]}" >&2
fi

log "R1: a reminder to ${RECIPIENTS:-10000} recipients through a local SMTP server"
stop_server
# The SMTP server: examples/smtp_sink.rs (built with the server above), a
# stand-in for a mail relay that costs next to nothing per mail, so that R1
# measures Träffpunkt and not the sink (see BENCHMARKS.md).
coproc SINK { exec "$sink_bin" "$work/smtp.status"; }
sink=$SINK_PID
read -r sink_port <&"${SINK[0]}"
start_server TRAFFPUNKT_WORKER=true SMTP_URL="smtp://127.0.0.1:$sink_port" MAIL_MAX_PER_SECOND=0
python3 "$root/bench/scenarios.py" r1 "$base" "$server" "$url" "$bin" "$scenarios_out" \
  "$work/smtp.status"
stop_server
kill "$sink" 2>/dev/null || true
sink=

# M1 after R1, so that its confirmation mails are not in R1's queue; no worker,
# like the read operations.
# M1's guests all come from this one client: the per-client limit on guest
# registrations (TRAFFPUNKT_GUEST_REGISTRATIONS_PER_HOUR) would stop it.
start_server TRAFFPUNKT_GUEST_REGISTRATIONS_PER_HOUR=1000000
log "M1: register at concurrency ${CONCURRENCY_M1:-32} on events with limited seats"
python3 "$root/bench/scenarios.py" m1 "$base" "$server" "$url" "$bin" "$scenarios_out"
if [ "${CHECK_ONLY:-}" != 1 ]; then
  echo "scenario results: $scenarios_out" >&2
  log "medians over ${RUNS:-1} runs"
  python3 "$root/bench/ratios.py" "${outs[@]}"
fi
stop_server

if [ -n "$with_peer" ] && [ "${CHECK_ONLY:-}" != 1 ]; then
  peers=()
  for run in $(seq "${RUNS:-1}"); do
    log "PostGraphile peer, run $run of ${RUNS:-1} (../shared/bench/run_peer.sh $scale)"
    # The peer loads its own database once; later runs reuse it.
    skip=$([ "$run" = 1 ] && echo 0 || echo 1)
    (cd "$shared" && SKIP_LOAD=$skip bench/run_peer.sh "$scale")
    peers+=("$(ls -d "$shared"/bench/_work/results/postgraphile-"$scale"-* | tail -1)")
  done
  log "medians and ratios (Träffpunkt / PostGraphile)"
  python3 "$root/bench/ratios.py" "${outs[@]}" -- "${peers[@]}"
fi
