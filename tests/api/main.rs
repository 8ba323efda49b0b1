//! End-to-end tests: one binary, each test with its own app and database.

mod fixtures;
mod helpers;
mod smtp;

mod agenda;
mod attendance;
mod auth;
mod console;
mod console_attendance;
mod console_audit;
mod console_network;
mod db_faults;
mod events;
mod exports;
mod feeds;
mod hardening;
mod health;
mod invites;
mod language;
mod live;
mod mail;
mod networks;
mod pages;
mod personal_feed;
mod privacy;
mod registration;
mod reminders;
mod roles;
mod schema;
mod seed;
mod series;
mod snapshots;
mod statements;
mod told;
mod trust;
mod trust_http;
