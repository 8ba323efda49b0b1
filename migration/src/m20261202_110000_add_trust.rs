//! Trust and privacy (issue 12): membership that is proven, contact
//! addresses that organisers enter, held seats for guests who must confirm
//! their address, and rate limits that every server process shares.
//!
//! - `organisation_domains`: the mail domains of an organisation; a person
//!   who signed in through a mailed link with an address in one of them
//!   belongs to it.
//! - `people.email_verified_at`: when the person last proved their address
//!   (signing in through a mailed link).
//! - `network_contacts.email` / `accepted_at`: the address a contact person is
//!   shown with (entered by the organiser), or the person's own once they
//!   accept being a contact.
//! - `registrations.organisation_verified`: whether the registration's
//!   organisation was proven (true) or only declared by a guest (false).
//! - `registrations.hold_expires_at`: a seat held for a guest until they
//!   confirm their address; null once confirmed (or never held).
//! - `events.guest_confirmation_minutes`: when set, guests confirm their
//!   address within this many minutes or their seat passes on.
//! - `rate_limit_windows`: fixed-window counters per scope and hashed key.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds the tables and columns above.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_110000_add_trust"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OrganisationDomains::Table)
                .col(string_len(OrganisationDomains::Domain, 253))
                .col(uuid(OrganisationDomains::OrganisationId))
                .col(timestamp_with_time_zone(OrganisationDomains::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(OrganisationDomains::Domain)
                        .col(OrganisationDomains::OrganisationId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(OrganisationDomains::Table)
                        .from_col(OrganisationDomains::OrganisationId)
                        .to_tbl(Organisations::Table)
                        .to_col(Organisations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_organisation_domains_organisation")
                .table(OrganisationDomains::Table)
                .col(OrganisationDomains::OrganisationId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RateLimitWindows::Table)
                .col(string_len(RateLimitWindows::Scope, 40))
                .col(string_len(RateLimitWindows::KeyHash, 64))
                .col(timestamp_with_time_zone(RateLimitWindows::WindowStart))
                .col(integer(RateLimitWindows::Hits))
                .primary_key(
                    Index::create()
                        .col(RateLimitWindows::Scope)
                        .col(RateLimitWindows::KeyHash)
                        .col(RateLimitWindows::WindowStart),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rate_limit_windows_start")
                .table(RateLimitWindows::Table)
                .col(RateLimitWindows::WindowStart)
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(timestamp_with_time_zone_null(People::EmailVerifiedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(NetworkContacts::Table)
                .add_column(string_len_null(NetworkContacts::Email, 320))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(NetworkContacts::Table)
                .add_column(timestamp_with_time_zone_null(NetworkContacts::AcceptedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(boolean(Registrations::OrganisationVerified).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(timestamp_with_time_zone_null(Registrations::HoldExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_registrations_hold_expires_at")
                .table(Registrations::Table)
                .col(Registrations::HoldExpiresAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Events::Table)
                .add_column(integer_null(Events::GuestConfirmationMinutes))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Events::Table)
                .drop_column(Events::GuestConfirmationMinutes)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_registrations_hold_expires_at")
                .table(Registrations::Table)
                .to_owned(),
        )
        .await?;
        for column in [
            Registrations::HoldExpiresAt,
            Registrations::OrganisationVerified,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for column in [NetworkContacts::AcceptedAt, NetworkContacts::Email] {
            m.alter_table(
                Table::alter()
                    .table(NetworkContacts::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .drop_column(People::EmailVerifiedAt)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(RateLimitWindows::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(OrganisationDomains::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrganisationDomains {
    Table,
    Domain,
    OrganisationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RateLimitWindows {
    Table,
    Scope,
    KeyHash,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum People {
    Table,
    EmailVerifiedAt,
}

#[derive(DeriveIden)]
enum NetworkContacts {
    Table,
    Email,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    OrganisationVerified,
    HoldExpiresAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    GuestConfirmationMinutes,
}
