//! Event content in each reader's language beyond the API (issue 17): mail
//! (one reminder to three people, each in their language, with the
//! organiser's text translated and `invite.ics` in the same language),
//! reminder translations checked like the original, search by a translated
//! title, the personal feed, the network page and series copies. Mail goes
//! through the real worker to the real test SMTP server.

use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::feeds::{ical, python, value};
use crate::helpers::{TestApp, user_error_codes};
use crate::invites::{Mail, read};
use crate::smtp::SmtpServer;
use crate::translations::translated_event;

const UPDATE_VIEWER: &str = "mutation($input: UpdateViewerInput!) {
    updateViewer(input: $input) { viewer { locale } userErrors { field code message } } }";

const REGISTER: &str = "mutation($e: ID!) { register(input: { eventId: $e, consent: true }) {
    registration { status } userErrors { code } } }";

const SCHEDULE: &str = "mutation($input: ReminderDraftInput!) {
    scheduleReminder(input: $input) {
        reminder { id locale translations { lang subject body } }
        userErrors { field code message }
    } }";

const SEND_NOW: &str = "mutation($id: ID!) { sendReminderNow(input: { reminderId: $id }) {
    queued userErrors { code } } }";

async fn app_for(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url))).await
}

/// Signs `email` in, sets their language (if any) and registers them for
/// `event`; their session token.
async fn registered(app: &TestApp, event: &str, email: &str, locale: Option<&str>) -> String {
    let token = app.sign_in(email).await;
    if let Some(locale) = locale {
        let set = app
            .gql_ok_as(
                Some(&token),
                UPDATE_VIEWER,
                json!({ "input": { "locale": locale } }),
            )
            .await;
        assert_eq!(set["updateViewer"]["userErrors"], json!([]), "{set}");
    }
    let done = app
        .gql_ok_as(Some(&token), REGISTER, json!({ "e": event }))
        .await;
    assert_eq!(
        done["register"]["registration"]["status"], "CONFIRMED",
        "{done}"
    );
    token
}

/// Sends what is queued and returns every mail received so far, read.
async fn delivered(app: &TestApp, smtp: &SmtpServer, total: usize) -> Vec<Mail> {
    app.run_jobs().await;
    smtp.wait_for(total)
        .await
        .iter()
        .map(|m| read(&m.raw, &m.rcpt_tos))
        .collect()
}

fn mail_to<'a>(mails: &'a [Mail], to: &str, subject_starts: &str) -> &'a Mail {
    mails
        .iter()
        .find(|m| m.to == to && m.subject.starts_with(subject_starts))
        .unwrap_or_else(|| {
            let seen: Vec<_> = mails.iter().map(|m| (&m.to, &m.subject)).collect();
            panic!("no mail to {to} starting {subject_starts:?}: {seen:?}")
        })
}

fn summary_of(mail: &Mail) -> String {
    let text = mail.ics.as_deref().expect("an invitation");
    let calendar = ical(text);
    value(&calendar.events[0].properties, "SUMMARY")
        .expect("SUMMARY")
        .to_owned()
}

