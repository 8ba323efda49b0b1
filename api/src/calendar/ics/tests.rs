//! The serializer's tests: escaping, folding, parameters, time zones and
//! whole documents, read back as a client would.

use super::zones::{format_utc_offset, offset_name};
use super::*;

/// Builds a UTC instant.
fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("valid instant")
}

/// Undoes folding: drops every CRLF followed by one space.
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

/// The unfolded logical lines of a rendered document.
fn logical_lines(text: &str) -> Vec<String> {
    unfold(text)
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reverses TEXT escaping (what a parser does after splitting the line).
fn unescape_text(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Asserts the physical-line rules on raw output: CRLF only, lines of at
/// most 75 octets, each valid UTF-8.
fn assert_physical_lines(text: &str) {
    let bytes = text.as_bytes();
    assert!(text.ends_with("\r\n"), "document must end with CRLF");
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b'\n' {
            assert!(index > 0 && bytes[index - 1] == b'\r', "bare LF at {index}");
        }
        if *byte == b'\r' {
            assert_eq!(bytes.get(index + 1), Some(&b'\n'), "bare CR at {index}");
        }
    }
    let body = &bytes[..bytes.len() - 2];
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= MAX_LINE_OCTETS,
            "line of {} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(std::str::from_utf8(line).is_ok(), "split UTF-8 sequence");
    }
}

/// A Stockholm event with every property set.
fn full_event() -> Event {
    let mut event = Event::new(
        "event-1@traffpunkt",
        "Nätverksträff: Socialchefer, Skåne; höst",
        utc(2023, 10, 18, 11, 0, 0),
        utc(2023, 10, 18, 14, 30, 0),
        "Europe/Stockholm",
        utc(2023, 10, 1, 8, 0, 0),
    );
    event.created = Some(utc(2023, 9, 1, 7, 0, 0));
    event.last_modified = Some(utc(2023, 9, 15, 12, 34, 56));
    event.sequence = 3;
    event.description = Some("Rad ett\nRad två, med \\ och ;\r\nSlut".to_owned());
    event.location = Some("Malmö, Sverige; Stora salen".to_owned());
    event.url = Some("https://traffpunkt.example/e/1?a=1,2;b=3".to_owned());
    event.organizer = Some(Organizer {
        name: "Malmö, Sverige".to_owned(),
        email: "info@traffpunkt.example".to_owned(),
    });
    event.conference = Some(Conference {
        url: "https://meet.example/abc".to_owned(),
        label: Some("Malmö, Sverige".to_owned()),
    });
    event.categories = vec!["Socialtjänst".to_owned(), "A, B".to_owned()];
    event.transparency = Some(Transparency::Opaque);
    event.class = Some(Class::Public);
    event
}

/// A calendar of the given events with a name and refresh interval.
fn calendar(events: Vec<Event>) -> Calendar {
    Calendar {
        method: Some(Method::Publish),
        name: Some("Socialchefsnätverket".to_owned()),
        description: Some("Träffar, webbinarier; och mer".to_owned()),
        time_zone: Some("Europe/Stockholm".to_owned()),
        refresh_interval: Some(Duration::hours(1)),
        events,
        ..Calendar::new()
    }
}

/// The lines of the `VTIMEZONE` with this TZID.
fn vtimezone(text: &str, tzid: &str) -> Vec<String> {
    let lines = logical_lines(text);
    let start = lines
        .iter()
        .position(|line| *line == format!("TZID:{tzid}"))
        .expect("VTIMEZONE present");
    let end = start
        + lines[start..]
            .iter()
            .position(|line| line == "END:VTIMEZONE")
            .expect("END:VTIMEZONE");
    lines[start..end].to_vec()
}

#[test]
fn folding_respects_octets_and_utf8_at_every_alignment() {
    let texts = [
        "åäöøæ".repeat(60),
        "ÅÄÖØÆ å ä ö ø æ ".repeat(20),
        "😀🎉🇸🇪".repeat(30),
        "Blåbärssoppa ✨ och 🍰 på Kärnhuset i Göteborg, Ørsta og Ærøskøbing. ".repeat(5),
    ];
    for text in &texts {
        for prefix in 0..10 {
            let line = format!("DESCRIPTION:{}{}", "x".repeat(prefix), text);
            let folded = fold_line(&line);
            assert_physical_lines(&folded);
            assert_eq!(unfold(&folded), format!("{line}\r\n"), "prefix {prefix}");
            for continuation in folded.split("\r\n").skip(1) {
                assert!(continuation.is_empty() || continuation.starts_with(' '));
            }
        }
    }
}

#[test]
fn folding_fills_lines_when_there_is_no_whitespace() {
    for prefix in 0..10 {
        let line = format!("SUMMARY:{}{}", "x".repeat(prefix), "åäöøæ😀".repeat(40));
        let folded = fold_line(&line);
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 5);
        for line in &physical[..physical.len() - 1] {
            // At most a 4-octet character is pushed to the next line.
            assert!(line.len() >= MAX_LINE_OCTETS - 3, "{} octets", line.len());
        }
    }
}

