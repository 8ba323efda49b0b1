#!/usr/bin/env bash
# The network feed (Q3, scale m, 500 events) with and without Accept-Encoding
# (gzip, br), wrk -t2 -c8 10 s, two runs each, render cache on and off;
# release build on PostgreSQL, as bench/run.sh. Run bench/run.sh once first
# (release build); then: bench/feed_encoding.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); shared=$(cd "${SHARED:-$root/../shared}" && pwd); work=$root/bench/_work; port=18080; base=http://127.0.0.1:$port
bin=$root/target/release/traffpunkt
data=$work/data/m
[ -f "$data/MANIFEST.json" ] || python3 "$shared/bench/dataset/gen.py" m --out "$data" >/dev/null
pg=postgres://postgres@127.0.0.1:5432; name=bench_traffpunkt_m
psql -X -q -d "$pg/postgres" -c "drop database if exists $name" -c "create database $name"
url=$pg/$name
DATABASE_URL=$url "$bin" migrate >/dev/null
python3 "$root/bench/import.py" "$data" "$url" >/dev/null
mkdir -p $work/server
run() {
  env DATABASE_URL="$url" TRAFFPUNKT_ADDR=127.0.0.1:$port PUBLIC_URL=$base TRAFFPUNKT_DATA_DIR="$work/server" \
    TRAFFPUNKT_DB_MAX_CONNECTIONS=10 TRAFFPUNKT_WORKER=false TRAFFPUNKT_METRICS=true \
    TRAFFPUNKT_GRAPHQL_INTROSPECTION=false RUST_LOG=warn "$@" "$bin" serve >>$work/server.log 2>&1 &
  srv=$!
  for _ in $(seq 100); do curl -fs $base/readyz >/dev/null 2>&1 && break; sleep 0.1; done
  q3=$(python3 $root/bench/check.py "$data" $base --q3-url)
  for enc in "" "gzip" "br"; do
    h=(); [ -n "$enc" ] && h=(-H "Accept-Encoding: $enc")
    size=$(curl -s "${h[@]}" "$base$q3" | wc -c)
    for r in 1 2; do
      out=$(wrk -t2 -c8 -d10s --latency "${h[@]}" "$base$q3")
      printf '%s enc=%-4s run %s: %8s B  %s req/s  p50 %s  p99 %s\n' "${*:-cache on}" "${enc:-none}" $r "$size" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")"
    done
  done
  kill $srv; wait $srv 2>/dev/null || true
}
: > $work/server.log
run
run TRAFFPUNKT_FEED_CACHE_MIB=0
