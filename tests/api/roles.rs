//! Roles × operations: who sees what and who may change what, and the
//! join-link rule on every path that can reveal a link.

use entities::{JoinLinkVisibility, NetworkRole};
use serde_json::{Value, json};

use crate::fixtures::{
    EventBuilder, NetworkBuilder, confirmed_registration, event_gid, network_gid,
    signed_in_with_role,
};
use crate::helpers::{TestApp, error_code};

struct World {
    app: TestApp,
    network: entities::network::Model,
    public_event: entities::event::Model,
    registered_link: entities::event::Model,
    members_only: entities::event::Model,
    draft: entities::event::Model,
    organiser: String,
    member: String,
    participant: String,
    other_organiser: String,
    admin: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Branschråd äldreomsorg")
        .insert(&app)
        .await;
    let public_event = EventBuilder::new(&network)
        .title("Öppen träff")
        .hybrid(JoinLinkVisibility::Public)
        .published()
        .insert(&app)
        .await;
    let registered_link = EventBuilder::new(&network)
        .title("Träff med länk för anmälda")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    let members_only = EventBuilder::new(&network)
        .title("Medlemsmöte")
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    let draft = EventBuilder::new(&network)
        .title("Utkast")
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "org@example.se", NetworkRole::Organiser).await;
    let member =
        signed_in_with_role(&app, &network, "member@example.se", NetworkRole::Member).await;
    let participant = app.sign_in("deltagare@example.se").await;
    confirmed_registration(&app, &registered_link, "deltagare@example.se").await;
    let other_organiser =
        signed_in_with_role(&app, &other, "annan@example.se", NetworkRole::Organiser).await;
    let admin = app.admin_token().await;
    World {
        app,
        network,
        public_event,
        registered_link,
        members_only,
        draft,
        organiser,
        member,
        participant,
        other_organiser,
        admin,
    }
}

