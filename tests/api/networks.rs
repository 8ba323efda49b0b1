//! Networks: slugs, validation, hierarchy, members, contacts, deletion.

use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, network_gid, organisation, organisation_gid};
use crate::helpers::{TestApp, error_code, user_error_codes};

const CREATE: &str = "mutation($input: CreateNetworkInput!) {
  createNetwork(input: $input) {
    network { id slug name visibility timeZone defaultLocale focusAreas parent { slug } }
    userErrors { field code message }
  }
}";

async fn create(app: &TestApp, input: Value) -> Value {
    app.gql_ok(CREATE, json!({ "input": input })).await["createNetwork"].clone()
}

#[tokio::test]
async fn slugs_are_derived_from_nordic_names_and_unique() {
    let app = TestApp::spawn().await;
    let first = create(&app, json!({ "name": "Socialchefsnätverket" })).await;
    assert_eq!(first["network"]["slug"], "socialchefsnatverket");
    assert_eq!(first["network"]["name"], "Socialchefsnätverket");
    assert_eq!(first["network"]["timeZone"], "Europe/Stockholm");
    assert_eq!(first["network"]["defaultLocale"], "sv");

    let second = create(&app, json!({ "name": "Socialchefsnätverket" })).await;
    assert_eq!(second["network"]["slug"], "socialchefsnatverket-2");

    let norwegian = create(
        &app,
        json!({ "name": "Bærum og Ålesund – Østlandet", "timeZone": "Europe/Oslo", "defaultLocale": "nb" }),
    )
    .await;
    assert_eq!(norwegian["network"]["slug"], "baerum-og-alesund-ostlandet");

    let taken = create(
        &app,
        json!({ "name": "Annat", "slug": "socialchefsnatverket" }),
    )
    .await;
    assert!(taken["network"].is_null());
    assert_eq!(user_error_codes(&taken), ["TAKEN"]);
    assert_eq!(taken["userErrors"][0]["field"], json!(["input", "slug"]));

    let found = app
        .gql_ok(
            "{ network(slug: \"socialchefsnatverket\") { name } }",
            json!({}),
        )
        .await;
    assert_eq!(found["network"]["name"], "Socialchefsnätverket");
    let missing = app
        .gql_ok("{ network(slug: \"finns-inte\") { name } }", json!({}))
        .await;
    assert!(missing["network"].is_null());
}