#[tokio::test]
async fn one_reminder_reaches_three_people_each_in_their_language() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let event = translated_event(&app).await;
    registered(&app, &event, "sv@example.se", Some("sv")).await;
    registered(&app, &event, "nb@example.no", Some("nb")).await;
    registered(&app, &event, "en@example.org", Some("en")).await;
    // The confirmations: the title in each one's language where
    // translated, and the invitation in the same language.
    let confirmations = delivered(&app, &smtp, 3).await;
    let sv = mail_to(&confirmations, "sv@example.se", "");
    assert!(sv.subject.contains("Höstkonferens"), "{}", sv.subject);
    assert_eq!(summary_of(sv), "Höstkonferens");
    let nb = mail_to(&confirmations, "nb@example.no", "");
    assert!(nb.subject.contains("Høstkonferanse"), "{}", nb.subject);
    assert_eq!(summary_of(nb), "Høstkonferanse");
    let en = mail_to(&confirmations, "en@example.org", "");
    assert!(en.subject.contains("Autumn conference"), "{}", en.subject);
    assert!(
        en.text.contains("Hearing loop in the main hall."),
        "the English accessibility notes: {}",
        en.text
    );
    assert_eq!(summary_of(en), "Autumn conference");
    // Real parsers read the translated invitation.
    let parsed = python(en.ics.as_deref().expect("ics")).await;
    assert_eq!(
        parsed["events"][0]["summary"], "Autumn conference",
        "{parsed}"
    );

    // One reminder: the own text in Swedish, translated into Norwegian
    // only. The English reader gets English words with the Swedish text.
    let scheduled = app
        .gql_ok(
            SCHEDULE,
            json!({ "input": {
                "eventId": event, "offsetMinutes": 60, "audience": "CONFIRMED",
                "subject": "Snart: {{event_title}}",
                "body": "Hej {{participant_name}}! Vi ses {{starts_at_local}}.",
                "translations": [
                    { "lang": "NB", "subject": "Snart: {{event_title}}",
                      "body": "Hei {{participant_name}}! Vi sees {{starts_at_local}}." }
                ]
            } }),
        )
        .await["scheduleReminder"]
        .clone();
    assert_eq!(scheduled["userErrors"], json!([]), "{scheduled}");
    assert_eq!(
        scheduled["reminder"]["translations"],
        json!([{ "lang": "NB", "subject": "Snart: {{event_title}}",
                 "body": "Hei {{participant_name}}! Vi sees {{starts_at_local}}." }])
    );
    let id = scheduled["reminder"]["id"].as_str().expect("id");
    let sent = app.gql_ok(SEND_NOW, json!({ "id": id })).await;
    assert_eq!(sent["sendReminderNow"]["queued"], 3, "{sent}");
    let all = delivered(&app, &smtp, 6).await;
    let sv = mail_to(&all, "sv@example.se", "Snart:");
    assert_eq!(sv.subject, "Snart: Höstkonferens");
    assert!(sv.text.contains("Vi ses"), "{}", sv.text);
    let nb = mail_to(&all, "nb@example.no", "Snart:");
    assert_eq!(nb.subject, "Snart: Høstkonferanse");
    assert!(nb.text.contains("Vi sees"), "{}", nb.text);
    assert_eq!(summary_of(nb), "Høstkonferanse");
    let en = mail_to(&all, "en@example.org", "Snart:");
    assert_eq!(en.subject, "Snart: Autumn conference");
    assert!(en.text.contains("Vi ses"), "the own text: {}", en.text);
    assert_eq!(summary_of(en), "Autumn conference");

    // A reminder whose language is chosen: a reader of another language
    // without a translation gets the whole mail in the chosen one.
    let chosen = app
        .gql_ok(
            SCHEDULE,
            json!({ "input": {
                "eventId": event, "offsetMinutes": 30, "audience": "CONFIRMED",
                "locale": "sv",
                "subject": "Påminnelse om {{event_title}}",
                "body": "Hej {{participant_name}}!",
                "translations": [
                    { "lang": "EN", "subject": "Reminder: {{event_title}}",
                      "body": "Hello {{participant_name}}!" }
                ]
            } }),
        )
        .await["scheduleReminder"]
        .clone();
    assert_eq!(chosen["userErrors"], json!([]), "{chosen}");
    let id = chosen["reminder"]["id"].as_str().expect("id");
    app.gql_ok(SEND_NOW, json!({ "id": id })).await;
    let all = delivered(&app, &smtp, 9).await;
    assert_eq!(
        mail_to(&all, "en@example.org", "Reminder:").subject,
        "Reminder: Autumn conference"
    );
    let nb = mail_to(&all, "nb@example.no", "Påminnelse");
    assert_eq!(
        nb.subject, "Påminnelse om Höstkonferens",
        "Swedish throughout"
    );
}

