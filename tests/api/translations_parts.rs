//! The parts of an event in Swedish, Norwegian and English: agenda items'
//! titles and descriptions, speakers' roles and registration questions'
//! labels and choices, given with the part and read in the language asked
//! for like the event's own texts — in the API, on the event page and its
//! registration form, in the feeds — and in the organiser console's forms.

use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::{TestApp, user_error_fields};
use crate::translations::gql_in;

const ADD_ITEM: &str = "mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) {
    agendaItem { id } userErrors { field code message } } }";

const UPDATE_ITEM: &str = "mutation($input: UpdateAgendaItemInput!) {
    updateAgendaItem(input: $input) {
        agendaItem { id descriptionTranslations { lang text } }
        userErrors { field code message } } }";

const ADD_SPEAKER: &str = "mutation($input: AddSpeakerInput!) { addSpeaker(input: $input) {
    speaker { id } userErrors { field code message } } }";

const ADD_QUESTION: &str = "mutation($input: AddRegistrationQuestionInput!) {
    addRegistrationQuestion(input: $input) {
        question { id } userErrors { field code message } } }";

const READ: &str = "query($id: ID!) { node(id: $id) { ... on Event {
    sequence
    agenda {
        id title description norwegian: title(lang: NB)
        titleTranslations { lang text } descriptionTranslations { lang text }
        speakers { name role roleTranslations { lang text } }
    }
    questions {
        label options choices { value label }
        labelTranslations { lang text } choicesTranslations { lang choices }
    }
} } }";

/// A published Swedish conference with one agenda item (title in English
/// and Norwegian, description in Norwegian only), its moderator (role in
/// English) and a lunch question (label and choices in English).
async fn bilingual_programme(app: &TestApp) -> (entities::event::Model, String) {
    let network = NetworkBuilder::new("Välfärdsnätverket").insert(app).await;
    let event = EventBuilder::new(&network)
        .title("Höstkonferens")
        .published()
        .insert(app)
        .await;
    let id = event_gid(&event);
    let item = app
        .gql_ok(
            ADD_ITEM,
            json!({ "input": {
                "eventId": id,
                "title": "Välkommen",
                "description": "Vi börjar med kaffe.",
                "titleTranslations": [
                    { "lang": "EN", "text": "Welcome" },
                    { "lang": "NB", "text": "Velkommen" }
                ],
                "descriptionTranslations": [
                    { "lang": "NB", "text": "Vi begynner med kaffe." }
                ]
            } }),
        )
        .await["addAgendaItem"]
        .clone();
    assert_eq!(item["userErrors"], json!([]), "{item}");
    let speaker = app
        .gql_ok(
            ADD_SPEAKER,
            json!({ "input": {
                "eventId": id,
                "agendaItemId": item["agendaItem"]["id"],
                "name": "Anna Berg",
                "role": "Samtalsledare",
                "status": "CONFIRMED",
                "roleTranslations": [{ "lang": "EN", "text": "Moderator" }]
            } }),
        )
        .await["addSpeaker"]
        .clone();
    assert_eq!(speaker["userErrors"], json!([]), "{speaker}");
    let question = app
        .gql_ok(
            ADD_QUESTION,
            json!({ "input": {
                "eventId": id,
                "kind": "SINGLE_CHOICE",
                "label": "Vill du ha lunch?",
                "options": ["Ja", "Nej"],
                "required": true,
                "labelTranslations": [{ "lang": "EN", "text": "Would you like lunch?" }],
                "choicesTranslations": [{ "lang": "EN", "choices": ["Yes", "No"] }]
            } }),
        )
        .await["addRegistrationQuestion"]
        .clone();
    assert_eq!(question["userErrors"], json!([]), "{question}");
    let question = question["question"]["id"].as_str().expect("id").to_owned();
    (event, question)
}