#[test]
fn short_lines_are_not_folded() {
    assert_eq!(fold_line("SUMMARY:Hej"), "SUMMARY:Hej\r\n");
    let exact = format!("X:{}", "a".repeat(MAX_LINE_OCTETS - 2));
    assert_eq!(fold_line(&exact), format!("{exact}\r\n"));
    let over = format!("X:{}", "a".repeat(MAX_LINE_OCTETS - 1));
    assert_eq!(fold_line(&over).matches("\r\n").count(), 2);
}

#[test]
fn folds_avoid_ending_a_line_in_whitespace() {
    let line = format!("SUMMARY:{} ord", "a".repeat(66));
    let folded = fold_line(&line);
    for physical in folded.split("\r\n") {
        assert!(!physical.ends_with(' '), "{physical:?}");
    }
    assert_eq!(unfold(&folded), format!("{line}\r\n"));
    // All whitespace: the fold cannot avoid it, but the rules still hold.
    let spaces = format!("X:{}", " ".repeat(200));
    let folded = fold_line(&spaces);
    assert_physical_lines(&folded);
    assert_eq!(unfold(&folded), format!("{spaces}\r\n"));
}

/// The character-by-character forms of escaping, control filtering and
/// folding that the renderer's faster ones must agree with.
mod reference {
    use super::{CRLF, MAX_LINE_OCTETS};

    pub fn escape_text(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                ',' => out.push_str("\\,"),
                '\r' => {
                    chars.next_if_eq(&'\n');
                    out.push_str("\\n");
                }
                '\n' => out.push_str("\\n"),
                '\t' => out.push('\t'),
                ch if ch.is_control() => {}
                ch => out.push(ch),
            }
        }
        out
    }

    pub fn without_controls(value: &str) -> String {
        value
            .chars()
            .filter(|ch| *ch == '\t' || !ch.is_control())
            .collect()
    }

    pub fn fold_line(line: &str) -> String {
        let mut out = String::new();
        let mut start = 0;
        let mut budget = MAX_LINE_OCTETS;
        for (index, ch) in line.char_indices() {
            while index + ch.len_utf8() - start > budget {
                let kept = line[start..index].trim_end_matches([' ', '\t']);
                let end = if kept.is_empty() {
                    index
                } else {
                    start + kept.len()
                };
                out.push_str(&line[start..end]);
                out.push_str(CRLF);
                out.push(' ');
                start = end;
                budget = MAX_LINE_OCTETS - 1;
            }
        }
        out.push_str(&line[start..]);
        out.push_str(CRLF);
        out
    }
}

#[test]
fn fast_escaping_and_folding_agree_with_the_plain_forms() {
    let pieces = [
        "a",
        "ord ",
        " ",
        "\t",
        "\\",
        ";",
        ",",
        ":",
        "\n",
        "\r\n",
        "\r",
        "\u{0}",
        "\u{7f}",
        "\u{85}",
        "\u{9f}",
        "\u{a0}",
        "§",
        "å",
        "Ø",
        "€",
        "😀",
        "🇸🇪",
        "   ",
        "x".repeat(70).leak(),
    ];
    fastrand::seed(5545);
    for _ in 0..4000 {
        let text: String = (0..fastrand::usize(0..60))
            .map(|_| pieces[fastrand::usize(..pieces.len())])
            .collect();
        assert_eq!(
            escape_text(&text),
            reference::escape_text(&text),
            "{text:?}"
        );
        let mut value = String::new();
        push_without_controls(&mut value, &text);
        assert_eq!(value, reference::without_controls(&text), "{text:?}");
        let line = format!("X:{}", reference::escape_text(&text));
        assert_eq!(fold_line(&line), reference::fold_line(&line), "{line:?}");
    }
}