#[tokio::test]
async fn reminder_translations_are_checked_like_the_original() {
    let app = TestApp::spawn().await;
    let event = translated_event(&app).await;
    let refused = app
        .gql_ok(
            SCHEDULE,
            json!({ "input": {
                "eventId": event, "offsetMinutes": 60, "audience": "CONFIRMED",
                "subject": "Snart: {{event_title}}",
                "body": "Hej {{participant_name}}!",
                "translations": [
                    { "lang": "NB", "subject": "Snart: {{event_title}}",
                      "body": "Hei {{deltaker_navn}}!" },
                    { "lang": "SV", "subject": "Snart", "body": "Hej" },
                    { "lang": "EN", "subject": "Soon", "body": "" },
                    { "lang": "NB", "subject": "Igjen", "body": "Igjen" }
                ]
            } }),
        )
        .await["scheduleReminder"]
        .clone();
    assert_eq!(refused["reminder"], Value::Null, "{refused}");
    let fields: Vec<String> = refused["userErrors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            e["field"]
                .as_array()
                .expect("path")
                .iter()
                .map(|p| p.as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    for expected in [
        "translations.0.body",
        "translations.1.lang",
        "translations.2.body",
        "translations.3.lang",
    ] {
        assert!(
            fields.iter().any(|f| f.ends_with(expected)),
            "{expected} in {fields:?}"
        );
    }
    let unknown = refused["userErrors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| {
            e["message"]
                .as_str()
                .is_some_and(|m| m.contains("deltaker_navn"))
        });
    assert!(
        unknown.is_some(),
        "names the unknown placeholder: {refused}"
    );

    // Translations of nothing: refused, not stored.
    let nothing = app
        .gql_ok(
            SCHEDULE,
            json!({ "input": {
                "eventId": event, "offsetMinutes": 60, "audience": "CONFIRMED",
                "translations": [ { "lang": "NB", "subject": "Snart", "body": "Hei" } ]
            } }),
        )
        .await["scheduleReminder"]
        .clone();
    assert_eq!(user_error_codes(&nothing), ["INVALID"], "{nothing}");
}

#[tokio::test]
async fn a_translated_title_finds_the_event_and_shows_where_the_reader_reads() {
    let app = TestApp::spawn().await;
    let event = translated_event(&app).await;
    let search = "query($q: String) { network(slug: \"valfardsnatverket\") {
        events(filter: { search: $q }) { totalCount } } }";
    for words in [
        "hostkonferanse",
        "HØSTKONFERANSE",
        "autumn",
        "höstkonferens",
    ] {
        let found = app.gql_ok(search, json!({ "q": words })).await;
        assert_eq!(
            found["network"]["events"]["totalCount"], 1,
            "{words}: {found}"
        );
    }

    // The network page in English: the English title; in Norwegian the
    // Norwegian one; both unmarked, being in the page's language.
    let (status, page) = app.page("/networks/valfardsnatverket?lang=en", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(">Autumn conference</a>"), "{page}");
    let (_, page) = app.page("/networks/valfardsnatverket?lang=nb", None).await;
    assert!(page.contains(">Høstkonferanse</a>"), "{page}");
    // The front door too.
    let (_, front) = app.page("/?lang=en", None).await;
    assert!(front.contains(">Autumn conference</a>"), "{front}");

    // The personal feed: in the person's language unless ?lang= says
    // otherwise.
    let token = registered(&app, &event, "kari@example.no", Some("nb")).await;
    let rotated = app
        .gql_ok_as(
            Some(&token),
            "mutation { rotateCalendarToken(input: {}) { calendarUrl userErrors { code } } }",
            json!({}),
        )
        .await;
    let url = rotated["rotateCalendarToken"]["calendarUrl"]
        .as_str()
        .expect("url");
    let path = &url[url.find("/calendar/me/").expect("personal path")..];
    let nb = crate::feeds::feed(&app, path).await;
    assert!(nb.contains("SUMMARY;LANGUAGE=nb:Høstkonferanse"), "{nb}");
    let en = crate::feeds::feed(&app, &format!("{path}?lang=en")).await;
    assert!(en.contains("Autumn conference"), "{en}");
    let parsed = python(&en).await;
    assert_eq!(
        parsed["events"][0]["summary"], "Autumn conference",
        "{parsed}"
    );
    let refused = app
        .http
        .get(app.url(&format!("{path}?lang=fi")))
        .send()
        .await
        .expect("feed");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_follow_up_reaches_the_suggester_and_the_public_in_their_language() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let network = crate::fixtures::NetworkBuilder::new("Öppen utvecklingsgrupp")
        .insert(&app)
        .await;
    let nid = crate::fixtures::network_gid(&network);
    app.gql_ok(
        "mutation($id: ID!) { updateNetwork(input: { id: $id, suggestionsOpen: true }) { userErrors { code } } }",
        json!({ "id": nid }),
    )
    .await;
    let sent = app
        .gql_ok_as(
            None,
            "mutation($input: SuggestThemeInput!) { suggestTheme(input: $input) {
                suggestion { id } userErrors { code } } }",
            json!({ "input": { "networkId": nid, "title": "Digital exclusion",
                "description": "Older people without BankID.", "locale": "en",
                "guest": { "name": "Sam Smith", "email": "sam@example.org" } } }),
        )
        .await;
    let id = sent["suggestTheme"]["suggestion"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let change = "mutation($input: ChangeThemeSuggestionStatusInput!) {
        changeThemeSuggestionStatus(input: $input) {
            suggestion { updates { followUp english: followUp(lang: EN)
                                   followUpTranslations { lang text } } }
            userErrors { field code message } } }";
    // Swedish is the network's language: not a translation.
    let refused = app
        .gql_ok(
            change,
            json!({ "input": { "id": id, "status": "UNDER_REVIEW",
                "followUp": "Vi tittar på det.",
                "followUpTranslations": [ { "lang": "SV", "text": "Igen" } ] } }),
        )
        .await["changeThemeSuggestionStatus"]
        .clone();
    assert_eq!(user_error_codes(&refused), ["INVALID"], "{refused}");
    assert_eq!(
        refused["userErrors"][0]["field"],
        json!(["input", "followUpTranslations", "0", "lang"])
    );
    let changed = app
        .gql_ok(
            change,
            json!({ "input": { "id": id, "status": "UNDER_REVIEW",
                "followUp": "Vi tittar på det i december.",
                "followUpTranslations": [
                    { "lang": "EN", "text": "We look at it in December." } ] } }),
        )
        .await["changeThemeSuggestionStatus"]
        .clone();
    assert_eq!(changed["userErrors"], json!([]), "{changed}");
    let latest = &changed["suggestion"]["updates"][0];
    assert_eq!(latest["followUp"], "Vi tittar på det i december.");
    assert_eq!(latest["english"], "We look at it in December.");
    assert_eq!(
        latest["followUpTranslations"],
        json!([{ "lang": "EN", "text": "We look at it in December." }])
    );
    // The suggester, who wrote in English, reads it in English.
    let mails = delivered(&app, &smtp, 2).await;
    let news = mails.last().expect("the change's mail");
    assert!(
        news.text.contains("We look at it in December."),
        "{}",
        news.text
    );
    assert!(!news.text.contains("Vi tittar"), "{}", news.text);

    // The public page: in English the translation, in Norwegian the
    // Swedish original marked as such.
    app.gql_ok(
        "mutation($id: ID!) { publishThemeSuggestion(input: { id: $id, published: true }) {
            userErrors { code } } }",
        json!({ "id": id }),
    )
    .await;
    let slug = network.slug.clone();
    let (_, en) = app
        .page(&format!("/networks/{slug}/suggestions?lang=en"), None)
        .await;
    assert!(
        en.contains("<span>We look at it in December.</span>"),
        "{en}"
    );
    let (_, nb) = app
        .page(&format!("/networks/{slug}/suggestions?lang=nb"), None)
        .await;
    assert!(
        nb.contains("<span lang=\"sv\">Vi tittar på det i december.</span>"),
        "{nb}"
    );
}