#[tokio::test]
async fn the_programme_and_the_questions_are_read_in_the_language_asked_for() {
    let app = TestApp::spawn().await;
    let (event, question) = bilingual_programme(&app).await;
    let id = json!({ "id": event_gid(&event) });

    let en = gql_in(&app, Some("en-GB"), None, READ, id.clone()).await["node"].clone();
    let item = &en["agenda"][0];
    assert_eq!(item["title"], "Welcome");
    // Not translated into English: the event's own text.
    assert_eq!(item["description"], "Vi börjar med kaffe.");
    // An explicit language wins over the header.
    assert_eq!(item["norwegian"], "Velkommen");
    assert_eq!(item["speakers"][0]["role"], "Moderator");
    let q = &en["questions"][0];
    assert_eq!(q["label"], "Would you like lunch?");
    // Shown in English; an answer still gives the original.
    assert_eq!(
        q["choices"],
        json!([{ "value": "Ja", "label": "Yes" }, { "value": "Nej", "label": "No" }])
    );
    assert_eq!(q["options"], json!(["Ja", "Nej"]));

    let nb = gql_in(&app, Some("nb"), None, READ, id.clone()).await["node"].clone();
    assert_eq!(nb["agenda"][0]["title"], "Velkommen");
    assert_eq!(nb["agenda"][0]["description"], "Vi begynner med kaffe.");
    assert_eq!(nb["agenda"][0]["speakers"][0]["role"], "Samtalsledare");
    assert_eq!(nb["questions"][0]["label"], "Vill du ha lunch?");
    assert_eq!(nb["questions"][0]["choices"][0]["label"], "Ja");

    // A language we do not write falls back to the event's own.
    let de = gql_in(&app, Some("de-DE"), None, READ, id.clone()).await["node"].clone();
    assert_eq!(de["agenda"][0]["title"], "Välkommen");
    assert_eq!(de["agenda"][0]["speakers"][0]["role"], "Samtalsledare");
    assert_eq!(de["questions"][0]["label"], "Vill du ha lunch?");

    // Editors get every translation.
    assert_eq!(
        de["agenda"][0]["titleTranslations"],
        json!([{ "lang": "NB", "text": "Velkommen" }, { "lang": "EN", "text": "Welcome" }])
    );
    assert_eq!(
        de["questions"][0]["choicesTranslations"],
        json!([{ "lang": "EN", "choices": ["Yes", "No"] }])
    );

    // Answers are the originals: the translation is what was shown.
    let register = "mutation($input: RegisterInput!) { register(input: $input) {
        registration { id } userErrors { field code } } }";
    let guest = |email: &str, value: &str| {
        json!({ "input": {
            "eventId": event_gid(&event),
            "consent": true,
            "guest": { "name": "Kari Nordmann", "email": email },
            "answers": [{ "questionId": question, "values": [value] }]
        } })
    };
    let refused = app
        .gql_ok_as(None, register, guest("kari@ale.se", "Yes"))
        .await["register"]
        .clone();
    assert!(refused["registration"].is_null(), "{refused}");
    let accepted = app
        .gql_ok_as(None, register, guest("kari@ale.se", "Ja"))
        .await["register"]
        .clone();
    assert_eq!(accepted["userErrors"], json!([]), "{accepted}");
}