#[test]
fn date_times_are_written_as_chrono_writes_them() {
    use chrono::NaiveDate;
    for (y, mo, d, h, mi, s) in [
        (2026, 1, 2, 3, 4, 5),
        (1, 12, 31, 23, 59, 59),
        (9999, 6, 30, 0, 0, 0),
        (0, 1, 1, 0, 0, 0),
        (45, 3, 9, 8, 7, 6),
        (999, 10, 10, 10, 10, 10),
    ] {
        let at = utc(y, mo, d, h, mi, s);
        assert_eq!(format_utc(at), at.format("%Y%m%dT%H%M%SZ").to_string());
        assert_eq!(
            format_local(at.naive_utc()),
            at.format("%Y%m%dT%H%M%S").to_string()
        );
    }
    // And any instant of the four-digit years.
    let mut rng = fastrand::Rng::with_seed(5545);
    let (first, last) = (utc(0, 1, 1, 0, 0, 0), utc(9999, 12, 31, 23, 59, 59));
    for _ in 0..2_000 {
        let seconds = rng.i64(first.timestamp()..=last.timestamp());
        let at = chrono::DateTime::from_timestamp(seconds, 0).expect("in range");
        assert_eq!(format_utc(at), at.format("%Y%m%dT%H%M%SZ").to_string());
    }
    let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
        .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
        .expect("a leap second");
    assert_eq!(format_local(leap), leap.format("%Y%m%dT%H%M%S").to_string());
    let far = NaiveDate::from_ymd_opt(12345, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a date");
    assert_eq!(format_local(far), far.format("%Y%m%dT%H%M%S").to_string());
}

#[test]
fn text_escaping() {
    assert_eq!(
        escape_text("a\\b;c,d\ne\r\nf\rg:h"),
        "a\\\\b\\;c\\,d\\ne\\nf\\ng:h"
    );
    assert_eq!(escape_text("tab\there\u{0}\u{7}\u{1b}\u{7f}"), "tab\there");
    assert_eq!(unescape_text(&escape_text("x\\;,\ny")), "x\\;,\ny");
}

#[test]
fn text_properties_are_escaped() {
    let text = calendar(vec![full_event()]).render();
    let lines = logical_lines(&text);
    assert!(lines.contains(&"SUMMARY:Nätverksträff: Socialchefer\\, Skåne\\; höst".to_owned()));
    assert!(lines.contains(&"DESCRIPTION:Rad ett\\nRad två\\, med \\\\ och \\;\\nSlut".to_owned()));
    assert!(lines.contains(&"LOCATION:Malmö\\, Sverige\\; Stora salen".to_owned()));
    assert!(lines.contains(&"CATEGORIES:Socialtjänst,A\\, B".to_owned()));
    assert!(lines.contains(&"DESCRIPTION:Träffar\\, webbinarier\\; och mer".to_owned()));
    // URIs are not TEXT: no escaping.
    assert!(lines.contains(&"URL:https://traffpunkt.example/e/1?a=1,2;b=3".to_owned()));
}

#[test]
fn an_invitation_names_its_recipient_as_attendee_and_a_feed_does_not() {
    let mut event = full_event();
    assert!(!calendar(vec![event.clone()]).render().contains("ATTENDEE"));
    event.attendee = Some(Attendee {
        name: "Åsa Öberg, Malmö".to_owned(),
        email: "ase@tromsø.kommune.no".to_owned(),
        part_stat: PartStat::Accepted,
    });
    let text = calendar(vec![event]).render();
    let lines = logical_lines(&text);
    assert!(lines.contains(
        &"ATTENDEE;CN=\"Åsa Öberg, Malmö\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:ase@tromsø.kommune.no"
            .to_owned()
    ));
}

#[test]
fn param_values_are_quoted_and_never_panic() {
    let text = calendar(vec![full_event()]).render();
    let lines = logical_lines(&text);
    assert!(
        lines
            .contains(&"ORGANIZER;CN=\"Malmö, Sverige\":mailto:info@traffpunkt.example".to_owned())
    );
    assert!(lines.contains(
        &"CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=\"Malmö, Sverige\":https://meet.example/abc"
            .to_owned()
    ));
    let line = ContentLine::new("X-TEST")
        .param("EMPTY", "")
        .param("PLAIN", "Göteborg")
        .param("COLON", "a:b")
        .param("SEMI", "a;b")
        .param("QUOTE", "Säg \"hej\"")
        .param("BREAK", "rad1\r\nrad2\nrad3\u{7}")
        .param_list("NONE", &[])
        .param_list("LIST", &["A", "b,c", ""])
        .value("v");
    assert_eq!(
        line.unfolded(),
        "X-TEST;EMPTY=\"\";PLAIN=Göteborg;COLON=\"a:b\";SEMI=\"a;b\";QUOTE=Säg 'hej';\
         BREAK=rad1 rad2 rad3;NONE=\"\";LIST=A,\"b,c\",\"\":v"
    );
}

#[test]
fn blank_names_and_labels_are_left_out() {
    let mut event = full_event();
    event.organizer = Some(Organizer {
        name: "  ".to_owned(),
        email: "a@b.example".to_owned(),
    });
    event.conference = Some(Conference {
        url: "https://meet.example/x".to_owned(),
        label: Some(String::new()),
    });
    let lines = logical_lines(&calendar(vec![event]).render());
    assert!(lines.contains(&"ORGANIZER:mailto:a@b.example".to_owned()));
    assert!(
        lines.contains(
            &"CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO:https://meet.example/x".to_owned()
        )
    );
}

#[test]
fn values_cannot_inject_lines() {
    let mut event = full_event();
    event.url = Some("https://x.example/a\r\nATTENDEE:mailto:evil@x".to_owned());
    event.uid = "uid\r\nEND:VEVENT".to_owned();
    let text = calendar(vec![event]).render();
    assert_physical_lines(&text);
    let lines = logical_lines(&text);
    assert!(!lines.iter().any(|line| line.starts_with("ATTENDEE")));
    assert_eq!(lines.iter().filter(|line| *line == "END:VEVENT").count(), 1);
    assert!(lines.contains(&"UID:uid\\nEND:VEVENT".to_owned()));
}

#[test]
fn crlf_everywhere() {
    let mut events = vec![full_event()];
    let mut long = full_event();
    long.description =
        Some("Lång beskrivning på svenska och norsk: blåbær, ørret. 🎉\n".repeat(30));
    events.push(long);
    let text = calendar(events).render();
    assert_physical_lines(&text);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.contains("\r\n\r\n"), "no empty lines");
}

