#!/usr/bin/env python3
"""Checks Träffpunkt's answers to Q1, Q2 and Q3 against the dataset itself.

Python 3 standard library only.  The expected figures are computed from the
CSVs (the same work as ../shared/bench/ops/reference.sql), so every scale is
checked, not only the figures ops/README.md quotes for scale m.

Usage:
    python3 bench/check.py DATA_DIR BASE_URL          # check all three, exit 1 on a mismatch
    python3 bench/check.py DATA_DIR BASE_URL --q3-url # print the Q3 feed path and exit

Q3: our network feed has no event limit; its window `?from=…&to=…` selects
events that end at or after `from` and start before `to`, and cancelled
events only when they were cancelled at or after `from`.  The 500-event feed
of ops/README.md is therefore requested as from = 2021-01-01 (before every
event and every cancellation: the importer dates a cancellation at the
event's updated_at, up to 120 days before it starts) and to = the start of
the network's 501st event, computed here.
"""

import base64
import csv
import importlib.util
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_import", os.path.join(HERE, "import.py"))
_importer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_importer)
uid = _importer.uid  # the importer's id mapping

SLUG = "klimatkommunerna"
Q1_FROM = "2025-06-01T00:00:00Z"
FEED_LIMIT = 500


def rows(data_dir, name):
    with open(os.path.join(data_dir, name + ".csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Dataset:
    def __init__(self, data_dir):
        self.networks = {n["id"]: n for n in rows(data_dir, "networks")}
        self.net_id = next(i for i, n in self.networks.items() if n["slug"] == SLUG)
        self.events = {e["id"]: e for e in rows(data_dir, "events")}
        self.speakers = {}
        for s in rows(data_dir, "speakers"):
            self.speakers.setdefault(s["event_id"], []).append(s)
        self.confirmed = {}
        for r in rows(data_dir, "registrations"):
            if r["status"] == "confirmed":
                key = (r["event_id"], r["mode"])
                self.confirmed[key] = self.confirmed.get(key, 0) + 1
        self.by_uuid = {str(uid("events", i)): i for i in self.events}

    def network_events(self):
        evs = [e for e in self.events.values() if e["network_id"] == self.net_id]
        return sorted(evs, key=lambda e: (e["starts_at"], int(e["id"])))

    def q1(self):
        evs = [e for e in self.network_events()
               if e["status"] == "published" and e["starts_at"] >= Q1_FROM][:50]
        return {
            "events": len(evs),
            # Ties of start time may come in another order (ours: by UUID),
            # so an end is any event of the page starting at that instant.
            "first": (evs[0]["starts_at"], sorted(e["id"] for e in evs
                                                   if e["starts_at"] == evs[0]["starts_at"]))
            if evs else None,
            "last": (evs[-1]["starts_at"], sorted(e["id"] for e in evs
                                                   if e["starts_at"] == evs[-1]["starts_at"]))
            if evs else None,
            "ids": sorted(e["id"] for e in evs),
            "speakers": sum(len(self.speakers.get(e["id"], [])) for e in evs),
            "in_person": sum(self.confirmed.get((e["id"], "in_person"), 0) for e in evs),
            "online": sum(self.confirmed.get((e["id"], "online"), 0) for e in evs),
        }

    def q2(self):
        return {"speakers": len(self.speakers.get("1", [])),
                "in_person": self.confirmed.get(("1", "in_person"), 0),
                "online": self.confirmed.get(("1", "online"), 0)}

    def q3(self):
        evs = self.network_events()
        head = evs[:FEED_LIMIT]
        to = evs[FEED_LIMIT]["starts_at"] if len(evs) > FEED_LIMIT else "2100-01-01T00:00:00Z"
        if len(evs) > FEED_LIMIT and evs[FEED_LIMIT - 1]["starts_at"] == to:
            sys.exit("check.py: the 500th and 501st events start together; no exact window")
        return {"events": len(head), "cancelled": sum(e["status"] == "cancelled" for e in head),
                "first": head[0]["id"], "last": head[-1]["id"],
                "path": f"/calendar/networks/{SLUG}.ics?from=2021-01-01T00:00:00Z&to={to}"}


def event_int_id(ds, global_id):
    raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    return ds.by_uuid[raw.split(":", 1)[1]]


def post(base, body_file):
    with open(body_file, "rb") as f:
        body = f.read()
    req = urllib.request.Request(base + "/graphql", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        answer = json.load(resp)
    if answer.get("errors"):
        raise AssertionError(f"{os.path.basename(body_file)}: GraphQL errors {answer['errors']}")
    return answer["data"]


def instant(value):
    return value.replace("+00:00", "Z")


def check(data_dir, base):
    ds = Dataset(data_dir)
    ops = os.path.join(HERE, "ops", "traffpunkt")
    failures = []

    def expect(op, what, got, want):
        ok = got == want
        print(f"  {op} {what}: {got}" + ("" if ok else f"  EXPECTED {want}"))
        if not ok:
            failures.append(f"{op} {what}")

    want = ds.q1()
    data = post(base, os.path.join(ops, "q1_upcoming_events.json"))["network"]
    nodes = data["events"]["nodes"]
    expect("Q1", "events", len(nodes), want["events"])
    if nodes:
        for what, node in (("first", nodes[0]), ("last", nodes[-1])):
            start, tied = want[what]
            got = (instant(node["startsAt"]), event_int_id(ds, node["id"]) in tied)
            expect("Q1", what, got, (start, True))
    expect("Q1", "same events", sorted(event_int_id(ds, n["id"]) for n in nodes) == want["ids"],
           True)
    expect("Q1", "speakers", sum(len(n["speakers"]) for n in nodes), want["speakers"])
    expect("Q1", "confirmed in person", sum(n["seats"]["inPersonTaken"] for n in nodes),
           want["in_person"])
    expect("Q1", "confirmed online", sum(n["seats"]["onlineTaken"] for n in nodes),
           want["online"])

    want = ds.q2()
    event = post(base, os.path.join(ops, "q2_event_detail.json"))["event"]
    expect("Q2", "event", event_int_id(ds, event["id"]), "1")
    expect("Q2", "speakers", len(event["speakers"]), want["speakers"])
    expect("Q2", "confirmed in person", event["seats"]["inPersonTaken"], want["in_person"])
    expect("Q2", "confirmed online", event["seats"]["onlineTaken"], want["online"])

    want = ds.q3()
    with urllib.request.urlopen(base + want["path"], timeout=30) as resp:
        ics = resp.read().decode()
    lines = ics.replace("\r\n ", "").split("\r\n")
    expect("Q3", "events", sum(line == "BEGIN:VEVENT" for line in lines), want["events"])
    expect("Q3", "cancelled", sum(line == "STATUS:CANCELLED" for line in lines),
           want["cancelled"])
    if failures:
        sys.exit("check.py: wrong answers: " + ", ".join(failures))
    print("check.py: Q1, Q2 and Q3 answers agree with the dataset")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.split("\n\n")[2])
    if argv[3:] == ["--q3-url"]:
        print(Dataset(argv[1]).q3()["path"])
        return
    check(argv[1], argv[2].rstrip("/"))


if __name__ == "__main__":
    main(sys.argv)
