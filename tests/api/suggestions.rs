//! Theme suggestions through the API, with mail through the real SMTP test
//! server: a guest suggests, the organisers follow it up state by state
//! (each change mailed once, in the suggester's language), publish it, link
//! it to the meeting that takes it up, and the suggester withdraws it by
//! their link. Who sent it is for the organisers only.

use entities::NetworkRole;
use mailparse::MailHeaderMap;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, network_gid, signed_in_with_role};
use crate::helpers::{TestApp, user_error_codes};
use crate::helpers::{page_form_cookies as form_cookies, post_page_form as post};
use crate::smtp::SmtpServer;

const SUGGEST: &str = "mutation($input: SuggestThemeInput!) { suggestTheme(input: $input) {
    suggestion { id title status published suggesterEmail } userErrors { field code message } } }";
const CHANGE: &str = "mutation($input: ChangeThemeSuggestionStatusInput!) {
    changeThemeSuggestionStatus(input: $input) {
    suggestion { id status event { title } forwardedTo workingGroup updates { status followUp } }
    userErrors { field code message } } }";
const PUBLISH: &str =
    "mutation($id: ID!, $p: Boolean!) { publishThemeSuggestion(input: { id: $id, published: $p }) {
    suggestion { published } userErrors { code } } }";
const LIST: &str = "query($id: ID!) { node(id: $id) { ... on Network {
    themeSuggestions(first: 20) { totalCount nodes { title status suggesterName suggesterEmail
      event { title } updates { status followUp } } } } } }";

