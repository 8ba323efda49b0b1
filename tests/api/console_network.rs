//! The console's network page (`/organise/networks/{id}`): member
//! organisations and their mail domains, contact persons, roles and
//! sub-networks through the page's forms, and the CSV import of members and
//! their people as Excel saves it — preview first, then all or nothing.
//! Only the network's organisers get anywhere; everyone else finds nothing.

use entities::{NetworkRole, network, network_contact, network_member, network_role, organisation};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::fixtures::{NetworkBuilder, organisation, signed_in_with_role};
use crate::helpers::TestApp;
use crate::helpers::form_cookies;

/// A page as the holder of `session` sees it, in Swedish.
async fn page_as(app: &TestApp, path: &str, session: Option<&str>) -> (StatusCode, String) {
    let mut request = app.http.get(app.url(path)).header("Accept-Language", "sv");
    if let Some(token) = session {
        request = request.header("Cookie", format!("__Host-tp_session={token}"));
    }
    let response = request.send().await.expect("get");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let at = text.find(start)? + start.len();
    Some(text[at..].split(end).next()?.to_owned())
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Posts a form; status, `Location` and body.
async fn post(
    app: &TestApp,
    path: &str,
    cookies: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let response = client()
        .post(app.url(path))
        .header("Cookie", cookies)
        .header("Accept-Language", "sv")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post");
    answer(response).await
}

async fn answer(response: reqwest::Response) -> (StatusCode, String, String) {
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location, response.text().await.expect("body"))
}

const BOUNDARY: &str = "----traffpunkt-test-7MA4YWxkTrZu0gW";

/// Posts a `multipart/form-data` form: text fields, and a file when given.
async fn upload(
    app: &TestApp,
    path: &str,
    cookies: &str,
    fields: &[(&str, &str)],
    file: Option<&[u8]>,
) -> (StatusCode, String, String) {
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some(file) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"medlemmar.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let response = client()
        .post(app.url(path))
        .header("Cookie", cookies)
        .header("Accept-Language", "sv")
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("post");
    answer(response).await
}