#[test]
fn calendar_properties() {
    let lines = logical_lines(&calendar(Vec::new()).render());
    assert_eq!(
        lines,
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Träffpunkt//Träffpunkt//SV",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "NAME:Socialchefsnätverket",
            "X-WR-CALNAME:Socialchefsnätverket",
            "DESCRIPTION:Träffar\\, webbinarier\\; och mer",
            "X-WR-CALDESC:Träffar\\, webbinarier\\; och mer",
            "X-WR-TIMEZONE:Europe/Stockholm",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
            "END:VCALENDAR",
        ]
    );
    let bare = Calendar::new().render();
    assert_eq!(
        bare,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Träffpunkt//Träffpunkt//SV\r\n\
         CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n"
    );
    let zero = Calendar {
        refresh_interval: Some(Duration::zero()),
        ..Calendar::new()
    };
    assert!(!zero.render().contains("REFRESH-INTERVAL"));
}

#[test]
fn durations() {
    assert_eq!(format_duration(Duration::hours(1)), "PT1H");
    assert_eq!(format_duration(Duration::minutes(15)), "PT15M");
    assert_eq!(format_duration(Duration::seconds(45)), "PT45S");
    assert_eq!(format_duration(Duration::days(1)), "P1D");
    assert_eq!(format_duration(Duration::days(7)), "P7D");
    assert_eq!(format_duration(Duration::seconds(90_061)), "P1DT1H1M1S");
    assert_eq!(format_duration(Duration::seconds(3605)), "PT1H0M5S");
    assert_eq!(format_duration(Duration::seconds(3660)), "PT1H1M");
    assert_eq!(format_duration(Duration::seconds(65)), "PT1M5S");
    assert_eq!(format_duration(Duration::zero()), "PT0S");
    assert_eq!(format_duration(Duration::minutes(-15)), "-PT15M");
    assert_eq!(format_duration(Duration::milliseconds(1500)), "PT1S");
}

#[test]
fn utc_offsets() {
    assert_eq!(format_utc_offset(7200), "+0200");
    assert_eq!(format_utc_offset(0), "+0000");
    assert_eq!(format_utc_offset(-12_600), "-0330");
    assert_eq!(format_utc_offset(19_800), "+0530");
    assert_eq!(format_utc_offset(4075), "+010755");
    assert_eq!(offset_name(7200), "+02");
    assert_eq!(offset_name(-12_600), "-0330");
}

#[test]
fn event_properties_in_order() {
    let lines = logical_lines(&calendar(vec![full_event()]).render());
    let start = lines
        .iter()
        .position(|line| line == "BEGIN:VEVENT")
        .expect("VEVENT");
    let names: Vec<&str> = lines[start..]
        .iter()
        .map(|line| line.split([':', ';']).next().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "BEGIN",
            "UID",
            "DTSTAMP",
            "CREATED",
            "LAST-MODIFIED",
            "SEQUENCE",
            "DTSTART",
            "DTEND",
            "STATUS",
            "SUMMARY",
            "DESCRIPTION",
            "LOCATION",
            "URL",
            "ORGANIZER",
            "CATEGORIES",
            "TRANSP",
            "CLASS",
            "CONFERENCE",
            "END",
            "END",
        ]
    );
    assert!(lines.contains(&"DTSTAMP:20231001T080000Z".to_owned()));
    assert!(lines.contains(&"CREATED:20230901T070000Z".to_owned()));
    assert!(lines.contains(&"LAST-MODIFIED:20230915T123456Z".to_owned()));
    assert!(lines.contains(&"SEQUENCE:3".to_owned()));
    assert!(lines.contains(&"STATUS:CONFIRMED".to_owned()));
    assert!(lines.contains(&"TRANSP:OPAQUE".to_owned()));
    assert!(lines.contains(&"CLASS:PUBLIC".to_owned()));
}