#[tokio::test]
async fn added_occurrences_keep_the_translations_of_what_they_copy() {
    let app = TestApp::spawn().await;
    let network = crate::fixtures::NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let created = app
        .gql_ok(
            "mutation($input: CreateSeriesInput!) { createSeries(input: $input) {
                series { id events { nodes { id } } } userErrors { code } } }",
            json!({ "input": {
                "networkId": crate::fixtures::network_gid(&network),
                "title": "Gemensam utvecklingsgrupp", "description": "Varje månad.",
                "publish": true,
                "template": { "kind": "MEETING", "attendanceMode": "IN_PERSON",
                    "title": "Utvecklingsgruppen", "description": "Öppet möte.",
                    "venue": { "name": "Fontänhuset", "city": "Helsingborg" },
                    "registrationPolicy": "OPEN" },
                "occurrences": [ { "startsAt": "2026-09-21T11:00:00Z", "endsAt": "2026-09-21T13:00:00Z" } ]
            } }),
        )
        .await["createSeries"]
        .clone();
    assert_eq!(created["userErrors"], json!([]), "{created}");
    let series = created["series"]["id"].as_str().expect("series").to_owned();
    let first = created["series"]["events"]["nodes"][0]["id"]
        .as_str()
        .expect("event")
        .to_owned();
    let translated = app
        .gql_ok(
            "mutation($id: ID!) { updateEvent(input: { id: $id,
                titleTranslations: [{ lang: EN, text: \"Development group\" }],
                descriptionTranslations: [{ lang: EN, text: \"Open meeting.\" }] }) {
                userErrors { field code message } } }",
            json!({ "id": first }),
        )
        .await;
    assert_eq!(
        translated["updateEvent"]["userErrors"],
        json!([]),
        "{translated}"
    );
    let added = app
        .gql_ok(
            "mutation($input: AddSeriesOccurrencesInput!) { addSeriesOccurrences(input: $input) {
                events { title english: title(lang: EN) description(lang: EN)
                         titleTranslations { lang text } }
                userErrors { field code message } } }",
            json!({ "input": { "seriesId": series, "publish": true, "occurrences": [
                { "startsAt": "2026-10-19T11:00:00Z", "endsAt": "2026-10-19T13:00:00Z" },
                { "startsAt": "2026-11-16T12:00:00Z", "endsAt": "2026-11-16T14:00:00Z",
                  "title": "Tema: digitalt utanförskap" } ] } }),
        )
        .await["addSeriesOccurrences"]
        .clone();
    assert_eq!(added["userErrors"], json!([]), "{added}");
    let events = added["events"].as_array().expect("events");
    assert_eq!(events[0]["english"], "Development group", "{added}");
    assert_eq!(events[0]["description"], "Open meeting.");
    // Its own title has no translation: the English reader gets it as
    // written; the copied description keeps its translation.
    assert_eq!(events[1]["english"], "Tema: digitalt utanförskap");
    assert_eq!(events[1]["titleTranslations"], json!([]));
    assert_eq!(events[1]["description"], "Open meeting.");
    // And search finds the copy by its English title.
    let found = app
        .gql_ok(
            "query($slug: String!) { network(slug: $slug) {
                events(filter: { search: \"development\" }) { totalCount } } }",
            json!({ "slug": network.slug }),
        )
        .await;
    assert_eq!(found["network"]["events"]["totalCount"], 2, "{found}");
}
