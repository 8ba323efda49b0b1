//! Event texts in Swedish, Norwegian and English: an event's own language
//! and its translations, set with `createEvent`/`updateEvent`, read in the
//! language asked for (the field's `lang`, else `Accept-Language`, else the
//! person's language, else the event's own), on the event page and in the
//! feeds; a translation a subscriber sees raises SEQUENCE.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::fixtures::NetworkBuilder;
use crate::helpers::{TestApp, user_error_codes, user_error_fields};

const CREATE: &str = "mutation($input: CreateEventInput!) {
    createEvent(input: $input) {
        event { id locale sequence }
        userErrors { field code message }
    } }";

const UPDATE: &str = "mutation($input: UpdateEventInput!) {
    updateEvent(input: $input) {
        event { id locale sequence titleTranslations { lang text } }
        userErrors { field code message }
    } }";

const READ: &str = "query($id: ID!) { node(id: $id) { ... on Event {
    locale title description venue { accessibilityNotes }
    english: title(lang: EN)
    titleTranslations { lang text }
    descriptionTranslations { lang text }
    venue { accessibilityNotesTranslations { lang text } }
} } }";

/// POSTs GraphQL with an `Accept-Language` header (and a bearer token).
pub(crate) async fn gql_in(
    app: &TestApp,
    accept_language: Option<&str>,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = app
        .http
        .post(app.url("/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(lang) = accept_language {
        request = request.header("Accept-Language", lang);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let body: Value = request
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(body.get("errors").is_none(), "unexpected errors: {body}");
    body["data"].clone()
}

/// A published Swedish event of a Swedish network with Norwegian and
/// English titles, a Norwegian description (none in English) and English
/// accessibility notes; its global id.
pub(crate) async fn translated_event(app: &TestApp) -> String {
    let network = NetworkBuilder::new("Välfärdsnätverket").insert(app).await;
    let network_id = crate::fixtures::network_gid(&network);
    let created = app
        .gql_ok(
            CREATE,
            json!({ "input": {
                "networkId": network_id,
                "kind": "CONFERENCE",
                "title": "Höstkonferens",
                "description": "Två dagar om välfärdsteknologi.",
                "startsAt": "2026-11-26T08:00:00Z",
                "endsAt": "2026-11-26T15:00:00Z",
                "attendanceMode": "IN_PERSON",
                "membersOnly": false,
                "registrationPolicy": "OPEN",
                "venue": { "name": "Lindholmen", "city": "Göteborg",
                           "accessibilityNotes": "Hörslinga i stora salen." },
                "titleTranslations": [
                    { "lang": "NB", "text": "Høstkonferanse" },
                    { "lang": "EN", "text": "Autumn conference" }
                ],
                "descriptionTranslations": [
                    { "lang": "NB", "text": "To dager om velferdsteknologi." }
                ],
                "accessibilityNotesTranslations": [
                    { "lang": "EN", "text": "Hearing loop in the main hall." }
                ]
            } }),
        )
        .await["createEvent"]
        .clone();
    assert_eq!(created["userErrors"], json!([]), "{created}");
    assert_eq!(created["event"]["locale"], "SV");
    let id = created["event"]["id"].as_str().expect("id").to_owned();
    let published = app
        .gql_ok(
            "mutation($id: ID!) { publishEvent(input: { id: $id }) { userErrors { code } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(published["publishEvent"]["userErrors"], json!([]));
    id
}

#[tokio::test]
async fn an_event_is_read_in_the_language_asked_for_else_its_own() {
    let app = TestApp::spawn().await;
    let id = translated_event(&app).await;

    // Norwegian reader: every text that is translated into Norwegian.
    let nb = gql_in(
        &app,
        Some("nb-NO, en;q=0.5"),
        None,
        READ,
        json!({ "id": id }),
    )
    .await;
    let nb = &nb["node"];
    assert_eq!(nb["locale"], "SV");
    assert_eq!(nb["title"], "Høstkonferanse");
    assert_eq!(nb["description"], "To dager om velferdsteknologi.");
    // The notes are not in Norwegian: the event's own (Swedish) text.
    assert_eq!(
        nb["venue"]["accessibilityNotes"],
        "Hörslinga i stora salen."
    );
    // The field's argument wins over the header.
    assert_eq!(nb["english"], "Autumn conference");
    assert_eq!(
        nb["titleTranslations"],
        json!([
            { "lang": "NB", "text": "Høstkonferanse" },
            { "lang": "EN", "text": "Autumn conference" }
        ])
    );
    assert_eq!(
        nb["descriptionTranslations"],
        json!([{ "lang": "NB", "text": "To dager om velferdsteknologi." }])
    );
    assert_eq!(
        nb["venue"]["accessibilityNotesTranslations"],
        json!([{ "lang": "EN", "text": "Hearing loop in the main hall." }])
    );

    // English reader: the description falls back to Swedish.
    let en = gql_in(&app, Some("en-GB"), None, READ, json!({ "id": id })).await;
    assert_eq!(en["node"]["title"], "Autumn conference");
    assert_eq!(en["node"]["description"], "Två dagar om välfärdsteknologi.");
    assert_eq!(
        en["node"]["venue"]["accessibilityNotes"],
        "Hearing loop in the main hall."
    );

    // A language we do not write, or none: the event's own.
    for header in [Some("de-DE, fr;q=0.8"), None] {
        let de = gql_in(&app, header, None, READ, json!({ "id": id })).await;
        assert_eq!(de["node"]["title"], "Höstkonferens", "{header:?}");
        assert_eq!(de["node"]["description"], "Två dagar om välfärdsteknologi.");
        assert_eq!(de["node"]["english"], "Autumn conference");
    }

    // A person whose language is Norwegian, with no header.
    let me = app.sign_in("kari@example.no").await;
    let set = gql_in(
        &app,
        None,
        Some(&me),
        "mutation { updateViewer(input: { locale: \"nb\" }) { userErrors { code } } }",
        json!({}),
    )
    .await;
    assert_eq!(set["updateViewer"]["userErrors"], json!([]));
    let person = gql_in(&app, None, Some(&me), READ, json!({ "id": id })).await;
    assert_eq!(person["node"]["title"], "Høstkonferanse");
    // The request's header comes before the person's language.
    let header = gql_in(&app, Some("en"), Some(&me), READ, json!({ "id": id })).await;
    assert_eq!(header["node"]["title"], "Autumn conference");
    // The event's own language asked for is the original, not the person's.
    let own = gql_in(&app, Some("sv"), Some(&me), READ, json!({ "id": id })).await;
    assert_eq!(own["node"]["title"], "Höstkonferens");
}

#[tokio::test]
async fn bad_translations_are_user_errors_all_at_once() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Välfärdsnätverket").insert(&app).await;
    let refused = app
        .gql_ok(
            CREATE,
            json!({ "input": {
                "networkId": crate::fixtures::network_gid(&network),
                "kind": "MEETING",
                "title": "",
                "startsAt": "2026-11-26T08:00:00Z",
                "endsAt": "2026-11-26T10:00:00Z",
                "attendanceMode": "IN_PERSON",
                "titleTranslations": [
                    { "lang": "SV", "text": "Samma språk" },
                    { "lang": "NB", "text": "x".repeat(201) },
                    { "lang": "NB", "text": "To ganger" }
                ],
                "accessibilityNotesTranslations": [
                    { "lang": "EN", "text": "No notes to translate" }
                ]
            } }),
        )
        .await["createEvent"]
        .clone();
    assert!(refused["event"].is_null(), "{refused}");
    let fields = user_error_fields(&refused);
    for expected in [
        "title",
        "titleTranslations.0.lang",
        "titleTranslations.1.text",
        "titleTranslations.2.lang",
        "accessibilityNotesTranslations.0.text",
    ] {
        assert!(
            fields.iter().any(|f| f.ends_with(expected)),
            "{expected} missing in {refused}"
        );
    }
    assert_eq!(
        entities::translation::Entity::find()
            .all(app.db())
            .await
            .expect("rows")
            .len(),
        0,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_translation_subscribers_see_raises_the_sequence_and_is_audited() {
    let app = TestApp::spawn().await;
    let id = translated_event(&app).await;
    let update = |input: Value| {
        let app = &app;
        async move {
            let payload =
                app.gql_ok(UPDATE, json!({ "input": input })).await["updateEvent"].clone();
            assert_eq!(payload["userErrors"], json!([]), "{payload}");
            payload["event"].clone()
        }
    };
    let sequence = |event: &Value| event["sequence"].as_i64().expect("sequence");

    // The same text again changes nothing.
    let same = update(json!({ "id": id,
        "titleTranslations": [{ "lang": "NB", "text": "Høstkonferanse" }] }))
    .await;
    assert_eq!(sequence(&same), 0);

    // A new Norwegian title is what Norwegian subscribers see: SEQUENCE.
    let renamed = update(json!({ "id": id,
        "titleTranslations": [{ "lang": "NB", "text": "Haustkonferanse" }] }))
    .await;
    assert_eq!(sequence(&renamed), 1);

    // A description translation moves the feeds' ETag, not SEQUENCE (as
    // the description itself does).
    let described = update(json!({ "id": id,
        "descriptionTranslations": [{ "lang": "EN", "text": "Two days." }] }))
    .await;
    assert_eq!(sequence(&described), 1);

    // An empty text removes a translation (and subscribers see the change).
    let removed = update(json!({ "id": id,
        "titleTranslations": [{ "lang": "EN", "text": "" }] }))
    .await;
    assert_eq!(sequence(&removed), 2);
    assert_eq!(
        removed["titleTranslations"],
        json!([{ "lang": "NB", "text": "Haustkonferanse" }])
    );

    // Making Norwegian the event's own language while a Norwegian
    // translation exists is refused; removing it in the same change works.
    let refused = app
        .gql_ok(UPDATE, json!({ "input": { "id": id, "locale": "NB" } }))
        .await["updateEvent"]
        .clone();
    assert_eq!(user_error_codes(&refused), ["INVALID"], "{refused}");
    let switched = update(
        json!({ "id": id, "locale": "NB", "title": "Haustkonferanse",
        "titleTranslations": [{ "lang": "NB", "text": "" },
                              { "lang": "SV", "text": "Höstkonferens" }],
        "descriptionTranslations": [{ "lang": "NB", "text": "" }] }),
    )
    .await;
    assert_eq!(switched["locale"], "NB");
    assert_eq!(
        switched["titleTranslations"],
        json!([{ "lang": "SV", "text": "Höstkonferens" }])
    );

    // Each change that changed something is in the audit log, by name.
    let details: Vec<String> = entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq("event.updated"))
        .order_by_asc(entities::audit_log::Column::Id)
        .all(app.db())
        .await
        .expect("audit")
        .into_iter()
        .filter_map(|e| e.detail)
        .collect();
    assert_eq!(
        details,
        [
            "titleTranslations",
            "descriptionTranslations",
            "titleTranslations",
            "title, locale, titleTranslations, descriptionTranslations",
        ],
        "{details:?}"
    );
}

#[tokio::test]
async fn the_event_page_shows_translations_and_marks_the_own_language() {
    let app = TestApp::spawn().await;
    translated_event(&app).await;
    let event = entities::event::Entity::find()
        .one(app.db())
        .await
        .expect("query")
        .expect("the event");
    let path = |lang: &str| format!("/events/{}?lang={lang}", event.id);

    // English: the English title and notes; the description is only in
    // Swedish, and says so.
    let (status, en) = app.page(&path("en"), None).await;
    assert_eq!(status, 200);
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(en.contains("<h1>Autumn conference</h1>"), "{en}");
    assert!(en.contains("<title>Autumn conference"), "{en}");
    assert!(
        en.contains("<p lang=\"sv\">Två dagar om välfärdsteknologi.</p>"),
        "{en}"
    );
    assert!(
        en.contains("<dd>Hearing loop in the main hall.</dd>"),
        "{en}"
    );

    // Norwegian: title and description translated, the notes are not.
    let (_, nb) = app.page(&path("nb"), None).await;
    assert!(nb.contains("<h1>Høstkonferanse</h1>"), "{nb}");
    assert!(nb.contains("<p>To dager om velferdsteknologi.</p>"), "{nb}");
    assert!(
        nb.contains("<dd lang=\"sv\">Hörslinga i stora salen.</dd>"),
        "{nb}"
    );

    // Swedish, the event's own: the originals, unmarked.
    let (_, sv) = app.page(&path("sv"), None).await;
    assert!(sv.contains("<h1>Höstkonferens</h1>"), "{sv}");
    assert!(
        sv.contains("<p>Två dagar om välfärdsteknologi.</p>"),
        "{sv}"
    );
    assert!(sv.contains("<dd>Hörslinga i stora salen.</dd>"), "{sv}");
}

#[tokio::test]
async fn feeds_take_a_language_and_say_it() {
    let app = TestApp::spawn().await;
    translated_event(&app).await;
    let event = entities::event::Entity::find()
        .one(app.db())
        .await
        .expect("query")
        .expect("the event");
    let network = entities::network::Entity::find()
        .one(app.db())
        .await
        .expect("query")
        .expect("the network");
    let event_feed = |lang: &str| format!("/calendar/events/{}.ics{lang}", event.id);
    let network_feed = |lang: &str| format!("/calendar/networks/{}.ics{lang}", network.slug);

    let plain = crate::feeds::get(&app, &event_feed("")).await;
    let en = crate::feeds::get(&app, &event_feed("?lang=en")).await;
    let nb = crate::feeds::get(&app, &event_feed("?lang=nb")).await;
    let network_nb = crate::feeds::get(&app, &network_feed("?lang=nb")).await;
    for fetched in [&plain, &en, &nb, &network_nb] {
        assert_eq!(fetched.status, 200, "{}", fetched.body);
    }
    // One ETag per language: a cache never gives one language's body for
    // another's.
    let tags: std::collections::HashSet<&str> = [&plain, &en, &nb]
        .iter()
        .map(|f| f.header(reqwest::header::ETAG))
        .collect();
    assert_eq!(tags.len(), 3, "{tags:?}");

    let parsed =
        crate::feeds::python_all(&[&plain.body, &en.body, &nb.body, &network_nb.body], None).await;
    let event_of = |i: usize| parsed[i]["events"][0].clone();
    // ical.js (Thunderbird's and many web calendars' parser) reads the same.
    let read = crate::feeds::icaljs(&[&plain.body, &en.body, &nb.body, &network_nb.body]).await;
    for (i, title) in ["Höstkonferens", "Autumn conference", "Høstkonferanse"]
        .into_iter()
        .enumerate()
    {
        assert_eq!(read[i]["events"][0]["summary"], title, "{read:?}");
    }
    assert_eq!(read[1]["events"][0]["summary_language"], "en");
    assert_eq!(read[0]["events"][0]["summary_language"], Value::Null);
    // Without ?lang= the feed is as before: the own texts, no LANGUAGE.
    assert_eq!(event_of(0)["summary"], "Höstkonferens");
    assert_eq!(event_of(0)["summary_params"], json!({}));
    // English: the English title, said to be English; the description
    // holds the untranslated Swedish text, so it names no language.
    assert_eq!(event_of(1)["summary"], "Autumn conference");
    assert_eq!(event_of(1)["summary_params"]["LANGUAGE"], "en");
    let description = event_of(1)["description"]
        .as_str()
        .expect("text")
        .to_owned();
    assert!(
        description.starts_with("Två dagar om välfärdsteknologi."),
        "{description}"
    );
    assert!(
        description.contains("Hearing loop in the main hall."),
        "{description}"
    );
    assert!(event_of(1)["description_params"].get("LANGUAGE").is_none());
    // Norwegian: the title and description translated, the notes not.
    for i in [2, 3] {
        assert_eq!(event_of(i)["summary"], "Høstkonferanse");
        assert_eq!(event_of(i)["summary_params"]["LANGUAGE"], "nb");
        let text = event_of(i)["description"]
            .as_str()
            .expect("text")
            .to_owned();
        assert!(text.starts_with("To dager om velferdsteknologi."), "{text}");
        assert!(text.contains("Hörslinga i stora salen."), "{text}");
    }

    // A language we do not write is a bad request, in plain text.
    let refused = crate::feeds::get(&app, &event_feed("?lang=de")).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("sv, nb, en"), "{}", refused.body);

    // The ETag of a language answers 304 to its own feed only.
    let again = crate::feeds::fetch(
        &app,
        reqwest::Method::GET,
        &event_feed("?lang=en"),
        &[("If-None-Match", en.header(reqwest::header::ETAG))],
    )
    .await;
    assert_eq!(again.status, 304);
    let other = crate::feeds::fetch(
        &app,
        reqwest::Method::GET,
        &event_feed("?lang=nb"),
        &[("If-None-Match", en.header(reqwest::header::ETAG))],
    )
    .await;
    assert_eq!(other.status, 200);
}

#[tokio::test]
async fn an_event_is_written_in_its_networks_language_unless_told_otherwise() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Friske eldre kommuner")
        .locale("nb")
        .insert(&app)
        .await;
    let event = crate::fixtures::EventBuilder::new(&network)
        .title("Nettverkssamling")
        .insert(&app)
        .await;
    assert_eq!(event.locale, "nb");
    let english = app
        .gql_ok(
            CREATE,
            json!({ "input": {
                "networkId": crate::fixtures::network_gid(&network),
                "kind": "WEBINAR",
                "title": "Nordic welfare technology",
                "startsAt": "2026-11-26T08:00:00Z",
                "endsAt": "2026-11-26T10:00:00Z",
                "attendanceMode": "ONLINE",
                "locale": "EN",
                "titleTranslations": [{ "lang": "NB", "text": "Nordisk velferdsteknologi" }]
            } }),
        )
        .await["createEvent"]
        .clone();
    assert_eq!(english["userErrors"], json!([]), "{english}");
    assert_eq!(english["event"]["locale"], "EN");
}