#[test]
fn statuses_and_sequence() {
    let mut event = full_event();
    event.status = Status::Cancelled;
    event.sequence = -4;
    let lines = logical_lines(&calendar(vec![event.clone()]).render());
    assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
    assert!(lines.contains(&"SEQUENCE:0".to_owned()));
    event.status = Status::Tentative;
    let lines = logical_lines(&calendar(vec![event]).render());
    assert!(lines.contains(&"STATUS:TENTATIVE".to_owned()));
    assert_eq!(Method::Request.as_str(), "REQUEST");
    assert_eq!(Method::Cancel.as_str(), "CANCEL");
    assert_eq!(Transparency::Transparent.as_str(), "TRANSPARENT");
    assert_eq!(Class::Confidential.as_str(), "CONFIDENTIAL");
    assert_eq!(Class::Private.as_str(), "PRIVATE");
}

#[test]
fn stockholm_event_and_time_zone() {
    let text = calendar(vec![full_event()]).render();
    let lines = logical_lines(&text);
    assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20231018T130000".to_owned()));
    assert!(lines.contains(&"DTEND;TZID=Europe/Stockholm:20231018T163000".to_owned()));
    // DTSTAMP never carries a TZID.
    assert!(!lines.iter().any(|line| line.starts_with("DTSTAMP;")));

    let zone = vtimezone(&text, "Europe/Stockholm").join("\n");
    assert!(zone.contains("X-LIC-LOCATION:Europe/Stockholm"));
    assert!(zone.contains(
        "BEGIN:STANDARD\nDTSTART:20231029T030000\nTZOFFSETFROM:+0200\n\
         TZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD"
    ));
    assert!(zone.contains(
        "BEGIN:DAYLIGHT\nDTSTART:20230326T020000\nTZOFFSETFROM:+0100\n\
         TZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT"
    ));
    // From the year before to the year after: 2022, 2023 and 2024, two
    // changes a year, and nothing else (the first one comes before 2023).
    assert_eq!(zone.matches("BEGIN:DAYLIGHT").count(), 3);
    assert_eq!(zone.matches("BEGIN:STANDARD").count(), 3);
    assert!(zone.contains("DTSTART:20220327T020000"));
    assert!(zone.contains("DTSTART:20241027T030000"));
    assert!(!zone.contains("DTSTART:2021"));
    assert!(!zone.contains("DTSTART:2025"));
}

#[test]
fn oslo_has_cest_and_cet() {
    let event = Event::new(
        "oslo",
        "Møte",
        utc(2024, 6, 1, 8, 0, 0),
        utc(2024, 6, 1, 9, 0, 0),
        "Europe/Oslo",
        utc(2024, 1, 1, 0, 0, 0),
    );
    let text = calendar(vec![event]).render();
    assert!(logical_lines(&text).contains(&"DTSTART;TZID=Europe/Oslo:20240601T100000".to_owned()));
    let zone = vtimezone(&text, "Europe/Oslo").join("\n");
    assert!(zone.contains("TZOFFSETTO:+0200\nTZNAME:CEST"));
    assert!(zone.contains("TZOFFSETTO:+0100\nTZNAME:CET"));
    assert!(zone.contains("DTSTART:20240331T020000"));
}

#[test]
fn spring_change_edge() {
    // Clocks go from 02:00 CET to 03:00 CEST at 01:00Z on 2026-03-29.
    let event = Event::new(
        "spring",
        "Efter omställningen",
        utc(2026, 3, 29, 1, 30, 0),
        utc(2026, 3, 29, 2, 30, 0),
        "Europe/Stockholm",
        utc(2026, 3, 1, 0, 0, 0),
    );
    let before = Event::new(
        "before",
        "Före omställningen",
        utc(2026, 3, 29, 0, 30, 0),
        utc(2026, 3, 29, 0, 45, 0),
        "Europe/Stockholm",
        utc(2026, 3, 1, 0, 0, 0),
    );
    let text = calendar(vec![event, before]).render();
    let lines = logical_lines(&text);
    assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20260329T033000".to_owned()));
    assert!(lines.contains(&"DTEND;TZID=Europe/Stockholm:20260329T043000".to_owned()));
    assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20260329T013000".to_owned()));
    let zone = vtimezone(&text, "Europe/Stockholm").join("\n");
    assert!(zone.contains("BEGIN:DAYLIGHT\nDTSTART:20260329T020000\nTZOFFSETFROM:+0100"));
}

#[test]
fn repeated_autumn_hour_uses_utc_for_the_second_occurrence() {
    // 02:30 local happens twice on 2023-10-29: at 00:30Z (CEST) and 01:30Z (CET).
    let first = Event::new(
        "first",
        "Första 02:30",
        utc(2023, 10, 29, 0, 30, 0),
        utc(2023, 10, 29, 1, 30, 0),
        "Europe/Stockholm",
        utc(2023, 10, 1, 0, 0, 0),
    );
    let lines = logical_lines(&calendar(vec![first]).render());
    assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20231029T023000".to_owned()));
    assert!(lines.contains(&"DTEND:20231029T013000Z".to_owned()));
}

