//! The schema is a contract: the checked-in SDL must match the code, and
//! every type, field, argument and enum value must be documented.

use serde_json::json;

use crate::helpers::TestApp;

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let sdl = api::graphql::sdl();
    if std::env::var("UPDATE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::write(path, &sdl).expect("write schema.graphql");
        return;
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == sdl,
        "schema.graphql is out of date: run `cargo run -- export-schema -o schema.graphql` \
         (or UPDATE_SCHEMA=1 cargo test schema) and review the diff"
    );
}

#[tokio::test]
async fn every_type_and_field_is_documented() {
    let app = TestApp::spawn().await;
    let data = app
        .gql_ok(
            "{ __schema { types { name kind description
                 fields { name description args { name description } }
                 inputFields { name description }
                 enumValues { name description } } } }",
            json!({}),
        )
        .await;
    let mut missing = Vec::new();
    for t in data["__schema"]["types"].as_array().expect("types") {
        let name = t["name"].as_str().unwrap_or_default();
        if name.starts_with("__") || t["kind"] == "SCALAR" {
            continue;
        }
        if t["description"].as_str().is_none_or(str::is_empty) {
            missing.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for f in t[list].as_array().into_iter().flatten() {
                let field = f["name"].as_str().unwrap_or_default();
                if f["description"].as_str().is_none_or(str::is_empty) {
                    missing.push(format!("{name}.{field}"));
                }
                for a in f["args"].as_array().into_iter().flatten() {
                    if a["description"].as_str().is_none_or(str::is_empty) {
                        missing.push(format!("{name}.{field}({})", a["name"]));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}
