#!/usr/bin/env python3
"""The write scenarios of the benchmark: M1 (register under load) and R1 (a
reminder to many recipients through a local SMTP server).

Python 3 standard library; R1's SMTP server is examples/smtp_sink.rs (built by bench/run.sh).
Run by bench/run.sh against a server it started; see BENCHMARKS.md.

    python3 bench/scenarios.py m1 BASE_URL SERVER_PID DATABASE_URL BIN OUT_JSON
    python3 bench/scenarios.py r1 BASE_URL SERVER_PID DATABASE_URL BIN OUT_JSON SINK_STATUS

M1: EVENTS hybrid events (default 8) with CAPACITY seats per mode (default
100) in the dataset's network `klimatkommunerna`; M1_REQUESTS guest
registrations (default 4000), spread evenly over events and modes, sent by
CONCURRENCY_M1 (default 32) keep-alive connections after M1_WARMUP (default
400) on a warm-up event. Prints req/s, p50, p99 and checks: every answer is a
registration without errors, and per event and mode exactly
min(CAPACITY, asked) confirmed, the rest waitlisted at positions 1..n, none
lost, no seat given twice (zero overbooking).

R1: one published event with RECIPIENTS confirmed registrations (default
10000, written straight into the database: the recipients are set-up, the
mails are the work), one reminder with sendReminderNow, then waits until the
SMTP server has accepted every mail (deadline R1_DEADLINE_S, default 120) while
sampling the server's RSS every 50 ms. Prints the time to the last mail,
mails/s and the peak RSS.
"""

import asyncio
import base64
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NETWORK = "klimatkommunerna"


def load(script):
    """Another bench script as a module (their names are not importable)."""
    spec = importlib.util.spec_from_file_location(f"bench_{script}",
                                                  os.path.join(HERE, f"{script}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_importer():
    return load("import")


class RssSampler(threading.Thread):
    """Samples a process's RSS until stopped; `peak` in MiB."""

    def __init__(self, pid, every=0.05):
        super().__init__(daemon=True)
        self.read = load("measure").proc_status
        self.pid, self.every = pid, every
        self.peak = self.rss()
        self.stopped = threading.Event()

    def rss(self):
        try:
            return self.read(self.pid, "VmRSS") or 0
        except OSError:
            return 0

    def run(self):
        while not self.stopped.wait(self.every):
            self.peak = max(self.peak, self.rss())

    def stop(self):
        self.stopped.set()
        self.join()
        self.peak = max(self.peak, self.rss())
        return self.peak


class Api:
    def __init__(self, base, token=None):
        self.base, self.token = base, token

    def gql(self, query, variables=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        req = urllib.request.Request(self.base + "/graphql", data=body, headers=headers)
        with urllib.request.urlopen(req, timeout=60) as resp:
            answer = json.loads(resp.read())
        if answer.get("errors"):
            sys.exit(f"scenarios.py: GraphQL errors: {answer['errors']}")
        data = answer["data"]
        for value in data.values():
            if isinstance(value, dict) and value.get("userErrors"):
                sys.exit(f"scenarios.py: user errors: {value['userErrors']}")
        return data


def admin_api(base, database_url, binary):
    env = dict(os.environ, DATABASE_URL=database_url)
    email = "bench-admin@bench.example"

    def run(*args):
        out = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"scenarios.py: {' '.join(args[:2])} failed: {out.stderr.strip()}")
        return out.stdout

    run("admin", "create", "--email", email, "--name", "Bench Admin")
    token = run("admin", "token", "--email", email).strip().split()[-1]
    return Api(base, token)


def uuid_of(global_id):
    padded = global_id + "=" * (-len(global_id) % 4)
    return uuid.UUID(base64.urlsafe_b64decode(padded).decode().split(":", 1)[1])


def create_event(api, network_id, title, capacity, mode="HYBRID"):
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)).replace(
        minute=0, second=0, microsecond=0)
    event = {
        "networkId": network_id, "kind": "MEETING", "title": title,
        "startsAt": start.isoformat(), "endsAt": (start + dt.timedelta(hours=2)).isoformat(),
        "attendanceMode": mode,
        "venue": {"name": "Bench hall", "address": "Storgatan 1", "city": "Umeå"},
    }
    if mode != "IN_PERSON":
        event["onlineMeeting"] = {"provider": "Webex", "joinUrl": "https://webex.example/bench"}
    if capacity is not None:
        event["capacity"] = {"inPerson": capacity, "online": capacity}
    created = api.gql("mutation($e: CreateEventInput!) { createEvent(input: $e) "
                      "{ event { id } userErrors { field message } } }", {"e": event})
    event_id = created["createEvent"]["event"]["id"]
    api.gql("mutation($id: ID!) { publishEvent(input: {id: $id}) "
            "{ userErrors { field message } } }", {"id": event_id})
    return event_id


