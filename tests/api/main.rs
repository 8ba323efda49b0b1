//! End-to-end tests: one binary, each test with its own app and database.

mod fixtures;
mod helpers;

mod agenda;
mod events;
mod feeds;
mod health;
mod networks;
mod schema;
mod seed;
mod series;
mod statements;
