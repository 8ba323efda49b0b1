#!/usr/bin/env python3
"""Measures Q1, Q2, Q3 (200) and Q3 (304) against a running Träffpunkt.

Python 3 standard library plus a load tool: `oha` when it is on PATH (a fixed
number of requests, like ../shared/bench/run_peer.sh), otherwise `wrk` (a fixed
duration; see bench/wrk.lua).  LOAD_TOOL=oha|wrk forces one.  Run by
bench/run.sh, which starts the server with TRAFFPUNKT_METRICS=true.

Usage:
    python3 bench/measure.py DATA_DIR BASE_URL SERVER_PID OUT_JSON

Environment: OPS (a subset, by words of the names: OPS=Q3), OP_SUFFIX (added
to the names in the output), REQUESTS (oha, per op and concurrency; default 5000), WARMUP
(oha, default 1000), DURATION (wrk, seconds; default 10), WARMUP_DURATION
(wrk, default 3), CONCURRENCY (default "1 32"), STATEMENT_SAMPLES (default 20).
CHECK_ONLY=1: only the statement counts, compared with bench/statements.json
(the recorded SQL statements per request); exit 1 when any op needs more.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
OPS = os.path.join(HERE, "ops", "traffpunkt")


def env_int(name, default):
    return int(os.environ.get(name, default))


def fetch(base, op, etag=None):
    """One request of an op: (status, body bytes, etag)."""
    headers = {}
    if op["body"]:
        with open(op["body"], "rb") as f:
            data = f.read()
        headers["Content-Type"] = "application/json"
    else:
        data = None
    if etag:
        headers["If-None-Match"] = etag
    req = urllib.request.Request(base + op["path"], data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read(), resp.headers.get("ETag")
    except urllib.error.HTTPError as err:  # 304 arrives as an "error"
        return err.code, err.read(), err.headers.get("ETag")


def statements(base):
    with urllib.request.urlopen(base + "/metrics", timeout=10) as resp:
        for line in resp.read().decode().splitlines():
            if line.startswith("statements_total "):
                return int(line.split()[1])
    sys.exit("measure.py: /metrics has no statements_total (TRAFFPUNKT_METRICS=true?)")


def proc_status(pid, field):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB -> MiB
    return None


def run_oha(base, op, conc, requests, tool):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        cmd = [tool, "-n", str(requests), "-c", str(conc), "-t", "30s", "--no-tui",
               "--worker-threads", "1", "--disable-compression",
               "--output-format", "json", "-o", out.name]
        if op["body"]:
            cmd += ["-m", "POST", "-T", "application/json", "-D", op["body"]]
        if op.get("etag"):
            cmd += ["-H", f"If-None-Match: {op['etag']}"]
        subprocess.run(cmd + [base + op["path"]], check=True, stdout=subprocess.DEVNULL)
        r = json.load(open(out.name, encoding="utf-8"))
    codes = r.get("statusCodeDistribution", {})
    bad = sum(n for code, n in codes.items() if int(code) != op["status"])
    bad += sum(r.get("errorDistribution", {}).values())
    if "metrics" in r:  # oha 1.16's JSON, as read by ../shared/bench/tools/report.py
        m = r["metrics"]
        rps, p50, p99 = m["requests_per_sec"], m["latency_ms"]["p50"], m["latency_ms"]["p99"]
    else:  # older oha: seconds
        pct = r["latencyPercentiles"]
        rps, p50, p99 = r["summary"]["requestsPerSec"], pct["p50"] * 1000, pct["p99"] * 1000
    return {"requests": sum(codes.values()), "rps": rps, "p50_ms": p50, "p99_ms": p99,
            "bad": bad}


def run_wrk(base, op, conc, seconds, tool):
    env = dict(os.environ, EXPECT_STATUS=str(op["status"]), EXPECT_SIZE=str(op["size"]),
               BODY_FILE=op["body"] or "", IF_NONE_MATCH=op.get("etag") or "")
    out = subprocess.run([tool, "-t1", f"-c{conc}", f"-d{seconds}s", "--timeout", "30s",
                          "-s", os.path.join(HERE, "wrk.lua"), base + op["path"]],
                         env=env, check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return {"requests": r["requests"], "rps": r["requests"] / (r["duration_us"] / 1e6),
            "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000,
            "bad": r["bad"] + r["errors"]}


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__.split("\n\n")[2])
    data_dir, base, pid, out_json = argv[1], argv[2].rstrip("/"), int(argv[3]), argv[4]
    check_only = os.environ.get("CHECK_ONLY") == "1"
    tool_name = os.environ.get("LOAD_TOOL") or ("oha" if shutil.which("oha") else "wrk")
    tool = shutil.which(tool_name)
    if not tool and not check_only:
        sys.exit(f"measure.py: {tool_name} not found (apt-get install -y wrk, or cargo install oha)")
    concurrency = [int(c) for c in os.environ.get("CONCURRENCY", "1 32").split()]
    samples = env_int("STATEMENT_SAMPLES", 20)

    q3_path = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), data_dir, base,
                              "--q3-url"], check=True, capture_output=True,
                             text=True).stdout.strip()
    ops = [
        {"name": "Q1 upcoming events", "path": "/graphql", "status": 200,
         "body": os.path.join(OPS, "q1_upcoming_events.json")},
        {"name": "Q2 event detail", "path": "/graphql", "status": 200,
         "body": os.path.join(OPS, "q2_event_detail.json")},
        {"name": "Q3 network feed 200", "path": q3_path, "status": 200, "body": None},
        {"name": "Q3 network feed 304", "path": q3_path, "status": 304, "body": None},
    ]
    # OPS="Q3": only the ops whose name contains one of the (comma-separated)
    # words; OP_SUFFIX is added to their names (e.g. " (no render cache)").
    wanted = [w for w in os.environ.get("OPS", "").split(",") if w]
    etag = None
    for op in ops:
        if op["status"] == 304:
            op["etag"] = etag
        status, body, tag = fetch(base, op, op.get("etag"))
        if status != op["status"]:
            sys.exit(f"measure.py: {op['name']}: status {status}")
        etag = etag or tag
        op["size"] = len(body)
        before = statements(base)
        for _ in range(samples):
            fetch(base, op, op.get("etag"))
        after = statements(base)
        op["statements"] = (after - before) / samples
        print(f"{op['name']}: {op['size']} bytes, {op['statements']:g} SQL statements/request",
              file=sys.stderr)
    if wanted:
        ops = [op for op in ops if any(w in op["name"] for w in wanted)]
    for op in ops:
        op["name"] += os.environ.get("OP_SUFFIX", "")

    if check_only:
        with open(os.path.join(HERE, "statements.json"), encoding="utf-8") as f:
            recorded = json.load(f)
        grown = [f"{op['name']}: {op['statements']:g} > {recorded[op['name']]}"
                 for op in ops if op["statements"] > recorded[op["name"]]]
        if grown:
            sys.exit("measure.py: more SQL statements per request than recorded in "
                     "bench/statements.json: " + "; ".join(grown))
        print("measure.py: SQL statements per request within bench/statements.json",
              file=sys.stderr)
        return

    idle_rss = proc_status(pid, "VmRSS")
    max_c = max(concurrency)
    for op in ops:  # warm up
        if tool_name == "oha":
            run_oha(base, op, max_c, env_int("WARMUP", 1000), tool)
        else:
            run_wrk(base, op, max_c, env_int("WARMUP_DURATION", 3), tool)
    results = []
    for op in ops:
        for conc in concurrency:
            if tool_name == "oha":
                r = run_oha(base, op, conc, env_int("REQUESTS", 5000), tool)
            else:
                r = run_wrk(base, op, conc, env_int("DURATION", 10), tool)
            r.update(op=op["name"], concurrency=conc, size=op["size"],
                     statements=op["statements"])
            results.append(r)
            print(f"{op['name']} c{conc}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, "
                  f"p99 {r['p99_ms']:.1f} ms, {r['requests']} requests, {r['bad']} bad",
                  file=sys.stderr)
    peak_rss = proc_status(pid, "VmHWM")
    version = subprocess.run([tool, "--version"], capture_output=True, text=True)
    summary = {"load_tool": (version.stdout or version.stderr).strip().splitlines()[0],
               "idle_rss_mib": idle_rss, "peak_rss_mib": peak_rss, "results": results}
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(f"\nload tool: {summary['load_tool']}; server RSS idle {idle_rss:.1f} MiB "
          f"(after the checks), peak {peak_rss:.1f} MiB\n")
    print("| op | conc | requests | req/s | p50 ms | p99 ms | bytes | SQL/req | bad |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['op']} | {r['concurrency']} | {r['requests']} | {r['rps']:.0f} | "
              f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['size']} | {r['statements']:g} | "
              f"{r['bad']} |")
    if any(r["bad"] for r in results):
        sys.exit("measure.py: some responses had another status or size than the checked one")


if __name__ == "__main__":
    main(sys.argv)