/// The first `text/plain` part of a mail.
fn plain_text(mail: &mailparse::ParsedMail<'_>) -> String {
    if mail.ctype.mimetype == "text/plain" {
        return mail.get_body().expect("body");
    }
    mail.subparts
        .iter()
        .map(plain_text)
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// Subjects and texts of the mails to `to`, in order.
fn mails_to(smtp: &SmtpServer, to: &str) -> Vec<(String, String)> {
    smtp.received()
        .into_iter()
        .filter(|m| m.rcpt_tos.iter().any(|r| r == to))
        .map(|m| {
            let parsed = mailparse::parse_mail(&m.raw).expect("parses");
            let subject = parsed
                .headers
                .get_first_value("Subject")
                .unwrap_or_default();
            (subject, plain_text(&parsed))
        })
        .collect()
}

fn follow_token(text: &str) -> String {
    let at = text
        .find("/suggestions/follow?token=")
        .expect("a follow link")
        + 26;
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

async fn list(app: &TestApp, token: Option<&str>, network: &str) -> Value {
    app.gql_ok_as(token, LIST, json!({ "id": network })).await["node"]["themeSuggestions"].clone()
}

#[tokio::test]
async fn a_guests_suggestion_is_followed_up_in_public_and_mailed_once_per_change_in_their_language()
{
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app =
        TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url)))
            .await;
    let network = NetworkBuilder::new("Öppna utvecklingsgruppen")
        .insert(&app)
        .await;
    let nid = network_gid(&network);
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "lena@helsingborg.se",
        NetworkRole::Organiser,
    )
    .await;
    let stranger =
        signed_in_with_role(&app, &other, "olle@kungalv.se", NetworkRole::Organiser).await;
    let meeting = EventBuilder::new(&network)
        .title("Månadsträff mars")
        .published()
        .insert(&app)
        .await;
    let guest = json!({ "name": "Kari Nordmann", "email": "kari@example.no" });
    let input = json!({ "networkId": nid, "title": "Digitalt utanförskap",
        "description": "Hur når vi äldre som inte använder e-tjänster?", "guest": guest, "locale": "nb" });

    // Closed until the organisers open it.
    let refused = app
        .gql_ok_as(None, SUGGEST, json!({ "input": input }))
        .await;
    assert_eq!(
        user_error_codes(&refused["suggestTheme"]),
        ["INVALID_STATE"]
    );
    let opened = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($id: ID!) { updateNetwork(input: { id: $id, suggestionsOpen: true }) { network { suggestionsOpen } userErrors { code } } }",
            json!({ "id": nid }),
        )
        .await;
    assert_eq!(opened["updateNetwork"]["network"]["suggestionsOpen"], true);

    // Bad input: every error at once, nothing stored.
    let bad = app
        .gql_ok_as(
            None,
            SUGGEST,
            json!({ "input": { "networkId": nid, "title": " ", "description": "",
                "guest": { "name": "", "email": "inte-en-adress" } } }),
        )
        .await;
    let mut codes = user_error_codes(&bad["suggestTheme"]);
    codes.sort();
    assert_eq!(
        codes,
        ["INVALID", "REQUIRED", "REQUIRED", "REQUIRED"],
        "{bad}"
    );

    let sent = app
        .gql_ok_as(None, SUGGEST, json!({ "input": input }))
        .await;
    assert_eq!(sent["suggestTheme"]["userErrors"], json!([]), "{sent}");
    let suggestion = sent["suggestTheme"]["suggestion"].clone();
    assert_eq!(suggestion["status"], "NEW");
    assert_eq!(suggestion["published"], false);
    assert_eq!(
        suggestion["suggesterEmail"],
        Value::Null,
        "a guest does not read addresses back"
    );
    let id = suggestion["id"].as_str().expect("id").to_owned();

    app.run_jobs().await;
    smtp.wait_for(1).await;
    let mails = mails_to(&smtp, "kari@example.no");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "Takk for forslaget ditt: Digitalt utanförskap");
    assert!(mails[0].1.contains("Hei Kari Nordmann"), "{}", mails[0].1);
    let token = follow_token(&mails[0].1);

    // Unpublished: the organisers see it with who sent it; others nothing.
    let theirs = list(&app, Some(&organiser), &nid).await;
    assert_eq!(theirs["totalCount"], 1);
    assert_eq!(theirs["nodes"][0]["suggesterEmail"], "kari@example.no");
    assert_eq!(theirs["nodes"][0]["suggesterName"], "Kari Nordmann");
    assert_eq!(list(&app, None, &nid).await["totalCount"], 0);
    assert_eq!(list(&app, Some(&stranger), &nid).await["totalCount"], 0);

    // Organisers of another network cannot touch it.
    let foreign = app
        .gql_ok_as(
            Some(&stranger),
            CHANGE,
            json!({ "input": { "id": id, "status": "UNDER_REVIEW", "followUp": "Vi tittar på det." } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&foreign["changeThemeSuggestionStatus"]),
        ["NOT_FOUND"]
    );

    // Under review, then planned for a meeting (which must be named).
    let reviewed = app
        .gql_ok_as(
            Some(&organiser),
            CHANGE,
            json!({ "input": { "id": id, "status": "UNDER_REVIEW", "followUp": "Gruppen bereder förslaget." } }),
        )
        .await;
    assert_eq!(
        reviewed["changeThemeSuggestionStatus"]["userErrors"],
        json!([])
    );
    let unnamed = app
        .gql_ok_as(
            Some(&organiser),
            CHANGE,
            json!({ "input": { "id": id, "status": "PLANNED", "followUp": "" } }),
        )
        .await;
    let mut codes = user_error_codes(&unnamed["changeThemeSuggestionStatus"]);
    codes.sort();
    assert_eq!(codes, ["REQUIRED", "REQUIRED"], "{unnamed}");
    let planned = app
        .gql_ok_as(
            Some(&organiser),
            CHANGE,
            json!({ "input": { "id": id, "status": "PLANNED", "eventId": event_gid(&meeting),
                "followUp": "Tas upp på mötet i mars." } }),
        )
        .await;
    let planned = &planned["changeThemeSuggestionStatus"];
    assert_eq!(planned["userErrors"], json!([]), "{planned}");
    assert_eq!(planned["suggestion"]["event"]["title"], "Månadsträff mars");
    assert_eq!(planned["suggestion"]["updates"][0]["status"], "PLANNED");
    assert_eq!(
        planned["suggestion"]["updates"][0]["followUp"],
        "Tas upp på mötet i mars."
    );

    app.run_jobs().await;
    smtp.wait_for(3).await;
    app.run_jobs().await;
    // The two changes were queued before the worker ran: they may arrive
    // in either order over its connections.
    let mut mails = mails_to(&smtp, "kari@example.no");
    mails[1..].sort_by_key(|(_, text)| !text.contains("under behandling"));
    assert_eq!(mails.len(), 3, "one mail per change: {mails:?}");
    assert_eq!(mails[1].0, "Nytt om forslaget ditt: Digitalt utanförskap");
    assert!(mails[1].1.contains("under behandling"), "{}", mails[1].1);
    assert!(mails[1].1.contains("Gruppen bereder förslaget."));
    assert!(mails[2].1.contains("planlagt"), "{}", mails[2].1);
    assert!(
        mails[2].1.contains("Det tas opp på Månadsträff mars"),
        "{}",
        mails[2].1
    );

    // Published: everyone reads it and what happened, never who sent it.
    let published = app
        .gql_ok_as(Some(&organiser), PUBLISH, json!({ "id": id, "p": true }))
        .await;
    assert_eq!(
        published["publishThemeSuggestion"]["suggestion"]["published"],
        true
    );
    let public = list(&app, None, &nid).await;
    assert_eq!(public["totalCount"], 1);
    let node = &public["nodes"][0];
    assert_eq!(node["status"], "PLANNED");
    assert_eq!(node["suggesterEmail"], Value::Null);
    assert_eq!(node["suggesterName"], Value::Null);
    assert_eq!(node["event"]["title"], "Månadsträff mars");
    assert_eq!(node["updates"].as_array().map(Vec::len), Some(3));

    // Withdrawn by the link from the mail: gone from the public list.
    let withdrawn = app
        .gql_ok_as(
            None,
            "mutation($t: String!) { withdrawThemeSuggestion(input: { followToken: $t }) { suggestion { status published } userErrors { code } } }",
            json!({ "t": token }),
        )
        .await;
    assert_eq!(
        withdrawn["withdrawThemeSuggestion"]["suggestion"]["status"],
        "WITHDRAWN"
    );
    assert_eq!(list(&app, None, &nid).await["totalCount"], 0);
    let wrong = app
        .gql_ok_as(
            None,
            "mutation { withdrawThemeSuggestion(input: { followToken: \"tps_nope\" }) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        user_error_codes(&wrong["withdrawThemeSuggestion"]),
        ["NOT_FOUND"]
    );
    // A withdrawn suggestion is not followed up any more.
    let late = app
        .gql_ok_as(
            Some(&organiser),
            CHANGE,
            json!({ "input": { "id": id, "status": "DONE", "followUp": "Klart." } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&late["changeThemeSuggestionStatus"]),
        ["INVALID_STATE"]
    );
    app.run_jobs().await;
    assert_eq!(mails_to(&smtp, "kari@example.no").len(), 3, "no more mail");
}

#[tokio::test]
async fn the_form_the_console_the_public_page_the_meeting_and_the_feeds_keep_the_promise() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app =
        TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url)))
            .await;
    let network = NetworkBuilder::new("Öppna utvecklingsgruppen")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "lena@helsingborg.se",
        NetworkRole::Organiser,
    )
    .await;
    let stranger =
        signed_in_with_role(&app, &other, "olle@kungalv.se", NetworkRole::Organiser).await;
    let meeting = EventBuilder::new(&network)
        .title("Månadsträff april")
        .published()
        .insert(&app)
        .await;
    let console = format!("/organise/networks/{}/suggestions?lang=sv", network.id);
    let public = format!("/networks/{}/suggestions?lang=sv", network.slug);

    // The organisers open the network for suggestions in the console.
    let (cookies, csrf) = form_cookies(&app, &console, Some(&organiser)).await;
    let open = format!("/organise/networks/{}/suggestions/open", network.id);
    let (status, _, _) = post(&app, &open, &cookies, &[("open", "on")]).await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN, "no CSRF token");
    let (status, location, _) =
        post(&app, &open, &cookies, &[("csrf", &csrf), ("open", "on")]).await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);
    assert!(location.contains("done=saved"), "{location}");
    let (status, _) = app.page(&console, Some(&stranger)).await;
    assert_eq!(
        status,
        reqwest::StatusCode::NOT_FOUND,
        "another network's organiser"
    );

    // A guest sends one through the form: every error at once, then sent.
    let (network_html_status, network_html) =
        app.page(&format!("/networks/{}", network.slug), None).await;
    assert_eq!(network_html_status, reqwest::StatusCode::OK);
    assert!(
        network_html.contains("Skicka ett förslag"),
        "{network_html}"
    );
    let (guest_cookies, guest_csrf) = form_cookies(&app, &public, None).await;
    let (status, _, html) = post(
        &app,
        &public,
        &guest_cookies,
        &[
            ("csrf", &guest_csrf),
            ("title", ""),
            ("description", ""),
            ("name", ""),
            ("email", "nej"),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    for text in [
        "Skriv ett tema.",
        "Beskriv förslaget.",
        "Skriv ditt namn.",
        "Skriv en e-postadress",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(html.contains("value=\"nej\""), "what was typed stays");
    let (status, _, html) = post(
        &app,
        &public,
        &guest_cookies,
        &[
            ("csrf", &guest_csrf),
            ("title", "Mentorskap för nya chefer"),
            ("description", "Erfarna chefer stöttar nya."),
            ("name", "Anna Lind"),
            ("email", "anna.lind@example.se"),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{html}");
    assert!(html.contains("Tack för ditt förslag"), "{html}");
    let (_, page) = app.page(&public, None).await;
    assert!(!page.contains("Mentorskap"), "not published yet");

    // The console shows who sent it; a change without follow-up is refused.
    let (status, html) = app.page(&console, Some(&organiser)).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    // The follow-up can be given in the languages other than the network's.
    assert!(html.contains("name=\"followUp_en\" lang=\"en\""), "{html}");
    assert!(html.contains("name=\"followUp_nb\" lang=\"nb\""), "{html}");
    assert!(!html.contains("name=\"followUp_sv\""), "{html}");
    assert!(
        html.contains("Anna Lind &#60;anna.lind@example.se&#62;"),
        "{html}"
    );
    let marker = "action=\"/organise/suggestions/";
    let at = html.find(marker).expect("a status form") + marker.len();
    let id = html[at..].split('/').next().expect("id").to_owned();
    let status_path = format!("/organise/suggestions/{id}/status?lang=sv");
    let (status, _, html) = post(
        &app,
        &status_path,
        &cookies,
        &[
            ("csrf", &csrf),
            ("status", "WORKING_GROUP"),
            ("followUp", ""),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv en återkoppling."), "{html}");
    assert!(
        html.contains("Skriv arbetsgruppen och dess kontakt."),
        "{html}"
    );
    let (status, _, _) = post(
        &app,
        &status_path,
        &format!(
            "__Host-tp_session={stranger}; {}",
            cookies.split("; ").nth(1).unwrap_or_default()
        ),
        &[("csrf", &csrf), ("status", "DONE"), ("followUp", "x")],
    )
    .await;
    assert_eq!(
        status,
        reqwest::StatusCode::NOT_FOUND,
        "another network's organiser"
    );
    let (status, _, _) = post(
        &app,
        &status_path,
        &cookies,
        &[
            ("csrf", &csrf),
            ("status", "PLANNED"),
            ("eventId", &meeting.id.to_string()),
            ("followUp", "Tas upp på aprilmötet."),
            ("followUp_en", "Taken up at the April meeting."),
            ("followUp_nb", ""),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);
    let (status, _, _) = post(
        &app,
        &format!("/organise/suggestions/{id}/publish"),
        &cookies,
        &[("csrf", &csrf), ("published", "true")],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);

    // Public: the page, the network's section, the meeting, the feeds.
    let (_, page) = app.page(&public, None).await;
    assert!(page.contains("Mentorskap för nya chefer"), "{page}");
    assert!(page.contains("planerat"), "{page}");
    assert!(page.contains("Tas upp på aprilmötet."));
    let (_, english) = app
        .page(
            &format!("/networks/{}/suggestions?lang=en", network.slug),
            None,
        )
        .await;
    assert!(
        english.contains("<span>Taken up at the April meeting.</span>"),
        "{english}"
    );
    assert!(page.contains("Månadsträff april"));
    assert!(!page.contains("anna.lind@example.se"), "never the address");
    assert!(!page.contains("Anna Lind"), "nor the name");
    let (_, event_page) = app
        .page(&format!("/events/{}?lang=sv", meeting.id), None)
        .await;
    assert!(
        event_page.contains("Förslag från deltagare"),
        "{event_page}"
    );
    assert!(event_page.contains("Mentorskap för nya chefer"));
    let (_, ics) = app
        .page(&format!("/calendar/events/{}.ics", meeting.id), None)
        .await;
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("Förslag från deltagare:\\n- Mentorskap för nya chefer"),
        "{unfolded}"
    );
    let (status, atom) = app
        .page(
            &format!("/networks/{}/suggestions/feed.atom", network.slug),
            None,
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(atom.starts_with("<?xml"), "{atom}");
    assert_eq!(atom.matches("<entry>").count(), 1, "{atom}");
    assert!(atom.contains("Tas upp på aprilmötet."));
    assert!(!atom.contains("anna.lind"), "{atom}");

    // The suggester follows it from the mail, then withdraws it.
    app.run_jobs().await;
    smtp.wait_for(2).await;
    // Both were queued before the worker ran: they may arrive in either
    // order over its connections.
    let mut mails = mails_to(&smtp, "anna.lind@example.se");
    mails.sort_by_key(|(subject, _)| !subject.starts_with("Tack"));
    assert_eq!(mails.len(), 2, "received, then planned: {mails:?}");
    assert_eq!(
        mails[0].0,
        "Tack för ditt förslag: Mentorskap för nya chefer"
    );
    assert_eq!(
        mails[1].0,
        "Nytt om ditt förslag: Mentorskap för nya chefer"
    );
    let token = follow_token(&mails[1].1);
    let follow = format!("/suggestions/follow?token={token}");
    let (follow_cookies, follow_csrf) = form_cookies(&app, &follow, None).await;
    let (_, html) = app.page(&follow, None).await;
    assert!(html.contains("Ditt förslag"), "{html}");
    assert!(html.contains("Förslaget visas på nätverkets sida."));
    let (status, _, html) = post(
        &app,
        "/suggestions/withdraw",
        &follow_cookies,
        &[("csrf", &follow_csrf), ("token", &token)],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{html}");
    assert!(html.contains("Förslaget är tillbakataget"), "{html}");
    let (_, page) = app.page(&public, None).await;
    assert!(!page.contains("Mentorskap"), "withdrawn: gone");
    let (_, event_page) = app
        .page(&format!("/events/{}?lang=sv", meeting.id), None)
        .await;
    assert!(!event_page.contains("Mentorskap"), "and from the meeting");
    let (status, _) = app.page("/suggestions/follow?token=tps_wrong", None).await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_suggesters_export_holds_their_suggestions_and_erasure_leaves_only_the_public_record() {
    use entities::{theme_suggestion, theme_suggestion_link};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Öppen utvecklingsgrupp")
        .insert(&app)
        .await;
    let nid = network_gid(&network);
    app.gql_ok(
        "mutation($id: ID!) { updateNetwork(input: { id: $id, suggestionsOpen: true }) { userErrors { code } } }",
        json!({ "id": nid }),
    )
    .await;
    // Sent as a guest; the same address signs in later.
    let sent = app
        .gql_ok_as(
            None,
            SUGGEST,
            json!({ "input": { "networkId": nid, "title": "Mentorskap för nyanställda",
                "description": "Erfarna socialsekreterare som stöd.",
                "guest": { "name": "Åsa Öberg", "email": "Asa.Oberg@example.se" } } }),
        )
        .await;
    assert_eq!(sent["suggestTheme"]["userErrors"], json!([]), "{sent}");
    let token = app.sign_in("asa.oberg@example.se").await;
    let export = app
        .gql_ok_as(
            Some(&token),
            "mutation { exportMyData { data } }",
            json!({}),
        )
        .await;
    let mine = &export["exportMyData"]["data"]["themeSuggestions"];
    assert_eq!(mine[0]["title"], "Mentorskap för nyanställda", "{export}");
    assert_eq!(mine[0]["guestName"], "Åsa Öberg");

    let deleted = app
        .gql_ok_as(
            Some(&token),
            "mutation { deleteMyAccount(input: { confirmEmail: \"asa.oberg@example.se\" }) { deleted } }",
            json!({}),
        )
        .await;
    assert_eq!(deleted["deleteMyAccount"]["deleted"], true);
    let kept = theme_suggestion::Entity::find()
        .filter(theme_suggestion::Column::NetworkId.eq(network.id))
        .one(app.db())
        .await
        .expect("suggestion")
        .expect("kept");
    assert_eq!(kept.title, "Mentorskap för nyanställda", "the record stays");
    assert_eq!(
        (kept.guest_name, kept.guest_email, kept.person_id),
        (None, None, None)
    );
    let links = theme_suggestion_link::Entity::find()
        .filter(theme_suggestion_link::Column::SuggestionId.eq(kept.id))
        .count(app.db())
        .await
        .expect("links");
    assert_eq!(links, 0, "the mailed follow link stops working");
}