#[test]
fn utc_and_unknown_zones_are_written_in_utc() {
    let mut events = Vec::new();
    for zone in ["UTC", "Etc/UTC", "Mars/Olympus_Mons", ""] {
        events.push(Event::new(
            format!("uid-{zone}"),
            "Webbinarium",
            utc(2024, 2, 3, 9, 15, 0),
            utc(2024, 2, 3, 10, 0, 0),
            zone,
            utc(2024, 1, 1, 0, 0, 0),
        ));
    }
    let text = calendar(events).render();
    let lines = logical_lines(&text);
    assert_eq!(
        lines
            .iter()
            .filter(|l| *l == "DTSTART:20240203T091500Z")
            .count(),
        4
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| *l == "DTEND:20240203T100000Z")
            .count(),
        4
    );
    assert!(!text.contains("VTIMEZONE"));
    assert!(!text.contains("TZID"));
}

#[test]
fn zones_without_changes_get_one_standard() {
    let tokyo = Event::new(
        "tokyo",
        "Tokyo",
        utc(2024, 5, 1, 0, 0, 0),
        utc(2024, 5, 1, 1, 0, 0),
        "Asia/Tokyo",
        utc(2024, 1, 1, 0, 0, 0),
    );
    let mut kolkata = tokyo.clone();
    kolkata.uid = "kolkata".to_owned();
    kolkata.time_zone = "Asia/Kolkata".to_owned();
    let text = calendar(vec![tokyo, kolkata]).render();
    assert_eq!(
        vtimezone(&text, "Asia/Tokyo"),
        [
            "TZID:Asia/Tokyo",
            "X-LIC-LOCATION:Asia/Tokyo",
            "BEGIN:STANDARD",
            "DTSTART:20230101T090000",
            "TZOFFSETFROM:+0900",
            "TZOFFSETTO:+0900",
            "TZNAME:JST",
            "END:STANDARD",
        ]
    );
    let kolkata = vtimezone(&text, "Asia/Kolkata").join("\n");
    assert!(kolkata.contains("TZOFFSETTO:+0530\nTZNAME:IST"));
    assert!(logical_lines(&text).contains(&"DTSTART;TZID=Asia/Tokyo:20240501T090000".to_owned()));
}

#[test]
fn negative_dst_zones_still_have_daylight_in_summer() {
    let event = Event::new(
        "dublin",
        "Dublin",
        utc(2024, 6, 1, 10, 0, 0),
        utc(2024, 6, 1, 11, 0, 0),
        "Europe/Dublin",
        utc(2024, 1, 1, 0, 0, 0),
    );
    let zone = vtimezone(&calendar(vec![event]).render(), "Europe/Dublin").join("\n");
    assert!(zone.contains(
        "BEGIN:DAYLIGHT\nDTSTART:20240331T010000\nTZOFFSETFROM:+0000\n\
         TZOFFSETTO:+0100\nTZNAME:IST\nEND:DAYLIGHT"
    ));
    assert!(zone.contains(
        "BEGIN:STANDARD\nDTSTART:20241027T020000\nTZOFFSETFROM:+0100\n\
         TZOFFSETTO:+0000\nTZNAME:GMT\nEND:STANDARD"
    ));
}

#[test]
fn a_change_after_the_first_event_year_starts_gets_the_earlier_offset_too() {
    // Venezuela moved from -04:30 to -04:00 on 2016-05-01; an event in
    // February 2016 needs the observance that was in force before that.
    let event = Event::new(
        "caracas",
        "Caracas",
        utc(2016, 2, 1, 15, 0, 0),
        utc(2016, 2, 1, 16, 0, 0),
        "America/Caracas",
        utc(2016, 1, 1, 0, 0, 0),
    );
    let text = calendar(vec![event]).render();
    assert!(
        logical_lines(&text).contains(&"DTSTART;TZID=America/Caracas:20160201T103000".to_owned())
    );
    let zone = vtimezone(&text, "America/Caracas").join("\n");
    assert!(zone.contains(
        "BEGIN:STANDARD\nDTSTART:20141231T193000\nTZOFFSETFROM:-0430\n\
         TZOFFSETTO:-0430\nTZNAME:-0430\nEND:STANDARD"
    ));
    assert!(zone.contains(
        "BEGIN:STANDARD\nDTSTART:20160501T023000\nTZOFFSETFROM:-0430\n\
         TZOFFSETTO:-0400\nTZNAME:-04\nEND:STANDARD"
    ));
    assert_eq!(zone.matches("BEGIN:").count(), 2);
}

