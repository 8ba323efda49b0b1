#!/usr/bin/env python3
"""Loads the shared benchmark dataset into a Träffpunkt database.

Python 3 standard library only.  The database must already hold our schema
(`traffpunkt migrate`) and no benchmark rows; the importer refuses a database
that has events in it.  PostgreSQL is loaded with `psql` and `\\copy` (psql
must be on PATH), SQLite with the `sqlite3` module.

Usage:
    python3 bench/import.py DATA_DIR DATABASE_URL
    python3 bench/import.py _work/data/s sqlite://bench/_work/s.db
    python3 bench/import.py _work/data/m postgres://postgres@127.0.0.1:5432/bench_tp

DATA_DIR is what `../shared/bench/dataset/gen.py SCALE --out DATA_DIR` wrote
(the CSVs and MANIFEST.json).  After loading, the row counts are checked
against MANIFEST.json.

Mapping (dataset -> ours), see BENCHMARKS.md for the reasons:
  * integer ids -> uuid5(NAMESPACE, "table:id"); speakers, which have no id
    in the dataset, -> uuid5(NAMESPACE, "speakers:event_id:person_id").
  * enumerations -> our upper-case values (conference -> CONFERENCE …);
    organisation kind academia -> ACADEMIA, civil_society -> CIVIL_SOCIETY.
  * events: join_url -> online_join_url with join link visibility PUBLIC;
    created_at = updated_at; published_at / cancelled_at = updated_at by
    status; search_key = fold(title + " " + venue name + " ") exactly as the
    server computes it (venue city is not in the dataset).
  * speakers: name from the person, affiliation from the person's
    organisation, role as in the dataset, status CONFIRMED, position by
    person id within the event.
  * registrations: organisation from the person; waitlist positions 1, 2, …
    per event in id order; answers '{}'; updated_at = created_at.
  * network_members: the dataset's member/coordinator role has no column of
    ours (organisations are members; roles belong to people) and is dropped.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import uuid

NAMESPACE = uuid.UUID("6f1d3c8e-4b7a-5e2d-9c01-7472616666b0")
REFERENCE_TIME = "2021-01-01T00:00:00+00:00"
TABLES = ["networks", "organisations", "network_members", "people", "events",
          "speakers", "registrations"]
LOCALE_BY_TZ = {"Europe/Stockholm": "sv", "Europe/Oslo": "nb", "Europe/Copenhagen": "da",
                "Europe/Helsinki": "fi"}

_FOLD = {}
for _chars, _to in [("åäàáâã", "a"), ("öøóòôõ", "o"), ("æ", "ae"), ("éèêë", "e"),
                    ("üúùû", "u"), ("íìîï", "i"), ("ç", "c"), ("ñ", "n"), ("ß", "ss")]:
    for _c in _chars:
        _FOLD[_c] = _to


def fold(text):
    """The same folding as api/src/text.rs::fold."""
    return "".join(_FOLD.get(ch, ch) for ch in text.lower())


def uid(table, *key):
    return uuid.uuid5(NAMESPACE, ":".join([table, *map(str, key)]))


def instant(value):
    """Dataset instant (2025-06-03T07:30:00Z) -> the form the server writes."""
    if value is None:
        return None
    if value.endswith("Z"):
        return value[:-1] + "+00:00"
    return value


def read(data_dir, name):
    with open(os.path.join(data_dir, name + ".csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield {k: (None if v == "" else v) for k, v in row.items()}


def transform(data_dir):
    """Yields (table, columns, rows) in insertion order; values are str/int/None/UUID."""
    networks = list(read(data_dir, "networks"))
    yield "networks", ["id", "slug", "name", "description", "parent_id", "owner_organisation_id",
                       "visibility", "time_zone", "default_locale", "focus_areas",
                       "created_at", "updated_at"], [
        [uid("networks", n["id"]), n["slug"], n["name"], "", None, None, "OPEN", n["timezone"],
         LOCALE_BY_TZ.get(n["timezone"], "en"), "[]", REFERENCE_TIME, REFERENCE_TIME]
        for n in networks]

    orgs = {o["id"]: o for o in read(data_dir, "organisations")}
    yield "organisations", ["id", "name", "kind", "org_number", "country_code", "search_key",
                            "created_at", "updated_at"], [
        [uid("organisations", o["id"]), o["name"], o["kind"].upper(), None, None, fold(o["name"]),
         REFERENCE_TIME, REFERENCE_TIME]
        for o in orgs.values()]

    yield "network_members", ["id", "network_id", "organisation_id", "joined_at"], [
        [uid("network_members", m["network_id"], m["organisation_id"]),
         uid("networks", m["network_id"]), uid("organisations", m["organisation_id"]),
         REFERENCE_TIME]
        for m in read(data_dir, "network_members")]

    people = {p["id"]: p for p in read(data_dir, "people")}
    yield "people", ["id", "name", "email", "organisation_id", "title", "locale",
                     "is_platform_admin", "created_at", "updated_at"], [
        [uid("people", p["id"]), p["name"], p["email"],
         uid("organisations", p["organisation_id"]) if p["organisation_id"] else None,
         None, None, False, REFERENCE_TIME, REFERENCE_TIME]
        for p in people.values()]

    event_rows = []
    for e in read(data_dir, "events"):
        updated = instant(e["updated_at"])
        status = e["status"].upper()
        event_rows.append([
            uid("events", e["id"]), uid("networks", e["network_id"]), None, e["kind"].upper(),
            e["title"], e["description"] or "",
            fold(f"{e['title']} {e['venue_name'] or ''} "),
            instant(e["starts_at"]), instant(e["ends_at"]), e["timezone"], status,
            e["attendance_mode"].upper(), False, e["venue_name"], e["venue_address"], None, None,
            None, e["join_url"], None, None, None, None, "PUBLIC",
            int(e["capacity_in_person"]) if e["capacity_in_person"] else None,
            int(e["capacity_online"]) if e["capacity_online"] else None,
            e["registration_policy"].upper(), None, None, 0,
            updated if status == "PUBLISHED" else None,
            updated if status == "CANCELLED" else None,
            updated, updated])
    yield "events", ["id", "network_id", "series_id", "kind", "title", "description", "search_key",
                     "starts_at", "ends_at", "time_zone", "status", "attendance_mode",
                     "members_only", "venue_name", "venue_address", "venue_city",
                     "venue_accessibility", "online_provider", "online_join_url",
                     "online_meeting_number", "online_passcode", "online_dial_in",
                     "online_instructions", "join_link_visibility", "capacity_in_person",
                     "capacity_online", "registration_policy", "registration_opens_at",
                     "registration_closes_at", "sequence", "published_at", "cancelled_at",
                     "created_at", "updated_at"], event_rows

    speaker_rows = []
    position = {}
    for s in read(data_dir, "speakers"):  # sorted by (event_id, person_id)
        p = people[s["person_id"]]
        org = orgs.get(p["organisation_id"])
        pos = position.get(s["event_id"], 0)
        position[s["event_id"]] = pos + 1
        speaker_rows.append([
            uid("speakers", s["event_id"], s["person_id"]), uid("events", s["event_id"]), None,
            uid("people", s["person_id"]), p["name"], org["name"] if org else None, s["role"],
            "CONFIRMED", pos, REFERENCE_TIME, REFERENCE_TIME])
    yield "speakers", ["id", "event_id", "agenda_item_id", "person_id", "name", "affiliation",
                       "role", "status", "position", "created_at", "updated_at"], speaker_rows

    reg_rows = []
    waitlist = {}
    for r in read(data_dir, "registrations"):  # ids follow creation time
        status = r["status"].upper()
        wl = None
        if status == "WAITLISTED":
            wl = waitlist.get(r["event_id"], 0) + 1
            waitlist[r["event_id"]] = wl
        org_id = people[r["person_id"]]["organisation_id"]
        created = instant(r["created_at"])
        reg_rows.append([
            uid("registrations", r["id"]), uid("events", r["event_id"]),
            uid("people", r["person_id"]), uid("organisations", org_id) if org_id else None,
            r["mode"].upper(), status, wl, "{}", created, created])
    yield "registrations", ["id", "event_id", "person_id", "organisation_id", "mode", "status",
                            "waitlist_position", "answers", "created_at", "updated_at"], reg_rows


def load_sqlite(path, tables, fresh=True):
    import sqlite3
    if not os.path.exists(path):
        sys.exit(f"import.py: {path} does not exist; run `traffpunkt migrate` first")
    db = sqlite3.connect(path)
    try:
        if fresh and db.execute("select count(*) from events").fetchone()[0]:
            sys.exit("import.py: the database already has events; load into a fresh one")
        for table, cols, rows in tables:
            sql = (f'insert into "{table}" ({", ".join(cols)}) '
                   f'values ({", ".join("?" for _ in cols)})')
            db.executemany(sql, ([v.bytes if isinstance(v, uuid.UUID) else v for v in row]
                                 for row in rows))
        db.commit()
        db.execute("analyze")
        db.commit()
        return {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in TABLES}
    finally:
        db.close()


def psql(url, *args, stdin=None):
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, *args],
                         input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"import.py: psql failed: {out.stderr.strip()}")
    return out.stdout


def load_postgres(url, tables, fresh=True):
    if fresh and psql(url, "-tAc", "select count(*) from events").strip() != "0":
        sys.exit("import.py: the database already has events; load into a fresh one")
    with tempfile.TemporaryDirectory(prefix="traffpunkt-import-") as tmp:
        script = ["begin;"]
        for table, cols, rows in tables:
            path = os.path.join(tmp, table + ".csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                for row in rows:
                    w.writerow(["\\N" if v is None else ("t" if v is True else "f" if v is False
                                                       else str(v)) for v in row])
            # \N marks NULL, so that an empty field is the empty string.
            script.append(f"\\copy {table} ({', '.join(cols)}) from '{path}' "
                          "with (format csv, null '\\N')")
        script += ["commit;", "vacuum analyze;"]
        psql(url, "-f", "-", stdin="\n".join(script) + "\n")
    counts = psql(url, "-tAF,", "-c", " union all ".join(
        f"select '{t}', count(*) from {t}" for t in TABLES))
    return {t: int(n) for t, n in (line.split(",") for line in counts.split())}


def sqlite_path(url):
    """sqlite://relative/path or sqlite:///absolute/path, query string ignored."""
    rest = url[len("sqlite://"):] if url.startswith("sqlite://") else url[len("sqlite:"):]
    return rest.split("?", 1)[0]


def insert(url, tables):
    """Adds rows to a database that already holds data (the benchmark's own
    set-up rows, e.g. R1's recipients); no counts are checked."""
    if url.startswith("sqlite:"):
        load_sqlite(sqlite_path(url), tables, fresh=False)
    else:
        load_postgres(url, tables, fresh=False)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.split("\n\n")[2])
    data_dir, url = argv[1], argv[2]
    with open(os.path.join(data_dir, "MANIFEST.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    tables = transform(data_dir)
    if url.startswith("sqlite:"):
        counts = load_sqlite(sqlite_path(url), tables)
    elif url.startswith(("postgres:", "postgresql:")):
        counts = load_postgres(url, tables)
    else:
        sys.exit(f"import.py: unsupported database URL {url}")
    bad = []
    for t in TABLES:
        want = manifest["files"][t + ".csv"]["rows"]
        print(f"{counts[t]:>9}  {t}", file=sys.stderr)
        if counts[t] != want:
            bad.append(f"{t}: {counts[t]} rows, MANIFEST.json says {want}")
    if bad:
        sys.exit("import.py: counts differ: " + "; ".join(bad))
    print(f"import.py: scale {manifest['scale']} loaded, counts equal MANIFEST.json",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
