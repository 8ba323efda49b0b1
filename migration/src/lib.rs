//! The database schema of Träffpunkt as an append-only list of sea-orm
//! migrations. A landed migration is never edited: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261126_120000_create_domain;
mod m20261126_130000_create_auth;
mod m20261126_140000_create_outbox;
mod m20261126_150000_create_registration_details;
mod m20261126_180000_create_reminder_runs;
mod m20261126_190000_add_feed_token_secret;
mod m20261126_200000_create_registration_links;
mod m20261126_210000_index_events_list;
mod m20261202_110000_add_trust;
mod m20261202_120000_drop_deliveries;
mod m20261202_130000_create_heartbeat;
mod m20261202_140000_add_registration_locale;
mod m20261203_090000_create_audit_log;
mod m20261203_100000_create_theme_suggestions;
mod m20261203_110000_add_project_networks;
mod m20261203_120000_create_translations;
mod m20261203_140000_add_text_translations;
mod m20261204_090000_create_webhooks;
mod m20261204_100000_add_webhook_disabled_notice;
mod m20261204_120000_create_read_version;
mod m20261204_140000_create_event_seats;

/// Runs Träffpunkt's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_120000_create_domain::Migration),
            Box::new(m20261126_130000_create_auth::Migration),
            Box::new(m20261126_140000_create_outbox::Migration),
            Box::new(m20261126_150000_create_registration_details::Migration),
            Box::new(m20261126_180000_create_reminder_runs::Migration),
            Box::new(m20261126_190000_add_feed_token_secret::Migration),
            Box::new(m20261126_200000_create_registration_links::Migration),
            Box::new(m20261126_210000_index_events_list::Migration),
            Box::new(m20261202_110000_add_trust::Migration),
            Box::new(m20261202_120000_drop_deliveries::Migration),
            Box::new(m20261202_130000_create_heartbeat::Migration),
            Box::new(m20261202_140000_add_registration_locale::Migration),
            Box::new(m20261203_090000_create_audit_log::Migration),
            Box::new(m20261203_100000_create_theme_suggestions::Migration),
            Box::new(m20261203_110000_add_project_networks::Migration),
            Box::new(m20261203_120000_create_translations::Migration),
            Box::new(m20261203_140000_add_text_translations::Migration),
            Box::new(m20261204_090000_create_webhooks::Migration),
            Box::new(m20261204_100000_add_webhook_disabled_notice::Migration),
            Box::new(m20261204_120000_create_read_version::Migration),
            Box::new(m20261204_140000_create_event_seats::Migration),
        ]
    }
}