#[test]
fn one_time_zone_per_zone_in_sorted_order() {
    let mut events = Vec::new();
    for (index, zone) in [
        "Europe/Stockholm",
        "Europe/Oslo",
        "Europe/Stockholm",
        "UTC",
        "Nowhere/Else",
        "America/New_York",
    ]
    .iter()
    .enumerate()
    {
        events.push(Event::new(
            format!("e{index}"),
            "Träff",
            utc(2024 + i32::try_from(index).unwrap_or(0), 3, 1, 12, 0, 0),
            utc(2024 + i32::try_from(index).unwrap_or(0), 3, 1, 13, 0, 0),
            *zone,
            utc(2024, 1, 1, 0, 0, 0),
        ));
    }
    let calendar = calendar(events);
    let text = calendar.render();
    assert_eq!(text, calendar.render(), "deterministic");
    let tzids: Vec<String> = logical_lines(&text)
        .into_iter()
        .filter(|line| line.starts_with("TZID:"))
        .collect();
    assert_eq!(
        tzids,
        [
            "TZID:America/New_York",
            "TZID:Europe/Oslo",
            "TZID:Europe/Stockholm"
        ]
    );
    // Stockholm events are in 2024 and 2026: changes from 2023 to 2027.
    let stockholm = vtimezone(&text, "Europe/Stockholm").join("\n");
    assert_eq!(stockholm.matches("BEGIN:DAYLIGHT").count(), 5);
    let new_york = vtimezone(&text, "America/New_York").join("\n");
    assert!(new_york.contains("TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT"));
    assert!(
        new_york
            .contains("DTSTART:20291104T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST")
    );
}

/// The value of a parsed property, or "" when it has none.
fn parsed_value<'a>(properties: &'a [ical::property::Property], name: &str) -> &'a str {
    properties
        .iter()
        .find(|property| property.name == name)
        .and_then(|property| property.value.as_deref())
        .unwrap_or_default()
}

/// The values of a parameter of a parsed property.
fn parsed_param(properties: &[ical::property::Property], name: &str, param: &str) -> Vec<String> {
    properties
        .iter()
        .find(|property| property.name == name)
        .and_then(|property| property.params.as_ref())
        .and_then(|params| params.iter().find(|(key, _)| key == param))
        .map(|(_, values)| values.clone())
        .unwrap_or_default()
}

#[test]
fn round_trip_through_the_ical_parser() {
    let mut long = full_event();
    long.uid = "long@traffpunkt".to_owned();
    long.summary = "Blåbär och hjortron 🫐 — ".repeat(8);
    long.description =
        Some("Kära deltagare, välkomna till Ørsta; vi ses i Ærøskøbing.\n🎉 ".repeat(12));
    long.time_zone = "Europe/Oslo".to_owned();
    let mut online = full_event();
    online.uid = "online@traffpunkt".to_owned();
    online.time_zone = "UTC".to_owned();
    online.conference = Some(Conference {
        url: "https://meet.example/room?id=1".to_owned(),
        label: Some("Länk: Teams; rum 1".to_owned()),
    });
    let events = vec![full_event(), long.clone(), online];
    let text = calendar(events).render();

    let mut parser = ical::IcalParser::new(text.as_bytes());
    let parsed = parser
        .next()
        .expect("one calendar")
        .expect("parses without error");
    assert!(parser.next().is_none());

    assert_eq!(parsed_value(&parsed.properties, "VERSION"), "2.0");
    assert_eq!(parsed_value(&parsed.properties, "PRODID"), DEFAULT_PROD_ID);
    assert_eq!(
        unescape_text(parsed_value(&parsed.properties, "X-WR-CALDESC")),
        "Träffar, webbinarier; och mer"
    );

    // One VTIMEZONE per zone in use (UTC needs none), sorted.
    let tzids: Vec<&str> = parsed
        .timezones
        .iter()
        .map(|zone| parsed_value(&zone.properties, "TZID"))
        .collect();
    assert_eq!(tzids, ["Europe/Oslo", "Europe/Stockholm"]);
    for zone in &parsed.timezones {
        assert!(
            zone.transitions.len() >= 6,
            "{} transitions",
            zone.transitions.len()
        );
        for transition in &zone.transitions {
            let offset_to = parsed_value(&transition.properties, "TZOFFSETTO");
            let name = parsed_value(&transition.properties, "TZNAME");
            assert!(
                (offset_to == "+0200" && name == "CEST") || (offset_to == "+0100" && name == "CET"),
                "{offset_to} {name}"
            );
        }
    }

    assert_eq!(parsed.events.len(), 3);
    let first = &parsed.events[0].properties;
    assert_eq!(parsed_value(first, "UID"), "event-1@traffpunkt");
    assert_eq!(parsed_value(first, "DTSTART"), "20231018T130000");
    assert_eq!(parsed_param(first, "DTSTART", "TZID"), ["Europe/Stockholm"]);
    assert_eq!(parsed_value(first, "DTSTAMP"), "20231001T080000Z");
    assert_eq!(parsed_param(first, "DTSTAMP", "TZID"), Vec::<String>::new());
    assert_eq!(
        unescape_text(parsed_value(first, "SUMMARY")),
        "Nätverksträff: Socialchefer, Skåne; höst"
    );
    assert_eq!(
        unescape_text(parsed_value(first, "DESCRIPTION")),
        "Rad ett\nRad två, med \\ och ;\nSlut"
    );
    assert_eq!(
        unescape_text(parsed_value(first, "LOCATION")),
        "Malmö, Sverige; Stora salen"
    );
    assert_eq!(parsed_param(first, "ORGANIZER", "CN"), ["Malmö, Sverige"]);
    assert_eq!(
        parsed_value(first, "ORGANIZER"),
        "mailto:info@traffpunkt.example"
    );
    assert_eq!(
        parsed_value(first, "URL"),
        "https://traffpunkt.example/e/1?a=1,2;b=3"
    );
    assert_eq!(
        parsed_param(first, "CONFERENCE", "FEATURE"),
        ["AUDIO", "VIDEO"]
    );
    assert_eq!(
        parsed_param(first, "CONFERENCE", "LABEL"),
        ["Malmö, Sverige"]
    );

    let second = &parsed.events[1].properties;
    assert_eq!(
        unescape_text(parsed_value(second, "SUMMARY")),
        long.summary.trim_end()
    );
    assert_eq!(
        Some(unescape_text(parsed_value(second, "DESCRIPTION"))),
        long.description
            .as_deref()
            .map(|text| text.trim_end().to_owned())
    );
    assert_eq!(parsed_param(second, "DTSTART", "TZID"), ["Europe/Oslo"]);

    let third = &parsed.events[2].properties;
    assert_eq!(parsed_value(third, "DTSTART"), "20231018T110000Z");
    assert_eq!(parsed_param(third, "DTSTART", "TZID"), Vec::<String>::new());
    assert_eq!(
        parsed_param(third, "CONFERENCE", "LABEL"),
        ["Länk: Teams; rum 1"]
    );
    assert_eq!(
        parsed_value(third, "CONFERENCE"),
        "https://meet.example/room?id=1"
    );
}