fn titles(list: &Value) -> Vec<String> {
    let mut t: Vec<String> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|n| n["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn each_role_sees_the_events_it_should() {
    let w = world().await;
    let query = "query($slug: String!) { network(slug: $slug) { events { nodes { title } } } }";
    let see = |token: Option<String>| {
        let app = &w.app;
        let slug = w.network.slug.clone();
        async move {
            titles(
                &app.gql_ok_as(token.as_deref(), query, json!({ "slug": slug }))
                    .await["network"]["events"]["nodes"],
            )
        }
    };
    let public = vec![
        "Träff med länk för anmälda".to_owned(),
        "Öppen träff".to_owned(),
    ];
    assert_eq!(
        see(None).await,
        public,
        "anonymous: published, not members-only"
    );
    assert_eq!(
        see(Some(w.other_organiser.clone())).await,
        public,
        "an organiser of another network"
    );
    assert_eq!(see(Some(w.participant.clone())).await, public);
    let mut with_members = public.clone();
    with_members.push("Medlemsmöte".into());
    with_members.sort();
    assert_eq!(
        see(Some(w.member.clone())).await,
        with_members,
        "members see members-only events"
    );
    let mut all = with_members.clone();
    all.push("Utkast".into());
    all.sort();
    assert_eq!(
        see(Some(w.organiser.clone())).await,
        all,
        "organisers see drafts"
    );
    assert_eq!(see(Some(w.admin.clone())).await, all);

    let one = "query($id: ID!) { event(id: $id) { title } node(id: $id) { id } }";
    let draft = w
        .app
        .gql_ok_as(None, one, json!({ "id": event_gid(&w.draft) }))
        .await;
    assert!(
        draft["event"].is_null() && draft["node"].is_null(),
        "a draft is invisible: {draft}"
    );
    let members = w
        .app
        .gql_ok_as(
            Some(&w.other_organiser),
            one,
            json!({ "id": event_gid(&w.members_only) }),
        )
        .await;
    assert!(members["event"].is_null());
    let members = w
        .app
        .gql_ok_as(
            Some(&w.member),
            one,
            json!({ "id": event_gid(&w.members_only) }),
        )
        .await;
    assert_eq!(members["event"]["title"], "Medlemsmöte");
}

#[tokio::test]
async fn join_links_are_shown_only_to_whom_they_belong_on_every_path() {
    let w = world().await;
    let id = event_gid(&w.registered_link);
    let paths: [(&str, &str); 5] = [
        (
            "event",
            "query($id: ID!) { event(id: $id) { onlineMeeting { joinUrl passcode } hasOnlineOption } }",
        ),
        (
            "node",
            "query($id: ID!) { node(id: $id) { ... on Event { onlineMeeting { joinUrl } hasOnlineOption } } }",
        ),
        (
            "list",
            "query($slug: String!) { network(slug: $slug) { events(filter: { search: \"anmälda\" }) { nodes { id onlineMeeting { joinUrl } hasOnlineOption } } } }",
        ),
        (
            "nodes",
            "query($id: ID!) { nodes(ids: [$id]) { ... on Event { onlineMeeting { joinUrl } hasOnlineOption } } }",
        ),
        (
            "edges",
            "query($slug: String!) { network(slug: $slug) { events(first: 10) { edges { node { id onlineMeeting { joinUrl } } } } } }",
        ),
    ];
    let link_of = |path: &str, data: &Value| -> Value {
        match path {
            "event" => data["event"]["onlineMeeting"].clone(),
            "node" => data["node"]["onlineMeeting"].clone(),
            "nodes" => data["nodes"][0]["onlineMeeting"].clone(),
            "list" => data["network"]["events"]["nodes"][0]["onlineMeeting"].clone(),
            _ => data["network"]["events"]["edges"]
                .as_array()
                .and_then(|edges| edges.iter().find(|e| e["node"]["id"] == json!(id)))
                .map(|e| e["node"]["onlineMeeting"].clone())
                .unwrap_or(Value::Null),
        }
    };
    let vars = json!({ "id": id, "slug": w.network.slug });
    for (who, token, sees) in [
        ("anonymous", None, false),
        ("member", Some(&w.member), false),
        ("other organiser", Some(&w.other_organiser), false),
        ("confirmed participant", Some(&w.participant), true),
        ("organiser", Some(&w.organiser), true),
        ("admin", Some(&w.admin), true),
    ] {
        for (path, query) in paths {
            let data = w
                .app
                .gql_ok_as(token.map(String::as_str), query, vars.clone())
                .await;
            let link = link_of(path, &data);
            assert_eq!(!link.is_null(), sees, "{who} via {path}: {data}");
            if path == "event" {
                assert_eq!(
                    data["event"]["hasOnlineOption"], true,
                    "{who} still learns there is an online option"
                );
            }
        }
    }
    // A PUBLIC link is for everyone who sees the event.
    let public = w
        .app
        .gql_ok_as(
            None,
            "query($id: ID!) { event(id: $id) { onlineMeeting { joinUrl } } }",
            json!({ "id": event_gid(&w.public_event) }),
        )
        .await;
    assert_eq!(
        public["event"]["onlineMeeting"]["joinUrl"],
        "https://helsingborg.webex.com/meet/utveckling"
    );
}

#[tokio::test]
async fn only_organisers_and_admins_change_a_network_and_its_events() {
    let w = world().await;
    let update = "mutation($id: ID!) { updateEvent(input: { id: $id, title: \"Ny titel\" }) { event { title } userErrors { code } } }";
    let vars = json!({ "id": event_gid(&w.public_event) });
    let anonymous = w.app.gql_as(None, update, vars.clone()).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    for token in [&w.member, &w.participant, &w.other_organiser] {
        let refused = w.app.gql_as(Some(token), update, vars.clone()).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }
    for token in [&w.organiser, &w.admin] {
        let done = w.app.gql_ok_as(Some(token), update, vars.clone()).await;
        assert_eq!(done["updateEvent"]["event"]["title"], "Ny titel");
    }
    // Hidden drafts are "not found" for those who may not see them.
    let draft = w
        .app
        .gql_as(Some(&w.other_organiser), "mutation($id: ID!) { publishEvent(input: { id: $id }) { event { id } userErrors { code } } }", json!({ "id": event_gid(&w.draft) }))
        .await;
    assert_eq!(
        draft["data"]["publishEvent"]["userErrors"][0]["code"],
        "NOT_FOUND"
    );

    let create_event = "mutation($n: ID!) { createEvent(input: { networkId: $n, kind: MEETING, title: \"X\",
        startsAt: \"2026-10-01T10:00:00Z\", endsAt: \"2026-10-01T11:00:00Z\", attendanceMode: ONLINE }) { event { status } userErrors { code } } }";
    let n = json!({ "n": network_gid(&w.network) });
    assert_eq!(
        error_code(&w.app.gql_as(Some(&w.member), create_event, n.clone()).await),
        "FORBIDDEN"
    );
    let created = w
        .app
        .gql_ok_as(Some(&w.organiser), create_event, n.clone())
        .await;
    assert_eq!(created["createEvent"]["event"]["status"], "DRAFT");

    let member = "mutation($n: ID!) { addNetworkContact(input: { networkId: $n, person: { name: \"A\", email: \"a@example.se\" } }) { network { slug } } }";
    assert_eq!(
        error_code(&w.app.gql_as(Some(&w.member), member, n.clone()).await),
        "FORBIDDEN"
    );

    let top = "mutation { createNetwork(input: { name: \"Eget nätverk\" }) { network { slug } userErrors { code } } }";
    assert_eq!(
        error_code(&w.app.gql_as(Some(&w.organiser), top, json!({})).await),
        "FORBIDDEN",
        "top-level networks are for admins"
    );
    let child = "mutation($n: ID!) { createNetwork(input: { name: \"Undergrupp\", parentId: $n }) { network { slug roles { role person { name } } } userErrors { code } } }";
    let made = w.app.gql_ok_as(Some(&w.organiser), child, n.clone()).await;
    assert_eq!(
        made["createNetwork"]["network"]["roles"][0]["role"], "OWNER",
        "the creator owns a new sub-network"
    );
    assert_eq!(
        error_code(
            &w.app
                .gql_as(Some(&w.other_organiser), child, n.clone())
                .await
        ),
        "FORBIDDEN"
    );

    let org = "mutation { createOrganisation(input: { name: \"Lerums kommun\", kind: MUNICIPALITY }) { organisation { name } } }";
    assert_eq!(
        error_code(&w.app.gql_as(Some(&w.participant), org, json!({})).await),
        "FORBIDDEN"
    );
    assert_eq!(
        w.app.gql_ok_as(Some(&w.organiser), org, json!({})).await["createOrganisation"]["organisation"]
            ["name"],
        "Lerums kommun"
    );
}

#[tokio::test]
async fn owners_decide_who_owns_and_the_last_owner_stays() {
    let w = world().await;
    let set = "mutation($n: ID!, $e: String!, $r: NetworkRole!) { setNetworkRole(input: { networkId: $n, person: { name: \"Ny\", email: $e }, role: $r }) { role { role person { name } } userErrors { code } } }";
    let n = network_gid(&w.network);
    let as_organiser = w
        .app
        .gql_as(
            Some(&w.organiser),
            set,
            json!({ "n": n, "e": "ny@example.se", "r": "OWNER" }),
        )
        .await;
    assert_eq!(
        error_code(&as_organiser),
        "FORBIDDEN",
        "organisers do not make owners"
    );
    // The refused write created nobody: the person is made in its unit.
    assert!(
        api::service::people::by_email(&w.app.cx(), "ny@example.se")
            .await
            .expect("lookup")
            .is_none(),
        "a refused role leaves no person behind"
    );
    let member = w
        .app
        .gql_ok_as(
            Some(&w.organiser),
            set,
            json!({ "n": n, "e": "ny@example.se", "r": "MEMBER" }),
        )
        .await;
    assert_eq!(member["setNetworkRole"]["role"]["role"], "MEMBER");
    let owner = w
        .app
        .gql_ok_as(
            Some(&w.admin),
            set,
            json!({ "n": n, "e": "agare@example.se", "r": "OWNER" }),
        )
        .await;
    assert_eq!(owner["setNetworkRole"]["role"]["role"], "OWNER");
    let demote = w
        .app
        .gql_ok_as(
            Some(&w.admin),
            set,
            json!({ "n": n, "e": "agare@example.se", "r": "MEMBER" }),
        )
        .await;
    assert_eq!(
        demote["setNetworkRole"]["userErrors"][0]["code"], "INVALID_STATE",
        "the last owner stays"
    );

    let roles = "query($slug: String!) { network(slug: $slug) { roles { role person { name } } } }";
    let seen_by_member = w
        .app
        .gql_ok_as(Some(&w.member), roles, json!({ "slug": w.network.slug }))
        .await;
    assert_eq!(
        seen_by_member["network"]["roles"],
        json!([]),
        "who has which role is for organisers"
    );
    let seen_by_organiser = w
        .app
        .gql_ok_as(Some(&w.organiser), roles, json!({ "slug": w.network.slug }))
        .await;
    assert!(
        seen_by_organiser["network"]["roles"]
            .as_array()
            .is_some_and(|r| r.len() >= 3)
    );
}

#[tokio::test]
async fn contact_emails_and_people_are_not_for_anonymous_scrapers() {
    let w = world().await;
    w.app
        .gql_ok(
            "mutation($n: ID!) { addNetworkContact(input: { networkId: $n, person: { name: \"Åsa\", email: \"asa@example.se\" } }) { network { slug } } }",
            json!({ "n": network_gid(&w.network) }),
        )
        .await;
    let query = "query($slug: String!) { network(slug: $slug) { contacts { name email } } }";
    let anonymous = w
        .app
        .gql_ok_as(None, query, json!({ "slug": w.network.slug }))
        .await;
    assert_eq!(
        anonymous["network"]["contacts"],
        json!([{ "name": "Åsa", "email": null }])
    );
    let signed_in = w
        .app
        .gql_ok_as(
            Some(&w.participant),
            query,
            json!({ "slug": w.network.slug }),
        )
        .await;
    assert_eq!(
        signed_in["network"]["contacts"][0]["email"],
        "asa@example.se"
    );

    let me = w
        .app
        .gql_ok_as(Some(&w.member), "{ viewer { person { id } } }", json!({}))
        .await;
    let person = me["viewer"]["person"]["id"].clone();
    let by_id = "query($id: ID!) { node(id: $id) { id } }";
    assert!(w.app.gql_ok_as(None, by_id, json!({ "id": person })).await["node"].is_null());
    assert!(
        !w.app
            .gql_ok_as(Some(&w.member), by_id, json!({ "id": person }))
            .await["node"]
            .is_null()
    );
}
