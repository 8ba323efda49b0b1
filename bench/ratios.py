#!/usr/bin/env python3
"""Medians over repeated runs, and Träffpunkt / PostGraphile ratios.

    python3 bench/ratios.py OURS.json [OURS.json ...] [-- PEER_DIR [PEER_DIR ...]]

OURS.json: bench/measure.py results (one per run); PEER_DIR: result folders
of ../shared/bench/run_peer.sh (their oha JSON files). Prints a Markdown
table of our medians [min–max] per op and concurrency and, with peer runs,
the peer's medians and the ratios of the medians (req/s ours/peer: higher is
better; p50 and p99 ours/peer: lower is better). An op of ours with a note
in parentheses ("Q1 upcoming events (read cache)") is set against the
peer's op of the same name without it.
"""

import glob
import json
import os
import re
import statistics
import sys

PEER_OPS = {"q1_upcoming_events": "Q1 upcoming events", "q2_event_detail": "Q2 event detail",
            "q3_network_feed": "Q3 network feed 200"}


def spread(values, fmt="{:.0f}"):
    med = statistics.median(values)
    if len(values) == 1:
        return med, fmt.format(med)
    return med, f"{fmt.format(med)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def ours(paths):
    runs = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for r in json.load(f)["results"]:
                runs.setdefault((r["op"], r["concurrency"]), []).append(r)
    return runs


def peer(dirs):
    runs = {}
    for d in dirs:
        for path in glob.glob(os.path.join(d, "*.c*.oha.json")):
            base = os.path.basename(path)
            op = PEER_OPS.get(base.split(".c")[0])
            conc = int(re.search(r"\.c(\d+)\.oha", base).group(1))
            with open(path, encoding="utf-8") as f:
                m = json.load(f)["metrics"]  # run_peer.sh's oha JSON, latency in ms
            rps, p50, p99 = (m["requests_per_sec"], m["latency_ms"]["p50"],
                             m["latency_ms"]["p99"])
            if op and rps:
                runs.setdefault((op, conc), []).append({"rps": rps, "p50_ms": p50, "p99_ms": p99})
    return runs


def main(argv):
    args = argv[1:]
    if not args:
        sys.exit(__doc__.split("\n\n")[1])
    split = args.index("--") if "--" in args else len(args)
    mine, theirs = ours(args[:split]), peer(args[split + 1:])
    runs = max((len(rows) for rows in mine.values()), default=0)
    header = f"| op | conc | Träffpunkt req/s ({runs} runs) | p50 ms | p99 ms | SQL/req |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if theirs:
        header += " PostGraphile req/s | p50 ms | p99 ms | req/s ratio | p50 ratio | p99 ratio |"
        rule += "---:|---:|---:|---:|---:|---:|"
    print(header)
    print(rule)
    for (op, conc), rows in sorted(mine.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        rps, rps_text = spread([r["rps"] for r in rows])
        p50, p50_text = spread([r["p50_ms"] for r in rows], "{:.1f}")
        p99, p99_text = spread([r["p99_ms"] for r in rows], "{:.1f}")
        line = f"| {op} | {conc} | {rps_text} | {p50_text} | {p99_text} | {rows[0]['statements']:g} |"
        other = theirs.get((re.sub(r" \(.*\)$", "", op), conc))
        if theirs:
            if other:
                prps, prps_text = spread([r["rps"] for r in other])
                pp50, pp50_text = spread([r["p50_ms"] for r in other], "{:.1f}")
                pp99, pp99_text = spread([r["p99_ms"] for r in other], "{:.1f}")
                line += (f" {prps_text} | {pp50_text} | {pp99_text} | {rps / prps:.2f} |"
                         f" {p50 / pp50:.2f} | {p99 / pp99:.2f} |")
            else:
                line += " | | | | | |"
        print(line)


if __name__ == "__main__":
    main(sys.argv)