def network_id(api):
    return api.gql("query($s: String!) { network(slug: $s) { id } }", {"s": NETWORK})["network"]["id"]


REGISTER = ("mutation($i: RegisterInput!) { register(input: $i) { alreadyRegistered "
            "registration { status mode waitlistPosition } userErrors { field message } } }")


def register_body(event_id, mode, n):
    return json.dumps({"query": REGISTER, "variables": {"i": {
        "eventId": event_id, "mode": mode, "consent": True,
        "guest": {"name": f"Deltagare {n}", "email": f"m1-{n}@bench.example"}}}}).encode()


async def http_load(host, port, bodies, concurrency):
    """POSTs every body to /graphql over `concurrency` keep-alive connections;
    returns (seconds, [(latency s, status, body bytes)])."""
    queue = list(reversed(bodies))
    results = []

    async def client():
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while queue:
                body = queue.pop()
                head = (f"POST /graphql HTTP/1.1\r\nHost: {host}:{port}\r\n"
                        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
                started = time.perf_counter()
                writer.write(head.encode() + body)
                await writer.drain()
                status_line = await reader.readline()
                status = int(status_line.split()[1])
                length, chunked = 0, False
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    elif name.lower() == "transfer-encoding" and "chunked" in value:
                        chunked = True
                if chunked:
                    data = b""
                    while True:
                        size = int((await reader.readline()).strip(), 16)
                        data += await reader.readexactly(size + 2)
                        if size == 0:
                            break
                else:
                    data = await reader.readexactly(length)
                results.append((time.perf_counter() - started, status, data))
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - started, results


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def sql_rows(database_url, query):
    if database_url.startswith("sqlite:"):
        import sqlite3
        with sqlite3.connect(load_importer().sqlite_path(database_url)) as db:
            return [tuple(str(v) for v in row) for row in db.execute(query)]
    out = subprocess.run(["psql", "-X", "-q", "-tA", "-F,", "-d", database_url, "-c", query],
                         capture_output=True, text=True, check=True)
    return [tuple(line.split(",")) for line in out.stdout.split()]


def m1(base, pid, database_url, binary, out_path):
    events_n = int(os.environ.get("EVENTS", 8))
    capacity = int(os.environ.get("CAPACITY", 100))
    requests = int(os.environ.get("M1_REQUESTS", 4000))
    warmup = int(os.environ.get("M1_WARMUP", 400))
    concurrency = int(os.environ.get("CONCURRENCY_M1", 32))
    host, port = base.split("//", 1)[1].split(":")
    port = int(port)

    api = admin_api(base, database_url, binary)
    net = network_id(api)
    warm_event = create_event(api, net, "M1 warm-up", None)
    events = [create_event(api, net, f"M1 event {i + 1}", capacity) for i in range(events_n)]
    modes = ["IN_PERSON", "ONLINE"]

    asyncio.run(http_load(host, port, [register_body(warm_event, modes[n % 2], f"w{n}")
                                        for n in range(warmup)], concurrency))
    bodies = [register_body(events[(n // 2) % events_n], modes[n % 2], n) for n in range(requests)]
    sampler = RssSampler(pid)
    sampler.start()
    seconds, results = asyncio.run(http_load(host, port, bodies, concurrency))
    peak = sampler.stop()

    problems = []
    for _, status, data in results:
        answer = json.loads(data) if status == 200 else {}
        payload = (answer.get("data") or {}).get("register") or {}
        if status != 200 or answer.get("errors") or payload.get("userErrors") \
                or not payload.get("registration"):
            problems.append(f"{status} {data[:200]!r}")
    # Per event and mode: confirmed = min(capacity, asked), the others
    # waitlisted at 1..n, nothing lost.
    asked = requests // (events_n * 2)
    event_ids = {str(uuid_of(e)) for e in events}
    if database_url.startswith("sqlite:"):
        # SQLite keeps uuids as 16-byte blobs.
        key = "lower(hex(event_id))"
        event_ids = {e.replace("-", "") for e in event_ids}
    else:
        key = "event_id::text"
    rows = sql_rows(database_url, f"select {key}, mode, status, count(*), "
                    "count(distinct waitlist_position), coalesce(min(waitlist_position), 0), "
                    "coalesce(max(waitlist_position), 0) from registrations "
                    f"group by {key}, mode, status")
    seen = {}
    for event, mode, status, count, distinct, low, high in rows:
        if event in event_ids:
            seen[(event, mode, status)] = (int(count), int(distinct), int(low), int(high))
    for event in event_ids:
        for mode in modes:
            confirmed = seen.get((event, mode, "CONFIRMED"), (0, 0, 0, 0))[0]
            wait = seen.get((event, mode, "WAITLISTED"), (0, 0, 0, 0))
            if confirmed != min(capacity, asked):
                problems.append(f"{event} {mode}: {confirmed} confirmed for {capacity} seats "
                                f"and {asked} asked")
            expected_wait = max(0, asked - capacity)
            if wait[0] != expected_wait or (expected_wait and wait[1:] != (expected_wait, 1,
                                                                           expected_wait)):
                problems.append(f"{event} {mode}: waiting list {wait}, expected "
                                f"{expected_wait} at 1..{expected_wait}")
    latencies = [r[0] for r in results]
    report = {
        "op": "M1 register", "concurrency": concurrency, "requests": len(results),
        "rps": round(len(results) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "peak_rss_mib": round(peak, 1),
        "events": events_n, "seats_per_mode": capacity, "asked_per_mode": asked,
        "overbooked": sum(1 for p in problems if "confirmed for" in p), "problems": len(problems),
    }
    print(f"M1 register c={concurrency}: {report['rps']} req/s, p50 {report['p50_ms']} ms, "
          f"p99 {report['p99_ms']} ms, peak RSS {report['peak_rss_mib']} MiB; "
          f"{events_n} events x 2 modes, {capacity} seats, {asked} asked each: "
          f"{'zero overbooking, waiting lists exact' if not problems else 'PROBLEMS'}")
    for problem in problems[:20]:
        print("  M1 problem:", problem, file=sys.stderr)
    write_report(out_path, report)
    return 1 if problems else 0


def r1(base, pid, database_url, binary, out_path, sink_status):
    recipients = int(os.environ.get("RECIPIENTS", 10000))
    deadline_s = float(os.environ.get("R1_DEADLINE_S", 120))
    api = admin_api(base, database_url, binary)
    event = create_event(api, network_id(api), "R1 information meeting", None, "IN_PERSON")
    event_uuid = uuid_of(event)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    importer = load_importer()
    rows = [[uuid.uuid5(event_uuid, f"r1:{n}"), event_uuid, f"Mottagare {n}",
             f"r1-{n}@bench.example", "IN_PERSON", "CONFIRMED", "{}", now, now]
            for n in range(recipients)]
    importer.insert(database_url, [("registrations", [
        "id", "event_id", "guest_name", "guest_email", "mode", "status", "answers",
        "created_at", "updated_at"], rows)])

    def accepted():
        try:
            with open(sink_status, encoding="ascii") as f:
                return int(f.read().split()[0] or 0)
        except (OSError, ValueError, IndexError):
            return 0

    before = accepted()
    reminder = api.gql(
        "mutation($i: ReminderDraftInput!) { scheduleReminder(input: $i) "
        "{ reminder { id } userErrors { field message } } }",
        {"i": {"eventId": event, "audience": "CONFIRMED",
               "sendAt": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()}},
    )["scheduleReminder"]["reminder"]["id"]
    sampler = RssSampler(pid)
    sampler.start()
    started = time.perf_counter()
    queued = api.gql("mutation($i: ReminderIdInput!) { sendReminderNow(input: $i) "
                     "{ queued userErrors { field message } } }",
                     {"i": {"reminderId": reminder}})["sendReminderNow"]["queued"]
    queued_s = time.perf_counter() - started
    while accepted() - before < recipients and time.perf_counter() - started < deadline_s:
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    got = accepted() - before
    ok = got >= recipients and queued == recipients
    report = {"op": "R1 reminder", "recipients": recipients, "queued": queued,
              "accepted": got, "queue_s": round(queued_s, 2), "seconds": round(seconds, 2),
              "mails_per_s": round(got / seconds, 1), "peak_rss_mib": round(peak, 1)}
    print(f"R1 reminder to {recipients}: {got} accepted by the SMTP server in "
          f"{report['seconds']} s ({report['mails_per_s']} mails/s; queued in "
          f"{report['queue_s']} s), peak RSS {report['peak_rss_mib']} MiB"
          f"{'' if ok else '  INCOMPLETE'}")
    write_report(out_path, report)
    return 0 if ok else 1


def write_report(out_path, report):
    if out_path == "/dev/null":
        return
    existing = []
    if os.path.exists(out_path):
        with open(out_path, encoding="utf-8") as f:
            existing = json.load(f)
    existing = existing if isinstance(existing, list) else existing.get("scenarios", [])
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(existing + [report], f, indent=1)


def main(argv):
    if len(argv) >= 7 and argv[1] == "m1":
        return m1(argv[2], int(argv[3]), argv[4], argv[5], argv[6])
    if len(argv) >= 8 and argv[1] == "r1":
        return r1(argv[2], int(argv[3]), argv[4], argv[5], argv[6], argv[7])
    sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