/// The hidden `content` of a preview page, as the browser would send it.
fn carried(html: &str) -> String {
    between(html, "name=\"content\" value=\"", "\"")
        .expect("the preview carries the file")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn organisation_named(app: &TestApp, name: &str) -> Option<organisation::Model> {
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(app.db())
        .await
        .expect("query")
}

async fn is_member(app: &TestApp, network: &network::Model, org: uuid::Uuid) -> bool {
    network_member::Entity::find()
        .filter(network_member::Column::NetworkId.eq(network.id))
        .filter(network_member::Column::OrganisationId.eq(org))
        .count(app.db())
        .await
        .expect("count")
        > 0
}

async fn role_of(app: &TestApp, network: &network::Model, email: &str) -> Option<NetworkRole> {
    let person = api::service::people::by_email(&app.cx(), email)
        .await
        .expect("lookup")?;
    network_role::Entity::find()
        .filter(network_role::Column::NetworkId.eq(network.id))
        .filter(network_role::Column::PersonId.eq(person.id))
        .one(app.db())
        .await
        .expect("query")
        .map(|r| r.role)
}

async fn domains(app: &TestApp, org: uuid::Uuid) -> Vec<String> {
    api::service::organisations::email_domains(app.db(), api::ids::OrganisationId(org))
        .await
        .expect("domains")
}

#[tokio::test]
async fn organisers_keep_members_domains_contacts_roles_and_sub_networks() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Skånes socialchefer")
        .insert(&app)
        .await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "samordnare@skane.se",
        NetworkRole::Organiser,
    )
    .await;
    let malmo = organisation(&app, "Malmö stad").await;
    let path = format!("/organise/networks/{}", network.id);
    let (status, html) = page_as(&app, &path, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Skånes socialchefer</h1>"), "{html}");
    assert!(html.contains(&format!("{path}/attendance")), "{html}");
    assert!(html.contains("href=\"/networks/"), "the public page");
    assert!(html.contains(".ics"), "the feed");
    assert!(html.contains("samordnare@skane.se"), "roles with addresses");
    let (cookies, csrf) = form_cookies(&app, &path, &organiser).await;

    // An existing organisation by its name.
    let (status, location, _) = post(
        &app,
        &format!("{path}/members"),
        &cookies,
        &[("csrf", &csrf), ("name", "Malmö stad"), ("lang", "sv")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=member-added"), "{location}");
    assert!(is_member(&app, &network, malmo.id).await);
    let (_, html) = page_as(&app, &location, Some(&organiser)).await;
    assert!(
        html.contains("Organisationen är medlem i nätverket."),
        "{html}"
    );

    // An unknown name is refused next to the field, unless it is to be
    // registered.
    let (status, _, html) = post(
        &app,
        &format!("{path}/members"),
        &cookies,
        &[("csrf", &csrf), ("name", "Hässleholms kommun")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"member-name-error\""), "{html}");
    assert!(html.contains("Ingen organisation heter så"), "{html}");
    assert!(
        html.contains("value=\"Hässleholms kommun\""),
        "the typed name stays"
    );
    assert!(
        organisation_named(&app, "Hässleholms kommun")
            .await
            .is_none()
    );
    let (status, _, _) = post(
        &app,
        &format!("{path}/members"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("name", "Hässleholms kommun"),
            ("create", "on"),
            ("kind", "MUNICIPALITY"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let hassleholm = organisation_named(&app, "Hässleholms kommun")
        .await
        .expect("registered");
    assert_eq!(hassleholm.kind, entities::OrganisationKind::Municipality);
    assert!(is_member(&app, &network, hassleholm.id).await);

    // Mail domains: refused with the error next to that organisation's field,
    // then saved.
    let malmo_id = malmo.id.to_string();
    let (status, _, html) = post(
        &app,
        &format!("{path}/domains"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("organisation", &malmo_id),
            ("domains", "malmo.se, inte en domän"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(&format!("id=\"domains-{malmo_id}-error\"")),
        "{html}"
    );
    assert!(domains(&app, malmo.id).await.is_empty());
    let (status, _, _) = post(
        &app,
        &format!("{path}/domains"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("organisation", &malmo_id),
            ("domains", "Malmo.se, skane.se"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(domains(&app, malmo.id).await, ["malmo.se", "skane.se"]);
    let (_, html) = page_as(&app, &path, Some(&organiser)).await;
    assert!(html.contains("malmo.se, skane.se"), "{html}");

    // A contact person, shown with the address the organiser typed.
    let (status, _, html) = post(
        &app,
        &format!("{path}/contacts"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("name", "Åsa Öberg"),
            ("email", "inte-en-adress"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"contact-email-error\""), "{html}");
    let (status, location, _) = post(
        &app,
        &format!("{path}/contacts"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("name", "Åsa Öberg"),
            ("email", "asa.oberg@malmo.se"),
            ("label", "Frågor om nätverket"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=contact-added"), "{location}");
    let (_, html) = page_as(&app, &path, Some(&organiser)).await;
    assert!(html.contains("Åsa Öberg") && html.contains("asa.oberg@malmo.se"));
    assert!(html.contains("Frågor om nätverket"));
    let contact = network_contact::Entity::find()
        .filter(network_contact::Column::NetworkId.eq(network.id))
        .one(app.db())
        .await
        .expect("query")
        .expect("contact stored");

    // A role, given and taken away; an organiser cannot make an owner.
    let (status, _, _) = post(
        &app,
        &format!("{path}/roles"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("name", "Nils Persson"),
            ("email", "nils@hassleholm.se"),
            ("role", "ORGANISER"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        role_of(&app, &network, "nils@hassleholm.se").await,
        Some(NetworkRole::Organiser)
    );
    let (status, _, html) = post(
        &app,
        &format!("{path}/roles"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("name", "Nils Persson"),
            ("email", "nils@hassleholm.se"),
            ("role", "OWNER"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Bara nätverkets ägare"), "{html}");
    let nils = api::service::people::by_email(&app.cx(), "nils@hassleholm.se")
        .await
        .expect("lookup")
        .expect("person");
    let (status, location, _) = post(
        &app,
        &format!("{path}/roles/remove"),
        &cookies,
        &[("csrf", &csrf), ("person", &nils.id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=role-removed"), "{location}");
    assert_eq!(role_of(&app, &network, "nils@hassleholm.se").await, None);

    // A sub-network, linked from the page.
    let (status, _, html) = post(
        &app,
        &format!("{path}/networks"),
        &cookies,
        &[("csrf", &csrf), ("name", "  ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"child-name-error\""), "{html}");
    let (status, _, _) = post(
        &app,
        &format!("{path}/networks"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("name", "Skånes IFO-chefer"),
            ("description", "Individ- och familjeomsorg"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let child = network::Entity::find()
        .filter(network::Column::ParentId.eq(network.id))
        .one(app.db())
        .await
        .expect("query")
        .expect("sub-network");
    assert_eq!(child.name, "Skånes IFO-chefer");
    let (_, html) = page_as(&app, &path, Some(&organiser)).await;
    assert!(
        html.contains(&format!("/organise/networks/{}?", child.id)),
        "{html}"
    );
    let (status, html) = page_as(
        &app,
        &format!("/organise/networks/{}", child.id),
        Some(&organiser),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the parent's organiser manages it");
    assert!(html.contains("Ingår i"), "{html}");

    // Removing a contact and a member.
    let (status, _, _) = post(
        &app,
        &format!("{path}/contacts/remove"),
        &cookies,
        &[("csrf", &csrf), ("person", &contact.person_id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        network_contact::Entity::find()
            .filter(network_contact::Column::NetworkId.eq(network.id))
            .count(app.db())
            .await
            .expect("count"),
        0
    );
    let (status, location, _) = post(
        &app,
        &format!("{path}/members/remove"),
        &cookies,
        &[("csrf", &csrf), ("organisation", &malmo_id)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=member-removed"), "{location}");
    assert!(!is_member(&app, &network, malmo.id).await);
}

#[tokio::test]
async fn strangers_find_nothing_and_forms_need_their_token() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Västra Götalands äldreomsorg")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Annat nätverk").insert(&app).await;
    let organiser =
        signed_in_with_role(&app, &network, "ordf@ale.se", NetworkRole::Organiser).await;
    let outsider =
        signed_in_with_role(&app, &other, "arrangor@kungalv.se", NetworkRole::Organiser).await;
    let member = signed_in_with_role(&app, &network, "medlem@lerum.se", NetworkRole::Member).await;
    let ale = organisation(&app, "Ale kommun").await;
    api::service::networks::add_member(
        &app.cx(),
        api::ids::NetworkId(network.id),
        api::ids::OrganisationId(ale.id),
    )
    .await
    .expect("member");
    let path = format!("/organise/networks/{}", network.id);

    for session in [&outsider, &member] {
        let (status, html) = page_as(&app, &path, Some(session)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("ordf@ale.se"));
    }
    let (status, _) = page_as(
        &app,
        &format!("/organise/networks/{}", uuid::Uuid::now_v7()),
        Some(&organiser),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown id");
    let (status, _) = page_as(&app, "/organise/networks/not-an-id", Some(&organiser)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = page_as(&app, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/sign-in/request"), "{html}");
    assert!(!html.contains("ordf@ale.se"));

    // Every form of the page, with the outsider's own valid token.
    let (cookies, csrf) = form_cookies(&app, "/me/registrations", &outsider).await;
    let ale_string = ale.id.to_string();
    let ale_id = ale_string.as_str();
    let posts: [(&str, Vec<(&str, &str)>); 8] = [
        ("members", vec![("name", "Ale kommun")]),
        ("members/remove", vec![("organisation", ale_id)]),
        (
            "domains",
            vec![("organisation", ale_id), ("domains", "ale.se")],
        ),
        (
            "contacts",
            vec![("name", "Inkräktare"), ("email", "x@kungalv.se")],
        ),
        ("contacts/remove", vec![("person", ale_id)]),
        (
            "roles",
            vec![
                ("name", "Inkräktare"),
                ("email", "x@kungalv.se"),
                ("role", "ORGANISER"),
            ],
        ),
        ("roles/remove", vec![("person", ale_id)]),
        ("networks", vec![("name", "Kapat nätverk")]),
    ];
    for (action, fields) in &posts {
        let mut fields = fields.clone();
        fields.push(("csrf", csrf.as_str()));
        let (status, _, _) = post(&app, &format!("{path}/{action}"), &cookies, &fields).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
    }
    let (status, _, _) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("step", "import"),
            ("content", "Organisation\nKapad AB\n"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "import");
    assert!(is_member(&app, &network, ale.id).await);
    assert!(domains(&app, ale.id).await.is_empty());
    assert!(organisation_named(&app, "Kapad AB").await.is_none());
    assert_eq!(role_of(&app, &network, "x@kungalv.se").await, None);
    assert_eq!(
        network::Entity::find()
            .filter(network::Column::ParentId.eq(network.id))
            .count(app.db())
            .await
            .expect("count"),
        0
    );

    // The organiser's own forms without the token are refused.
    let (cookies, _) = form_cookies(&app, &path, &organiser).await;
    for (action, fields) in &posts {
        let (status, _, _) = post(&app, &format!("{path}/{action}"), &cookies, fields).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{action}");
    }
    let (status, _, _) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("step", "import"), ("content", "Organisation\nKapad AB\n")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "import");
    let (status, _, _) = post(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("step", "import")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "import, not even multipart");
    assert!(is_member(&app, &network, ale.id).await);
    assert!(organisation_named(&app, "Kapad AB").await.is_none());
}

/// The file of the import tests, as text.
const FILE: &str = "Organisation;Organisationsnummer;E-postdomäner;Namn;E-post;Roll\r\n\
    Malmö stad;212000-1124;malmo.se;Åsa Öberg;asa.oberg@malmo.se;arrangör, kontaktperson\r\n\
    Hässleholms kommun;;hassleholm.se, hässleholm.se;Göran Ängström;goran@hassleholm.se;\r\n\
    \"Ålesund kommune\";;alesund.kommune.no;\"Øystein \"\"Øy\"\" Ås\";oystein@alesund.kommune.no;medlem\r\n\
    Malmö stad;;;Per Ek;per.ek@malmo.se;\r\n";

/// Imports `file` as the organiser: the preview, then the import of what
/// the preview carries. The preview's HTML.
async fn import_file(app: &TestApp, path: &str, session: &str, file: &[u8]) -> String {
    let (cookies, csrf) = form_cookies(app, path, session).await;
    let (status, _, html) = upload(
        app,
        &format!("{path}/import"),
        &cookies,
        &[("csrf", &csrf), ("step", "preview"), ("lang", "sv")],
        Some(file),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let content = carried(&html);
    let (status, location, body) = upload(
        app,
        &format!("{path}/import"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("step", "import"),
            ("lang", "sv"),
            ("content", &content),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(location.contains("done=imported"), "{location}");
    let (_, page) = page_as(app, &location, Some(session)).await;
    assert!(
        page.contains(
            "Importen är klar: 3 nya organisationer, 3 nya medlemmar, 4 e-postdomäner, 4 nya personer, 4 roller och 1 kontaktpersoner."
        ),
        "{page}"
    );
    html
}

async fn assert_imported(app: &TestApp, network: &network::Model) {
    for (name, domain) in [
        ("Malmö stad", "malmo.se"),
        ("Hässleholms kommun", "hassleholm.se"),
        ("Ålesund kommune", "alesund.kommune.no"),
    ] {
        let org = organisation_named(app, name)
            .await
            .unwrap_or_else(|| panic!("{name} is registered"));
        assert!(is_member(app, network, org.id).await, "{name}");
        assert!(
            domains(app, org.id).await.contains(&domain.to_owned()),
            "{name}"
        );
    }
    let malmo = organisation_named(app, "Malmö stad").await.expect("Malmö");
    assert_eq!(malmo.org_number.as_deref(), Some("212000-1124"));
    let hassleholm = organisation_named(app, "Hässleholms kommun")
        .await
        .expect("Hässleholm");
    assert_eq!(hassleholm.kind, entities::OrganisationKind::Municipality);
    assert_eq!(
        domains(app, hassleholm.id).await,
        ["hassleholm.se", "hässleholm.se"]
    );
    let oystein = api::service::people::by_email(&app.cx(), "oystein@alesund.kommune.no")
        .await
        .expect("lookup")
        .expect("person");
    assert_eq!(oystein.name, "Øystein \"Øy\" Ås");
    let goran = api::service::people::by_email(&app.cx(), "goran@hassleholm.se")
        .await
        .expect("lookup")
        .expect("person");
    assert_eq!(goran.name, "Göran Ängström");
    assert_eq!(goran.organisation_id, Some(hassleholm.id));
    assert_eq!(
        role_of(app, network, "asa.oberg@malmo.se").await,
        Some(NetworkRole::Organiser)
    );
    assert_eq!(
        role_of(app, network, "goran@hassleholm.se").await,
        Some(NetworkRole::Member)
    );
    let contacts = api::service::networks::contacts(&app.cx(), api::ids::NetworkId(network.id))
        .await
        .expect("contacts");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].1.name, "Åsa Öberg");
}

#[tokio::test]
async fn a_windows_1252_file_from_excel_round_trips_nordic_names() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Kommunernas digitaliseringsnätverk")
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "it@skane.se", NetworkRole::Organiser).await;
    let path = format!("/organise/networks/{}", network.id);
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(FILE);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&cp1252).is_err(), "not UTF-8");
    assert!(!cp1252.starts_with(b"\xEF\xBB\xBF"));
    let html = import_file(&app, &path, &organiser, &cp1252).await;
    assert!(html.contains("Malmö stad – Åsa Öberg"), "{html}");
    assert!(html.contains("Hässleholms kommun"), "{html}");
    assert!(html.contains("Ålesund kommune"), "{html}");
    assert!(html.contains("4 rader, inga fel."), "{html}");
    assert!(html.contains("Ny organisation registreras"), "{html}");
    assert!(html.contains("får rollen Arrangör"), "{html}");
    assert_imported(&app, &network).await;
}

#[tokio::test]
async fn a_utf8_file_with_a_bom_imports_alike() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nordiskt nätverk").insert(&app).await;
    let organiser =
        signed_in_with_role(&app, &network, "nord@skane.se", NetworkRole::Organiser).await;
    let path = format!("/organise/networks/{}", network.id);
    let file = [b"\xEF\xBB\xBF".as_slice(), FILE.as_bytes()].concat();
    let html = import_file(&app, &path, &organiser, &file).await;
    assert!(html.contains("Malmö stad – Åsa Öberg"), "{html}");
    assert!(
        !html.contains('\u{FEFF}'),
        "the BOM is not part of a header"
    );
    assert_imported(&app, &network).await;
}

#[tokio::test]
async fn one_bad_line_stores_nothing_and_says_which() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Sydsvenska nätverket")
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "syd@skane.se", NetworkRole::Organiser).await;
    let path = format!("/organise/networks/{}", network.id);
    let organisations_before = organisation::Entity::find()
        .count(app.db())
        .await
        .expect("count");
    let bad = FILE.replace("goran@hassleholm.se", "goran-at-hassleholm");
    let (cookies, csrf) = form_cookies(&app, &path, &organiser).await;
    let (status, _, html) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("csrf", &csrf), ("step", "preview")],
        Some(bad.as_bytes()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("4 rader, 1 rad med fel."), "{html}");
    let line = between(&html, "<li id=\"line-3\">", "</li>\n").expect("line 3");
    assert!(line.contains("Rad 3"), "{line}");
    assert!(
        html.contains("”goran-at-hassleholm” är ingen e-postadress."),
        "{html}"
    );
    assert!(!html.contains("name=\"content\""), "no import offered");

    // Sent to the import anyway (a tampered form), it stores nothing.
    let (status, _, html) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("csrf", &csrf), ("step", "import"), ("content", &bad)],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Rad 3"), "{html}");
    assert_eq!(
        organisation::Entity::find()
            .count(app.db())
            .await
            .expect("count"),
        organisations_before,
        "nothing stored"
    );
    assert!(organisation_named(&app, "Malmö stad").await.is_none());
    assert_eq!(role_of(&app, &network, "asa.oberg@malmo.se").await, None);

    // Corrected, it stores everything.
    import_file(&app, &path, &organiser, FILE.as_bytes()).await;
    assert_imported(&app, &network).await;

    // A file that is not CSV with our columns is told so; too large too.
    let (status, _, html) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("csrf", &csrf), ("step", "preview")],
        Some(b"Namn;Telefon\nEva;123\n"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Rubriken ”Telefon” är ingen känd kolumn."),
        "{html}"
    );
    let large = vec![b'a'; api::service::import::MAX_BYTES + 1];
    let (status, _, html) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("csrf", &csrf), ("step", "preview")],
        Some(&large),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Filen är större än 1 MiB"), "{html}");
    let (status, _, html) = upload(
        &app,
        &format!("{path}/import"),
        &cookies,
        &[("csrf", &csrf), ("step", "preview")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Välj en fil."), "{html}");
}
