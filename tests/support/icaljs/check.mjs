// Reads iCalendar documents with ical.js and prints what it understood as
// JSON, one object per file: the calendar's METHOD and, per VEVENT, its
// UID, SUMMARY (with its LANGUAGE parameter), DESCRIPTION, LOCATION,
// start and end as UTC instants, time zone and SEQUENCE. Exits 2 when a
// document does not parse or an event has no start, so a test fails with
// the parser's own words. Usage: node check.mjs FILE...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = [];
for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, "utf8");
  let component;
  try {
    component = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    console.error(`ical.js cannot parse ${path}: ${err.message}`);
    process.exit(2);
  }
  // Time zones the document defines are registered, as a calendar app does.
  for (const tz of component.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  }
  const events = component.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    if (!event.startDate) {
      console.error(`an event without DTSTART in ${path}: ${event.uid}`);
      process.exit(2);
    }
    const summary = vevent.getFirstProperty("summary");
    return {
      uid: event.uid,
      summary: event.summary,
      summary_language: summary ? summary.getParameter("language") ?? null : null,
      description: event.description,
      location: event.location,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
      sequence: event.sequence,
    };
  });
  out.push({ method: component.getFirstPropertyValue("method"), events });
}
console.log(JSON.stringify(out));