#[tokio::test]
async fn part_translations_are_checked_like_their_originals_and_go_with_them() {
    let app = TestApp::spawn().await;
    let (event, question) = bilingual_programme(&app).await;
    let id = event_gid(&event);

    let refused = app
        .gql_ok(
            ADD_QUESTION,
            json!({ "input": {
                "eventId": id,
                "kind": "MULTIPLE_CHOICE",
                "label": "Vilka workshoppar?",
                "options": ["A", "B", "C"],
                "labelTranslations": [{ "lang": "SV", "text": "Samma språk" }],
                "choicesTranslations": [
                    { "lang": "EN", "choices": ["A", "B"] },
                    { "lang": "NB", "choices": ["A", "A", "C"] }
                ]
            } }),
        )
        .await["addRegistrationQuestion"]
        .clone();
    assert!(refused["question"].is_null(), "{refused}");
    let fields = user_error_fields(&refused);
    for expected in [
        "labelTranslations.0.lang",
        "choicesTranslations.0.choices",
        "choicesTranslations.1.choices.1",
    ] {
        assert!(
            fields.iter().any(|f| f.ends_with(expected)),
            "{expected} missing in {refused}"
        );
    }
    let no_description = app
        .gql_ok(
            ADD_ITEM,
            json!({ "input": {
                "eventId": id,
                "title": "Paus",
                "descriptionTranslations": [{ "lang": "EN", "text": "Coffee" }]
            } }),
        )
        .await["addAgendaItem"]
        .clone();
    assert!(
        user_error_fields(&no_description)
            .iter()
            .any(|f| f.ends_with("descriptionTranslations.0.text")),
        "{no_description}"
    );

    // The event cannot become Norwegian while its programme has Norwegian
    // translations nobody would read again: removed first, not lost.
    let to_norwegian = "mutation($input: UpdateEventInput!) { updateEvent(input: $input) {
        event { locale } userErrors { field code } } }";
    let refused = app
        .gql_ok(
            to_norwegian,
            json!({ "input": { "id": id, "locale": "NB" } }),
        )
        .await["updateEvent"]
        .clone();
    assert!(
        user_error_fields(&refused)
            .iter()
            .any(|f| f.ends_with("locale")),
        "{refused}"
    );

    // Clearing a text takes its translations with it.
    let read = gql_in(&app, None, None, READ, json!({ "id": id })).await["node"].clone();
    let item_id = read["agenda"][0]["id"].clone();
    let cleared = app
        .gql_ok(
            UPDATE_ITEM,
            json!({ "input": { "id": item_id, "description": "" } }),
        )
        .await["updateAgendaItem"]
        .clone();
    assert_eq!(cleared["userErrors"], json!([]), "{cleared}");
    assert_eq!(cleared["agendaItem"]["descriptionTranslations"], json!([]));
    let untitled = app
        .gql_ok(
            UPDATE_ITEM,
            json!({ "input": { "id": item_id,
                "titleTranslations": [{ "lang": "NB", "text": "" }] } }),
        )
        .await["updateAgendaItem"]
        .clone();
    assert_eq!(untitled["userErrors"], json!([]), "{untitled}");

    // An existing question is translated without changing it; only its
    // organisers may.
    let translate = "mutation($input: TranslateRegistrationQuestionInput!) {
        translateRegistrationQuestion(input: $input) {
            question { labelTranslations { lang text } choicesTranslations { lang choices } }
            userErrors { field code } } }";
    let input = json!({ "input": {
        "id": question,
        "labelTranslations": [{ "lang": "NB", "text": "Vil du ha lunsj?" }],
        "choicesTranslations": [{ "lang": "EN", "choices": [] }]
    } });
    let stranger = app.sign_in("nyfiken@example.se").await;
    let refused = app.gql_as(Some(&stranger), translate, input.clone()).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    let translated = app.gql_ok(translate, input).await["translateRegistrationQuestion"].clone();
    assert_eq!(translated["userErrors"], json!([]), "{translated}");
    // Languages not named stay.
    assert_eq!(
        translated["question"]["labelTranslations"],
        json!([
            { "lang": "NB", "text": "Vil du ha lunsj?" },
            { "lang": "EN", "text": "Would you like lunch?" }
        ])
    );
    // No choices: the English ones removed.
    assert_eq!(translated["question"]["choicesTranslations"], json!([]));

    // Removing the question and the item removes their translations; the
    // speaker's stay until it goes.
    app.gql_ok(
        "mutation($id: ID!) { removeRegistrationQuestion(input: { id: $id }) { userErrors { code } } }",
        json!({ "id": question }),
    )
    .await;
    app.gql_ok(
        "mutation($id: ID!) { removeAgendaItem(input: { id: $id }) { userErrors { code } } }",
        json!({ "id": item_id }),
    )
    .await;
    let left: Vec<(String, String)> = entities::translation::Entity::find()
        .all(app.db())
        .await
        .expect("rows")
        .into_iter()
        .map(|r| (r.owner_kind, r.field))
        .collect();
    assert_eq!(left, [("speaker".to_owned(), "role".to_owned())]);

    // With the Norwegian title gone, the event may become Norwegian.
    let norwegian = app
        .gql_ok(
            to_norwegian,
            json!({ "input": { "id": id, "locale": "NB" } }),
        )
        .await["updateEvent"]
        .clone();
    assert_eq!(norwegian["userErrors"], json!([]), "{norwegian}");
    assert_eq!(norwegian["event"]["locale"], "NB");
}

