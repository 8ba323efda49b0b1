#!/usr/bin/env python3
"""Reads an iCalendar file with independent, widely used parsers and prints
what the end-to-end tests assert on, as one JSON object.

    python3 tests/support/check_ics.py [--between FROM TO] FEED.ics [FEED.ics ...]

Parsers: `icalendar` (the document, its properties and its VTIMEZONEs) and
`recurring-ical-events` (which occurrences fall between FROM and TO, ISO 8601
instants; by default 1970 to 2100). One file gives one JSON object, several
give an array of them in order (one interpreter start for many feeds keeps
the tests fast). Install the parsers with

    pip install icalendar recurring-ical-events

Every date-time is given three ways, so the tests can tell the parsers'
reading from ours: the local time with its TZID as written, the instant that
icalendar computes (it resolves a known TZID through the zone database), and
the instant computed from the feed's own VTIMEZONE definition alone.

Exit status: 0 with the JSON on stdout; 3 when the packages are missing;
1 (with a traceback) when the file does not parse.
"""

import datetime
import json
import sys

try:
    import icalendar
    import recurring_ical_events
except ImportError as missing:
    print(
        f"check_ics.py: the Python packages icalendar and recurring-ical-events are "
        f"needed ({missing}). Install them with: pip install icalendar recurring-ical-events",
        file=sys.stderr,
    )
    sys.exit(3)

UTC = datetime.timezone.utc


def iso_utc(value):
    """An aware datetime as `YYYY-MM-DDTHH:MM:SSZ`."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def physical_lines(data):
    """Checks the raw octets: CRLF line ends only, at most 75 octets a line,
    every line valid UTF-8 on its own (no fold inside a character)."""
    lines = data.split(b"\r\n")
    bare_lf = any(b"\n" in line for line in lines)
    bare_cr = any(b"\r" in line for line in lines)
    split_utf8 = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            split_utf8 += 1
    return {
        "ends_with_crlf": data.endswith(b"\r\n"),
        "bare_lf": bare_lf,
        "bare_cr": bare_cr,
        "max_line_octets": max((len(line) for line in lines), default=0),
        "lines_with_split_utf8": split_utf8,
        "folded_lines": sum(1 for line in lines if line.startswith(b" ")),
    }


def date_time(component, name, zones):
    """A DTSTART/DTEND as written and as the two readings give it."""
    if name not in component:
        return None
    prop = component[name]
    tzid = prop.params.get("TZID")
    value = prop.dt
    local = value.replace(tzinfo=None) if isinstance(value, datetime.datetime) else value
    via_vtimezone = None
    if tzid is not None and tzid in zones and isinstance(value, datetime.datetime):
        via_vtimezone = iso_utc(local.replace(tzinfo=zones[tzid]))
    elif isinstance(value, datetime.datetime) and value.tzinfo is not None:
        via_vtimezone = iso_utc(value)
    return {
        "tzid": str(tzid) if tzid is not None else None,
        "local": local.isoformat(),
        "utc": iso_utc(value),
        "utc_via_vtimezone": via_vtimezone,
    }


def text(component, name):
    """A property's value: TEXT unescaped, anything else as written."""
    if name not in component:
        return None
    value = component[name]
    return str(value) if isinstance(value, str) else value.to_ical().decode("utf-8")


def params(component, name):
    """A property's parameters; a list value joined with commas."""
    if name not in component:
        return None
    out = {}
    for key, value in component[name].params.items():
        out[key] = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    return out


def categories(component):
    if "CATEGORIES" not in component:
        return []
    value = component["CATEGORIES"]
    values = value if isinstance(value, list) else [value]
    return [str(cat) for item in values for cat in item.cats]


def event(component, zones):
    return {
        "uid": text(component, "UID"),
        "summary": text(component, "SUMMARY"),
        "summary_params": params(component, "SUMMARY"),
        "description": text(component, "DESCRIPTION"),
        "description_params": params(component, "DESCRIPTION"),
        "location": text(component, "LOCATION"),
        "url": text(component, "URL"),
        "status": text(component, "STATUS"),
        "sequence": int(component["SEQUENCE"]) if "SEQUENCE" in component else None,
        "dtstamp": iso_utc(component.decoded("DTSTAMP")) if "DTSTAMP" in component else None,
        "created": iso_utc(component.decoded("CREATED")) if "CREATED" in component else None,
        "last_modified": iso_utc(component.decoded("LAST-MODIFIED"))
        if "LAST-MODIFIED" in component
        else None,
        "start": date_time(component, "DTSTART", zones),
        "end": date_time(component, "DTEND", zones),
        "organizer": text(component, "ORGANIZER"),
        "organizer_params": params(component, "ORGANIZER"),
        "attendee": text(component, "ATTENDEE"),
        "attendee_params": params(component, "ATTENDEE"),
        "conference": text(component, "CONFERENCE"),
        "conference_params": params(component, "CONFERENCE"),
        "categories": categories(component),
    }


def check(path, start, end):
    """What the tests assert on for one file."""
    with open(path, "rb") as file:
        data = file.read()
    calendar = icalendar.Calendar.from_ical(data)
    zones = {}
    for zone in calendar.walk("VTIMEZONE"):
        # Built from the feed's definition only, not looked up by name.
        zones[str(zone["TZID"])] = zone.to_tz(lookup_tzid=False)
    occurrences = [
        {"uid": str(occurrence["UID"]), "start": iso_utc(occurrence["DTSTART"].dt)}
        for occurrence in recurring_ical_events.of(calendar).between(start, end)
    ]
    occurrences.sort(key=lambda o: (o["start"], o["uid"]))
    return {
        "parsers": {
            "icalendar": icalendar.__version__,
        },
        "lines": physical_lines(data),
        "calendar": {
            name.lower(): text(calendar, name)
            for name in (
                "VERSION",
                "PRODID",
                "CALSCALE",
                "METHOD",
                "NAME",
                "X-WR-CALNAME",
                "X-WR-TIMEZONE",
                "X-WR-CALDESC",
                "REFRESH-INTERVAL",
                "X-PUBLISHED-TTL",
            )
        },
        "refresh_interval_seconds": int(calendar.decoded("REFRESH-INTERVAL").total_seconds())
        if "REFRESH-INTERVAL" in calendar
        else None,
        "timezones": sorted(zones),
        "events": [event(component, zones) for component in calendar.walk("VEVENT")],
        "occurrences": occurrences,
    }


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def main():
    args = sys.argv[1:]
    start = datetime.datetime(1970, 1, 1, tzinfo=UTC)
    end = datetime.datetime(2100, 1, 1, tzinfo=UTC)
    if args[:1] == ["--between"] and len(args) >= 3:
        start, end = instant(args[1]), instant(args[2])
        args = args[3:]
    if not args:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    results = [check(path, start, end) for path in args]
    json.dump(results[0] if len(results) == 1 else results, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
