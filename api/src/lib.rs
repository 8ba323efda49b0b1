//! Träffpunkt's server library: configuration, database, domain services, the
//! GraphQL API and the HTTP app that serves it, and the mail it sends.

pub mod app;
pub mod calendar;
pub mod clock;
pub mod config;
pub mod db;
pub mod facts;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod ids;
pub mod jobs;
pub mod live;
pub mod lru;
pub mod mail;
pub mod pages;
pub mod pagination;
pub mod service;
pub mod state;
pub mod telemetry;
pub mod text;
pub mod webhooks;
