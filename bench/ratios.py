#!/usr/bin/env python3
"""Prints Träffpunkt / PostGraphile ratios from one bench/run.sh result and
one ../shared/bench/run_peer.sh result folder (its oha JSON files).

Usage: python3 bench/ratios.py OUR_RESULT.json PEER_RESULT_DIR
"""

import glob
import json
import os
import re
import sys

OPS = {"q1_upcoming_events": "Q1 upcoming events", "q2_event_detail": "Q2 event detail",
       "q3_network_feed": "Q3 network feed 200"}


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    ours = {(r["op"], r["concurrency"]): r for r in json.load(open(argv[1]))["results"]}
    print("| op | conc | ours req/s | peer req/s | req/s ratio | ours p99 ms | peer p99 ms "
          "| p99 ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in sorted(glob.glob(os.path.join(argv[2], "*.c*.oha.json"))):
        base = os.path.basename(path)
        op, conc = base.split(".c")[0], int(re.search(r"\.c(\d+)\.oha", base).group(1))
        m = json.load(open(path))["metrics"]
        mine = ours.get((OPS.get(op), conc))
        if not mine:
            continue
        print(f"| {OPS[op]} | {conc} | {mine['rps']:.0f} | {m['requests_per_sec']:.0f} | "
              f"{mine['rps'] / m['requests_per_sec']:.2f} | {mine['p99_ms']:.1f} | "
              f"{m['latency_ms']['p99']:.1f} | {mine['p99_ms'] / m['latency_ms']['p99']:.2f} |")


if __name__ == "__main__":
    main(sys.argv)