#[test]
fn snapshot() {
    let mut event = Event::new(
        "snap@traffpunkt",
        "Frukostmöte, Tokyo",
        utc(2024, 5, 1, 0, 0, 0),
        utc(2024, 5, 1, 1, 0, 0),
        "Asia/Tokyo",
        utc(2024, 4, 1, 6, 0, 0),
    );
    event.url = Some("https://traffpunkt.example/e/snap".to_owned());
    let mut online = Event::new(
        "online@traffpunkt",
        "Webbinarium",
        utc(2024, 5, 2, 12, 0, 0),
        utc(2024, 5, 2, 13, 0, 0),
        "UTC",
        utc(2024, 4, 1, 6, 0, 0),
    );
    online.status = Status::Tentative;
    online.conference = Some(Conference {
        url: "https://meet.example/w".to_owned(),
        label: Some("Delta".to_owned()),
    });
    let calendar = Calendar {
        name: Some("Test".to_owned()),
        refresh_interval: Some(Duration::minutes(30)),
        events: vec![event, online],
        ..Calendar::new()
    };
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Träffpunkt//Träffpunkt//SV",
        "CALSCALE:GREGORIAN",
        "NAME:Test",
        "X-WR-CALNAME:Test",
        "REFRESH-INTERVAL;VALUE=DURATION:PT30M",
        "X-PUBLISHED-TTL:PT30M",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "X-LIC-LOCATION:Asia/Tokyo",
        "BEGIN:STANDARD",
        "DTSTART:20230101T090000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:snap@traffpunkt",
        "DTSTAMP:20240401T060000Z",
        "SEQUENCE:0",
        "DTSTART;TZID=Asia/Tokyo:20240501T090000",
        "DTEND;TZID=Asia/Tokyo:20240501T100000",
        "STATUS:CONFIRMED",
        "SUMMARY:Frukostmöte\\, Tokyo",
        "URL:https://traffpunkt.example/e/snap",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:online@traffpunkt",
        "DTSTAMP:20240401T060000Z",
        "SEQUENCE:0",
        "DTSTART:20240502T120000Z",
        "DTEND:20240502T130000Z",
        "STATUS:TENTATIVE",
        "SUMMARY:Webbinarium",
        // Exactly 75 octets: not folded.
        "CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Delta:https://meet.example/w",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n");
    assert_eq!(calendar.render(), expected);
}

#[test]
fn end_not_after_start_is_left_out() {
    let at = utc(2024, 5, 2, 12, 0, 0);
    let event = Event::new("zero", "Nu", at, at, "Europe/Stockholm", at);
    let lines = logical_lines(&calendar(vec![event]).render());
    assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20240502T140000".to_owned()));
    assert!(!lines.iter().any(|line| line.starts_with("DTEND")));
}