#[tokio::test]
async fn invalid_input_is_reported_field_by_field() {
    let app = TestApp::spawn().await;
    let bad = create(
        &app,
        json!({
            "name": "   ",
            "slug": "Not A Slug",
            "timeZone": "Europe/Göteborg",
            "defaultLocale": "de",
            "focusAreas": ["", "x".repeat(300)],
            "description": "å".repeat(20_001)
        }),
    )
    .await;
    assert!(bad["network"].is_null());
    let mut codes = user_error_codes(&bad);
    codes.sort();
    assert_eq!(
        codes,
        [
            "INVALID",
            "INVALID",
            "INVALID_TIME_ZONE",
            "REQUIRED",
            "REQUIRED",
            "TOO_LONG",
            "TOO_LONG"
        ]
    );
    let fields: Vec<Value> = bad["userErrors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert!(fields.contains(&json!(["input", "timeZone"])));
    assert!(fields.contains(&json!(["input", "focusAreas", "1"])));

    let count = app.gql_ok("{ networks { totalCount } }", json!({})).await;
    assert_eq!(count["networks"]["totalCount"], 0, "nothing was stored");
}

#[tokio::test]
async fn malformed_ids_are_bad_user_input_not_500() {
    let app = TestApp::spawn().await;
    let body = app
        .gql(
            CREATE,
            json!({ "input": { "name": "Barn", "parentId": "not-an-id" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");

    let event_id_as_network = app
        .gql(
            "query($id: ID!) { event(id: $id) { title } }",
            json!({ "id": network_gid(&NetworkBuilder::new("X").insert(&app).await) }),
        )
        .await;
    assert_eq!(error_code(&event_id_as_network), "BAD_USER_INPUT");
}

#[tokio::test]
async fn parents_children_and_cycles() {
    let app = TestApp::spawn().await;
    let parent = NetworkBuilder::new("Nätverket för äldreomsorgschefer")
        .insert(&app)
        .await;
    let child = create(
        &app,
        json!({ "name": "Förebyggande arbete", "parentId": network_gid(&parent) }),
    )
    .await;
    assert_eq!(child["network"]["parent"]["slug"], parent.slug);
    let child_id = child["network"]["id"].as_str().expect("id").to_owned();

    let tree = app
        .gql_ok(
            "query($slug: String!) { network(slug: $slug) { children { slug parent { slug } } parent { slug } } }",
            json!({ "slug": parent.slug }),
        )
        .await;
    assert_eq!(
        tree["network"]["children"][0]["slug"],
        "forebyggande-arbete"
    );
    assert!(tree["network"]["parent"].is_null());

    let cycle = app
        .gql_ok(
            "mutation($input: UpdateNetworkInput!) { updateNetwork(input: $input) { network { slug } userErrors { field code } } }",
            json!({ "input": { "id": network_gid(&parent), "parentId": child_id } }),
        )
        .await;
    assert_eq!(user_error_codes(&cycle["updateNetwork"]), ["INVALID"]);

    let top = app
        .gql_ok(
            "{ networks(topLevelOnly: true) { totalCount nodes { slug } } }",
            json!({}),
        )
        .await;
    assert_eq!(top["networks"]["totalCount"], 1);

    let delete_parent = app
        .gql_ok(
            "mutation($input: DeleteNetworkInput!) { deleteNetwork(input: $input) { deletedNetworkId userErrors { code } } }",
            json!({ "input": { "id": network_gid(&parent) } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&delete_parent["deleteNetwork"]),
        ["HAS_DEPENDANTS"]
    );

    let detach = app
        .gql_ok(
            "mutation($input: UpdateNetworkInput!) { updateNetwork(input: $input) { network { parent { slug } } userErrors { code } } }",
            json!({ "input": { "id": child_id, "parentId": null, "name": "Förebyggande och hälsofrämjande arbete", "focusAreas": ["välfärdsteknologi", "innovation"] } }),
        )
        .await;
    assert!(detach["updateNetwork"]["network"]["parent"].is_null());
    let deleted = app
        .gql_ok(
            "mutation($input: DeleteNetworkInput!) { deleteNetwork(input: $input) { deletedNetworkId userErrors { code } } }",
            json!({ "input": { "id": network_gid(&parent) } }),
        )
        .await;
    assert_eq!(
        deleted["deleteNetwork"]["deletedNetworkId"],
        network_gid(&parent)
    );
    let gone = app
        .gql_ok(
            "query($slug: String!) { network(slug: $slug) { id } }",
            json!({ "slug": parent.slug }),
        )
        .await;
    assert!(gone["network"].is_null());
}

#[tokio::test]
async fn a_network_with_events_is_not_deleted() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Branschråd äldreomsorg")
        .insert(&app)
        .await;
    EventBuilder::new(&network).insert(&app).await;
    let refused = app
        .gql_ok(
            "mutation($input: DeleteNetworkInput!) { deleteNetwork(input: $input) { deletedNetworkId userErrors { code message } } }",
            json!({ "input": { "id": network_gid(&network) } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&refused["deleteNetwork"]),
        ["HAS_DEPENDANTS"]
    );
    assert!(refused["deleteNetwork"]["deletedNetworkId"].is_null());
}

#[tokio::test]
async fn members_are_added_idempotently_and_paginated() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .closed()
        .insert(&app)
        .await;
    let names = [
        "Ale kommun",
        "Alingsås kommun",
        "Göteborgs Stad",
        "Härryda kommun",
        "Öckerö kommun",
    ];
    let add = "mutation($input: NetworkMemberInput!) { addNetworkMember(input: $input) { network { members { totalCount } } userErrors { code } } }";
    let mut orgs = Vec::new();
    for name in names {
        let org = organisation(&app, name).await;
        for _ in 0..2 {
            app.gql_ok(add, json!({ "input": { "networkId": network_gid(&network), "organisationId": organisation_gid(&org) } }))
                .await;
        }
        orgs.push(org);
    }
    let page = "query($slug: String!, $after: String) { network(slug: $slug) { members(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { name } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .gql_ok(page, json!({ "slug": network.slug, "after": after }))
            .await;
        let members = &data["network"]["members"];
        assert_eq!(members["totalCount"], 5);
        seen.extend(
            members["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .map(|n| n["name"].as_str().unwrap_or_default().to_owned()),
        );
        if members["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = members["pageInfo"]["endCursor"].clone();
    }
    let mut expected: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(seen, expected, "every member once, by name");

    let removed = app
        .gql_ok(
            "mutation($input: NetworkMemberInput!) { removeNetworkMember(input: $input) { network { members { totalCount } } userErrors { code } } }",
            json!({ "input": { "networkId": network_gid(&network), "organisationId": organisation_gid(&orgs[0]) } }),
        )
        .await;
    assert_eq!(
        removed["removeNetworkMember"]["network"]["members"]["totalCount"],
        4
    );

    let unknown_org = app
        .gql_ok(add, json!({ "input": { "networkId": network_gid(&network), "organisationId": api::graphql::ids::encode("Organisation", uuid::Uuid::now_v7()).0 } }))
        .await;
    assert_eq!(
        user_error_codes(&unknown_org["addNetworkMember"]),
        ["NOT_FOUND"]
    );
}

#[tokio::test]
async fn contact_persons_are_listed_in_order() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let add = "mutation($input: AddNetworkContactInput!) { addNetworkContact(input: $input) {
        network { contacts { name email title label person { id } } } userErrors { field code } } }";
    let first = app
        .gql_ok(
            add,
            json!({ "input": { "networkId": network_gid(&network), "label": "kontaktperson på GR",
                "person": { "name": "Åsa Öberg", "email": "Asa.Oberg@Example.se", "title": "Processledare" } } }),
        )
        .await;
    let contacts = &first["addNetworkContact"]["network"]["contacts"];
    assert_eq!(contacts[0]["name"], "Åsa Öberg");
    assert_eq!(contacts[0]["email"], "asa.oberg@example.se");
    let person_id = contacts[0]["person"]["id"].clone();

    app.gql_ok(
        add,
        json!({ "input": { "networkId": network_gid(&network), "person": { "name": "Per Ås", "email": "per@example.se" } } }),
    )
    .await;
    let relabel = app
        .gql_ok(
            add,
            json!({ "input": { "networkId": network_gid(&network), "personId": person_id, "label": "samordnare" } }),
        )
        .await;
    let contacts = &relabel["addNetworkContact"]["network"]["contacts"];
    assert_eq!(contacts.as_array().expect("list").len(), 2);
    assert_eq!(contacts[0]["label"], "samordnare");
    assert_eq!(contacts[1]["name"], "Per Ås");

    let bad_email = app
        .gql_ok(
            add,
            json!({ "input": { "networkId": network_gid(&network), "person": { "name": "X", "email": "inte-en-adress" } } }),
        )
        .await;
    assert_eq!(
        bad_email["addNetworkContact"]["userErrors"][0]["field"],
        json!(["input", "person", "email"])
    );

    let removed = app
        .gql_ok(
            "mutation($input: RemoveNetworkContactInput!) { removeNetworkContact(input: $input) { network { contacts { name } } userErrors { code } } }",
            json!({ "input": { "networkId": network_gid(&network), "personId": person_id } }),
        )
        .await;
    assert_eq!(
        removed["removeNetworkContact"]["network"]["contacts"],
        json!([{ "name": "Per Ås" }])
    );
}

#[tokio::test]
async fn organisations_are_searched_with_nordic_letters_folded() {
    let app = TestApp::spawn().await;
    for name in [
        "Göteborgs Stad",
        "Mölndals stad",
        "Kungälvs kommun",
        "Tromsø kommune",
        "100% Ideell_förening",
    ] {
        organisation(&app, name).await;
    }
    let search = "query($q: String) { organisations(search: $q) { totalCount nodes { name } } }";
    let goteborg = app.gql_ok(search, json!({ "q": "goteborg" })).await;
    assert_eq!(
        goteborg["organisations"]["nodes"],
        json!([{ "name": "Göteborgs Stad" }])
    );
    let stad = app.gql_ok(search, json!({ "q": "STAD" })).await;
    assert_eq!(stad["organisations"]["totalCount"], 2);
    let tromso = app.gql_ok(search, json!({ "q": "tromso" })).await;
    assert_eq!(tromso["organisations"]["totalCount"], 1);
    let percent = app.gql_ok(search, json!({ "q": "%" })).await;
    assert_eq!(
        percent["organisations"]["nodes"],
        json!([{ "name": "100% Ideell_förening" }]),
        "LIKE wildcards are literal"
    );
    let all = app.gql_ok(search, json!({ "q": null })).await;
    assert_eq!(all["organisations"]["totalCount"], 5);

    let duplicate = app
        .gql_ok(
            "mutation { createOrganisation(input: { name: \"Göteborgs Stad\", kind: MUNICIPALITY }) { organisation { id } userErrors { field code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        user_error_codes(&duplicate["createOrganisation"]),
        ["TAKEN"]
    );
}

#[tokio::test]
async fn node_resolves_every_kind_of_id() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .insert(&app)
        .await;
    let org = organisation(&app, "Helsingborgs stad").await;
    let data = app
        .gql_ok(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Network { slug } ... on Event { title } ... on Organisation { name } } }",
            json!({ "ids": [network_gid(&network), crate::fixtures::event_gid(&event), organisation_gid(&org)] }),
        )
        .await;
    assert_eq!(data["nodes"][0]["slug"], "gemensam-utvecklingsgrupp");
    assert_eq!(data["nodes"][1]["title"], "Höstträff");
    assert_eq!(data["nodes"][2]["name"], "Helsingborgs stad");
    assert_eq!(data["nodes"][0]["id"], network_gid(&network));

    let bad = app.gql("{ node(id: \"@@@\") { id } }", json!({})).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
}