#[tokio::test]
async fn the_page_its_form_and_the_feeds_show_the_programme_in_their_language() {
    let app = TestApp::spawn().await;
    let (event, _) = bilingual_programme(&app).await;

    let (status, en) = app
        .page(&format!("/events/{}?lang=en", event.id), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{en}");
    assert!(en.contains("<span>Welcome</span>"), "{en}");
    // Untranslated: the Swedish description, marked as Swedish.
    assert!(
        en.contains("<p lang=\"sv\">Vi börjar med kaffe.</p>"),
        "{en}"
    );
    assert!(en.contains("<li>Anna Berg, Moderator</li>"), "{en}");
    // The form asks in English; the choice's value is the original.
    assert!(en.contains("<legend>Would you like lunch?"), "{en}");
    assert!(!en.contains("Vill du ha lunch?"), "{en}");
    let yes = en.find(">Yes<").expect("the English choice");
    let before = &en[..yes];
    let input = &before[before.rfind("<input").expect("its input")..];
    assert!(input.contains("value=\"Ja\""), "{input}");

    let (_, nb) = app
        .page(&format!("/events/{}?lang=nb", event.id), None)
        .await;
    assert!(nb.contains("<span>Velkommen</span>"), "{nb}");
    assert!(nb.contains("<p>Vi begynner med kaffe.</p>"), "{nb}");
    // The role is Swedish, so is the speaker's line.
    assert!(
        nb.contains("<li lang=\"sv\">Anna Berg, Samtalsledare</li>"),
        "{nb}"
    );
    // The question and its choices are not in Norwegian: Swedish, marked.
    assert!(
        nb.contains("<legend><span lang=\"sv\">Vill du ha lunch?</span>"),
        "{nb}"
    );
    assert!(nb.contains("lang=\"sv\">Nej</label>"), "{nb}");

    let feed = |lang: &str| format!("/calendar/events/{}.ics{lang}", event.id);
    let plain = crate::feeds::get(&app, &feed("")).await;
    let english = crate::feeds::get(&app, &feed("?lang=en")).await;
    let norwegian = crate::feeds::get(&app, &feed("?lang=nb")).await;
    let bodies = [&plain.body, &english.body, &norwegian.body];
    let parsed = crate::feeds::python_all(&bodies.map(String::as_str), None).await;
    let description = |i: usize| {
        parsed[i]["events"][0]["description"]
            .as_str()
            .expect("description")
            .to_owned()
    };
    assert!(description(0).contains("Välkommen"), "{}", description(0));
    assert!(
        description(0).contains("Samtalsledare"),
        "{}",
        description(0)
    );
    assert!(description(1).contains("Welcome"), "{}", description(1));
    assert!(
        description(1).contains("Anna Berg (Moderator)"),
        "{}",
        description(1)
    );
    assert!(description(2).contains("Velkommen"), "{}", description(2));
    assert!(
        description(2).contains("Samtalsledare"),
        "{}",
        description(2)
    );
    let read = crate::feeds::icaljs(&bodies.map(String::as_str)).await;
    assert!(
        read[1]["events"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Welcome")),
        "{read:?}"
    );

    // A translation subscribers see moves the feed's ETag; the event's
    // SEQUENCE stays (a programme change is not a new time or place).
    let before = gql_in(&app, None, None, READ, json!({ "id": event_gid(&event) })).await;
    let item = before["node"]["agenda"][0]["id"].clone();
    app.state.clock.advance(chrono::Duration::minutes(1));
    let changed = app
        .gql_ok(
            UPDATE_ITEM,
            json!({ "input": { "id": item,
                "titleTranslations": [{ "lang": "EN", "text": "Welcome, everyone" }] } }),
        )
        .await["updateAgendaItem"]
        .clone();
    assert_eq!(changed["userErrors"], json!([]), "{changed}");
    let again = crate::feeds::get(&app, &feed("?lang=en")).await;
    assert_ne!(
        again.header(reqwest::header::ETAG),
        english.header(reqwest::header::ETAG)
    );
    assert!(again.body.contains("Welcome\\, everyone"), "{}", again.body);
    let after = gql_in(&app, None, None, READ, json!({ "id": event_gid(&event) })).await;
    assert_eq!(before["node"]["sequence"], after["node"]["sequence"]);
}

#[tokio::test]
async fn organisers_translate_items_speakers_and_questions_in_the_console() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Utvecklingsgruppen").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .published()
        .insert(&app)
        .await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "arrangor@ale.se",
        entities::NetworkRole::Organiser,
    )
    .await;
    let programme = format!("/organise/events/{}/programme", event.id);
    let (status, html) = app
        .page(&format!("{programme}?lang=en"), Some(&organiser))
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // The event is Swedish: Norwegian and English fields, each marked.
    assert!(
        html.contains("<label for=\"title_en\">Title (English)</label>"),
        "{html}"
    );
    assert!(
        html.contains("id=\"description_nb\" name=\"description_nb\" lang=\"nb\""),
        "{html}"
    );
    assert!(html.contains("id=\"role_en\""), "{html}");
    assert!(!html.contains("id=\"title_sv\""), "not the own language");

    // A refused translation comes back next to its field.
    let (status, _, refused) = app
        .post_form(
            &format!("{programme}/items?lang=en"),
            &organiser,
            true,
            &[
                ("title", "Välkommen"),
                ("title_en", &"x".repeat(201)),
                ("startsAt", "2026-12-10T09:00"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.contains("id=\"title_en-error\""), "{refused}");
    assert!(refused.contains("href=\"#title_en\""), "{refused}");

    let (status, _, body) = app
        .post_form(
            &format!("{programme}/items?lang=en"),
            &organiser,
            true,
            &[
                ("title", "Välkommen"),
                ("title_en", "Welcome"),
                ("title_nb", ""),
                ("description", "Kaffe och smörgås."),
                ("description_nb", "Kaffe og smørbrød."),
                ("startsAt", "2026-12-10T09:00"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let item = entities::agenda_item::Entity::find()
        .one(app.db())
        .await
        .expect("query")
        .expect("the item");
    // The item's own form shows what is stored.
    let (_, edit) = app
        .page(
            &format!("/organise/agenda/{}/edit?lang=en", item.id),
            Some(&organiser),
        )
        .await;
    assert!(
        edit.contains("name=\"title_en\" lang=\"en\" value=\"Welcome\""),
        "{edit}"
    );
    assert!(edit.contains(">Kaffe og smørbrød.</textarea>"), "{edit}");

    let (status, _, body) = app
        .post_form(
            &format!("{programme}/speakers?lang=en"),
            &organiser,
            true,
            &[
                ("name", "Anna Berg"),
                ("role", "Samtalsledare"),
                ("role_en", "Moderator"),
                ("agendaItemId", &item.id.to_string()),
                ("status", "CONFIRMED"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

    let questions = format!("/organise/events/{}/questions", event.id);
    let (status, _, refused) = app
        .post_form(
            &format!("{questions}?lang=en"),
            &organiser,
            true,
            &[
                ("kind", "SINGLE_CHOICE"),
                ("label", "Vill du ha lunch?"),
                ("options", "Ja\nNej"),
                ("label_en", "Would you like lunch?"),
                ("options_en", "Yes"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.contains("id=\"options_en-error\""), "{refused}");
    let (status, _, body) = app
        .post_form(
            &format!("{questions}?lang=en"),
            &organiser,
            true,
            &[
                ("kind", "SINGLE_CHOICE"),
                ("label", "Vill du ha lunch?"),
                ("options", "Ja\nNej"),
                ("label_en", "Would you like lunch?"),
                ("options_en", "Yes\nNo"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

    // A question's translations are kept on its own form there, to change
    // later.
    let (_, list) = app
        .page(&format!("{questions}?lang=en"), Some(&organiser))
        .await;
    assert!(
        list.contains("name=\"q0.label_en\" lang=\"en\" value=\"Would you like lunch?\""),
        "{list}"
    );
    let question = entities::registration_question::Entity::find()
        .one(app.db())
        .await
        .expect("query")
        .expect("the question");
    let translate = format!("/organise/questions/{}/translate?lang=en", question.id);
    let (status, _, refused) = app
        .post_form(
            &translate,
            &organiser,
            true,
            &[
                ("q0.label_en", "Would you like lunch?"),
                ("q0.options_en", "Yes\nNo"),
                ("q0.label_nb", "Vil du ha lunsj?"),
                ("q0.options_nb", "Ja"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused.contains("id=\"q0.options_nb-error\""), "{refused}");
    assert!(
        refused.contains("value=\"Vil du ha lunsj?\""),
        "what was typed stays"
    );
    let (status, location, body) = app
        .post_form(
            &translate,
            &organiser,
            true,
            &[
                ("q0.label_en", "Would you like lunch?"),
                ("q0.options_en", "Yes\nNo"),
                ("q0.label_nb", "Vil du ha lunsj?"),
                ("q0.options_nb", "Ja\nNei"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(location.contains("done=translated"), "{location}");
    let (_, norwegian) = app
        .page(&format!("/events/{}?lang=nb", event.id), None)
        .await;
    assert!(norwegian.contains("Vil du ha lunsj?"), "{norwegian}");
    assert!(norwegian.contains(">Nei</label>"), "{norwegian}");

    // Participants reading English get it all in English.
    let (_, page) = app
        .page(&format!("/events/{}?lang=en", event.id), None)
        .await;
    for text in [
        "Welcome",
        "Anna Berg, Moderator",
        "Would you like lunch?",
        ">Yes<",
    ] {
        assert!(page.contains(text), "{text} missing in {page}");
    }
    // Norwegian readers get the description in Norwegian, the rest in
    // Swedish, marked.
    let (_, page) = app
        .page(&format!("/events/{}?lang=nb", event.id), None)
        .await;
    assert!(page.contains("<p>Kaffe og smørbrød.</p>"), "{page}");
    assert!(
        page.contains("<span lang=\"sv\">Välkommen</span>"),
        "{page}"
    );
}

#[tokio::test]
async fn the_event_form_takes_the_language_and_the_translations() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .locale("nb")
        .insert(&app)
        .await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "arrangor@ks.no",
        entities::NetworkRole::Organiser,
    )
    .await;
    let new = format!("/organise/networks/{}/events/new?lang=en", network.id);
    let (status, html) = app.page(&new, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // A Norwegian network's event is Norwegian unless the organiser says
    // otherwise; Swedish and English are offered as translations.
    assert!(
        html.contains("<option value=\"nb\" lang=\"nb\" selected>Norsk bokmål</option>"),
        "{html}"
    );
    assert!(
        html.contains("<label for=\"title_sv\">Title (Svenska)</label>"),
        "{html}"
    );
    assert!(
        html.contains(
            "id=\"venue.accessibilityNotes_en\" name=\"venue.accessibilityNotes_en\" lang=\"en\""
        ),
        "{html}"
    );
    assert!(!html.contains("id=\"title_nb\""), "not the own language");

    let mut fields = vec![
        ("locale", "nb"),
        ("title", "Aldersvennlig webinar"),
        ("title_sv", "Åldersvänligt webbinarium"),
        ("title_en", "Age-friendly webinar"),
        ("description", "Om gode lokalsamfunn."),
        ("description_sv", ""),
        ("description_en", "On good communities."),
        ("venue.accessibilityNotes_sv", ""),
        ("venue.accessibilityNotes_en", "Step-free entrance."),
        ("kind", "WEBINAR"),
        ("startsAt", "2027-01-18T13:00"),
        ("endsAt", "2027-01-18T15:00"),
        ("timeZone", "Europe/Oslo"),
        ("attendanceMode", "ONLINE"),
        ("joinLinkVisibility", "REGISTERED"),
        ("registrationPolicy", "REQUIRED"),
    ];
    // Accessibility notes to translate need notes: refused next to the
    // English field, all else kept.
    let create = format!("/organise/networks/{}/events?lang=en", network.id);
    let (status, _, refused) = app.post_form(&create, &organiser, true, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(
        refused.contains("id=\"venue.accessibilityNotes_en-error\""),
        "{refused}"
    );
    assert!(
        refused.contains("value=\"Age-friendly webinar\""),
        "{refused}"
    );
    fields.retain(|(name, _)| *name != "venue.accessibilityNotes_en");
    let (status, location, body) = app.post_form(&create, &organiser, true, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

    let event = entities::event::Entity::find()
        .one(app.db())
        .await
        .expect("query")
        .expect("the event");
    assert_eq!(event.locale, "nb");
    let edit = location.replace("&done=created", "");
    let (_, html) = app.page(&edit, Some(&organiser)).await;
    assert!(
        html.contains("name=\"title_en\" lang=\"en\" value=\"Age-friendly webinar\""),
        "{html}"
    );
    assert!(html.contains(">On good communities.</textarea>"), "{html}");

    // Saving the form with an English field emptied removes that
    // translation; the API reads what is left.
    let mut saved = fields.clone();
    for field in saved.iter_mut() {
        if field.0 == "title_en" {
            field.1 = "";
        }
    }
    let save = format!("/organise/events/{}/edit?lang=en", event.id);
    let (status, _, body) = app.post_form(&save, &organiser, true, &saved).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let read = app
        .gql_ok(
            "query($id: ID!) { node(id: $id) { ... on Event { locale titleTranslations { lang text } } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(read["node"]["locale"], "NB");
    assert_eq!(
        read["node"]["titleTranslations"],
        json!([{ "lang": "SV", "text": "Åldersvänligt webbinarium" }])
    );
}
