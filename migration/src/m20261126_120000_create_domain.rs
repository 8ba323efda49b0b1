//! The first cut of the whole domain (DESIGN.md): organisations, networks and
//! their members, roles and contacts, people, series, events with venue and
//! online meeting, agendas, speakers, registrations, reminders, deliveries and
//! calendar feed tokens.
//!
//! Enumerations are stored as short upper-case strings so that both SQLite and
//! PostgreSQL read them the same way and new values need no type migration.
//! Instants are `timestamptz` on PostgreSQL (text on SQLite), always UTC.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates every table of the first domain model.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_120000_create_domain"
    }
}

fn instant<T: IntoIden>(col: T) -> ColumnDef {
    timestamp_with_time_zone(col)
}

fn instant_null<T: IntoIden>(col: T) -> ColumnDef {
    timestamp_with_time_zone_null(col)
}

fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(from_table)
        .from_col(from_col)
        .to_tbl(to_table)
        .to_col(Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

fn unique(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = index(name, table, cols);
    stmt.unique();
    stmt
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        m.create_table(
            Table::create()
                .table(Organisations::Table)
                .col(pk_uuid(Organisations::Id))
                .col(string_len(Organisations::Name, 200))
                .col(string_len(Organisations::Kind, 32))
                .col(string_len_null(Organisations::OrgNumber, 32))
                .col(string_len_null(Organisations::CountryCode, 2))
                .col(string_len(Organisations::SearchKey, 200))
                .col(instant(Organisations::CreatedAt))
                .col(instant(Organisations::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_organisations_name",
            Organisations::Table,
            &["name"],
        ))
        .await?;
        m.create_index(index(
            "ix_organisations_search_key",
            Organisations::Table,
            &["search_key"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(People::Table)
                .col(pk_uuid(People::Id))
                .col(string_len(People::Name, 200))
                .col(string_len(People::Email, 254))
                .col(uuid_null(People::OrganisationId))
                .col(string_len_null(People::Title, 200))
                .col(string_len_null(People::Locale, 8))
                .col(boolean(People::IsPlatformAdmin).default(false))
                .col(instant(People::CreatedAt))
                .col(instant(People::UpdatedAt))
                .foreign_key(&mut fk(
                    People::Table,
                    People::OrganisationId,
                    Organisations::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ux_people_email", People::Table, &["email"]))
            .await?;
        m.create_index(index(
            "ix_people_organisation",
            People::Table,
            &["organisation_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Networks::Table)
                .col(pk_uuid(Networks::Id))
                .col(string_len(Networks::Slug, 120))
                .col(string_len(Networks::Name, 200))
                .col(text(Networks::Description).default(""))
                .col(uuid_null(Networks::ParentId))
                .col(uuid_null(Networks::OwnerOrganisationId))
                .col(string_len(Networks::Visibility, 16))
                .col(string_len(Networks::TimeZone, 64))
                .col(string_len(Networks::DefaultLocale, 8))
                .col(json(Networks::FocusAreas))
                .col(instant(Networks::CreatedAt))
                .col(instant(Networks::UpdatedAt))
                .foreign_key(&mut fk(
                    Networks::Table,
                    Networks::ParentId,
                    Networks::Table,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    Networks::Table,
                    Networks::OwnerOrganisationId,
                    Organisations::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique("ux_networks_slug", Networks::Table, &["slug"]))
            .await?;
        m.create_index(index("ix_networks_parent", Networks::Table, &["parent_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(NetworkMembers::Table)
                .col(pk_uuid(NetworkMembers::Id))
                .col(uuid(NetworkMembers::NetworkId))
                .col(uuid(NetworkMembers::OrganisationId))
                .col(instant(NetworkMembers::JoinedAt))
                .foreign_key(&mut fk(
                    NetworkMembers::Table,
                    NetworkMembers::NetworkId,
                    Networks::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    NetworkMembers::Table,
                    NetworkMembers::OrganisationId,
                    Organisations::Table,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_network_members_network_org",
            NetworkMembers::Table,
            &["network_id", "organisation_id"],
        ))
        .await?;
        m.create_index(index(
            "ix_network_members_org",
            NetworkMembers::Table,
            &["organisation_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(NetworkRoles::Table)
                .col(pk_uuid(NetworkRoles::Id))
                .col(uuid(NetworkRoles::NetworkId))
                .col(uuid(NetworkRoles::PersonId))
                .col(string_len(NetworkRoles::Role, 16))
                .col(instant(NetworkRoles::CreatedAt))
                .foreign_key(&mut fk(
                    NetworkRoles::Table,
                    NetworkRoles::NetworkId,
                    Networks::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    NetworkRoles::Table,
                    NetworkRoles::PersonId,
                    People::Table,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_network_roles_network_person",
            NetworkRoles::Table,
            &["network_id", "person_id"],
        ))
        .await?;
        m.create_index(index(
            "ix_network_roles_person",
            NetworkRoles::Table,
            &["person_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(NetworkContacts::Table)
                .col(pk_uuid(NetworkContacts::Id))
                .col(uuid(NetworkContacts::NetworkId))
                .col(uuid(NetworkContacts::PersonId))
                .col(integer(NetworkContacts::Position))
                .col(string_len_null(NetworkContacts::Label, 200))
                .foreign_key(&mut fk(
                    NetworkContacts::Table,
                    NetworkContacts::NetworkId,
                    Networks::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    NetworkContacts::Table,
                    NetworkContacts::PersonId,
                    People::Table,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_network_contacts_network_person",
            NetworkContacts::Table,
            &["network_id", "person_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Series::Table)
                .col(pk_uuid(Series::Id))
                .col(uuid(Series::NetworkId))
                .col(string_len(Series::Title, 200))
                .col(text(Series::Description).default(""))
                .col(instant(Series::CreatedAt))
                .col(instant(Series::UpdatedAt))
                .foreign_key(&mut fk(
                    Series::Table,
                    Series::NetworkId,
                    Networks::Table,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_series_network", Series::Table, &["network_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(pk_uuid(Events::Id))
                .col(uuid(Events::NetworkId))
                .col(uuid_null(Events::SeriesId))
                .col(string_len(Events::Kind, 16))
                .col(string_len(Events::Title, 200))
                .col(text(Events::Description).default(""))
                .col(string_len(Events::SearchKey, 400))
                .col(instant(Events::StartsAt))
                .col(instant(Events::EndsAt))
                .col(string_len(Events::TimeZone, 64))
                .col(string_len(Events::Status, 16))
                .col(string_len(Events::AttendanceMode, 16))
                .col(boolean(Events::MembersOnly).default(false))
                .col(string_len_null(Events::VenueName, 200))
                .col(string_len_null(Events::VenueAddress, 300))
                .col(string_len_null(Events::VenueCity, 100))
                .col(text_null(Events::VenueAccessibility))
                .col(string_len_null(Events::OnlineProvider, 64))
                .col(string_len_null(Events::OnlineJoinUrl, 2048))
                .col(string_len_null(Events::OnlineMeetingNumber, 64))
                .col(string_len_null(Events::OnlinePasscode, 64))
                .col(string_len_null(Events::OnlineDialIn, 200))
                .col(text_null(Events::OnlineInstructions))
                .col(string_len(Events::JoinLinkVisibility, 16))
                .col(integer_null(Events::CapacityInPerson))
                .col(integer_null(Events::CapacityOnline))
                .col(string_len(Events::RegistrationPolicy, 16))
                .col(instant_null(Events::RegistrationOpensAt))
                .col(instant_null(Events::RegistrationClosesAt))
                .col(integer(Events::Sequence).default(0))
                .col(instant_null(Events::PublishedAt))
                .col(instant_null(Events::CancelledAt))
                .col(instant(Events::CreatedAt))
                .col(instant(Events::UpdatedAt))
                .foreign_key(&mut fk(
                    Events::Table,
                    Events::NetworkId,
                    Networks::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Events::Table,
                    Events::SeriesId,
                    Series::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_events_network_starts",
            Events::Table,
            &["network_id", "starts_at", "id"],
        ))
        .await?;
        m.create_index(index(
            "ix_events_series_starts",
            Events::Table,
            &["series_id", "starts_at"],
        ))
        .await?;
        m.create_index(index("ix_events_starts", Events::Table, &["starts_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table(AgendaItems::Table)
                .col(pk_uuid(AgendaItems::Id))
                .col(uuid(AgendaItems::EventId))
                .col(integer(AgendaItems::Position))
                .col(instant_null(AgendaItems::StartsAt))
                .col(instant_null(AgendaItems::EndsAt))
                .col(string_len(AgendaItems::Title, 200))
                .col(text(AgendaItems::Description).default(""))
                .col(string_len_null(AgendaItems::Room, 200))
                .col(instant(AgendaItems::CreatedAt))
                .col(instant(AgendaItems::UpdatedAt))
                .foreign_key(&mut fk(
                    AgendaItems::Table,
                    AgendaItems::EventId,
                    Events::Table,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_agenda_items_event_position",
            AgendaItems::Table,
            &["event_id", "position"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Speakers::Table)
                .col(pk_uuid(Speakers::Id))
                .col(uuid(Speakers::EventId))
                .col(uuid_null(Speakers::AgendaItemId))
                .col(uuid_null(Speakers::PersonId))
                .col(string_len(Speakers::Name, 200))
                .col(string_len_null(Speakers::Affiliation, 200))
                .col(string_len_null(Speakers::Role, 100))
                .col(string_len(Speakers::Status, 16))
                .col(integer(Speakers::Position))
                .col(instant(Speakers::CreatedAt))
                .col(instant(Speakers::UpdatedAt))
                .foreign_key(&mut fk(
                    Speakers::Table,
                    Speakers::EventId,
                    Events::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Speakers::Table,
                    Speakers::AgendaItemId,
                    AgendaItems::Table,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Speakers::Table,
                    Speakers::PersonId,
                    People::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_speakers_event_position",
            Speakers::Table,
            &["event_id", "position"],
        ))
        .await?;
        m.create_index(index(
            "ix_speakers_agenda_item",
            Speakers::Table,
            &["agenda_item_id"],
        ))
        .await?;
        m.create_index(index("ix_speakers_person", Speakers::Table, &["person_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Registrations::Table)
                .col(pk_uuid(Registrations::Id))
                .col(uuid(Registrations::EventId))
                .col(uuid_null(Registrations::PersonId))
                .col(uuid_null(Registrations::OrganisationId))
                .col(string_len_null(Registrations::GuestName, 200))
                .col(string_len_null(Registrations::GuestEmail, 254))
                .col(string_len(Registrations::Mode, 16))
                .col(string_len(Registrations::Status, 16))
                .col(integer_null(Registrations::WaitlistPosition))
                .col(json(Registrations::Answers))
                .col(text_null(Registrations::AccessibilityNeeds))
                .col(text_null(Registrations::DietaryNeeds))
                .col(text_null(Registrations::ConsentText))
                .col(instant_null(Registrations::ConsentedAt))
                .col(instant_null(Registrations::CheckedInAt))
                .col(string_len_null(Registrations::CancelTokenHash, 64))
                .col(instant(Registrations::CreatedAt))
                .col(instant(Registrations::UpdatedAt))
                .foreign_key(&mut fk(
                    Registrations::Table,
                    Registrations::EventId,
                    Events::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Registrations::Table,
                    Registrations::PersonId,
                    People::Table,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Registrations::Table,
                    Registrations::OrganisationId,
                    Organisations::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_registrations_event_person",
            Registrations::Table,
            &["event_id", "person_id"],
        ))
        .await?;
        m.create_index(unique(
            "ux_registrations_event_guest_email",
            Registrations::Table,
            &["event_id", "guest_email"],
        ))
        .await?;
        m.create_index(index(
            "ix_registrations_event_status_mode",
            Registrations::Table,
            &["event_id", "status", "mode"],
        ))
        .await?;
        m.create_index(index(
            "ix_registrations_person",
            Registrations::Table,
            &["person_id"],
        ))
        .await?;
        m.create_index(index(
            "ix_registrations_organisation",
            Registrations::Table,
            &["organisation_id"],
        ))
        .await?;
        m.create_index(unique(
            "ux_registrations_cancel_token",
            Registrations::Table,
            &["cancel_token_hash"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Reminders::Table)
                .col(pk_uuid(Reminders::Id))
                .col(uuid_null(Reminders::EventId))
                .col(uuid_null(Reminders::SeriesId))
                .col(instant_null(Reminders::SendAt))
                .col(integer_null(Reminders::OffsetMinutes))
                .col(json(Reminders::Audience))
                .col(string_len_null(Reminders::Subject, 300))
                .col(text_null(Reminders::Body))
                .col(string_len_null(Reminders::Locale, 8))
                .col(string_len(Reminders::Status, 16))
                .col(uuid_null(Reminders::CreatedBy))
                .col(instant(Reminders::CreatedAt))
                .col(instant(Reminders::UpdatedAt))
                .foreign_key(&mut fk(
                    Reminders::Table,
                    Reminders::EventId,
                    Events::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Reminders::Table,
                    Reminders::SeriesId,
                    Series::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Reminders::Table,
                    Reminders::CreatedBy,
                    People::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_reminders_status_send_at",
            Reminders::Table,
            &["status", "send_at"],
        ))
        .await?;
        m.create_index(index("ix_reminders_event", Reminders::Table, &["event_id"]))
            .await?;
        m.create_index(index(
            "ix_reminders_series",
            Reminders::Table,
            &["series_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Deliveries::Table)
                .col(pk_uuid(Deliveries::Id))
                .col(uuid(Deliveries::ReminderId))
                .col(uuid(Deliveries::EventId))
                .col(uuid_null(Deliveries::RegistrationId))
                .col(uuid_null(Deliveries::PersonId))
                .col(string_len(Deliveries::Email, 254))
                .col(string_len(Deliveries::Status, 16))
                .col(integer(Deliveries::Attempts).default(0))
                .col(text_null(Deliveries::LastError))
                .col(instant_null(Deliveries::NextAttemptAt))
                .col(instant_null(Deliveries::SentAt))
                .col(instant(Deliveries::CreatedAt))
                .col(instant(Deliveries::UpdatedAt))
                .foreign_key(&mut fk(
                    Deliveries::Table,
                    Deliveries::ReminderId,
                    Reminders::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Deliveries::Table,
                    Deliveries::EventId,
                    Events::Table,
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    Deliveries::Table,
                    Deliveries::RegistrationId,
                    Registrations::Table,
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    Deliveries::Table,
                    Deliveries::PersonId,
                    People::Table,
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_deliveries_reminder_event_email",
            Deliveries::Table,
            &["reminder_id", "event_id", "email"],
        ))
        .await?;
        m.create_index(index(
            "ix_deliveries_status_next",
            Deliveries::Table,
            &["status", "next_attempt_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(FeedTokens::Table)
                .col(pk_uuid(FeedTokens::Id))
                .col(uuid(FeedTokens::PersonId))
                .col(string_len(FeedTokens::TokenHash, 64))
                .col(boolean(FeedTokens::IncludeFollowedNetworks).default(false))
                .col(instant(FeedTokens::CreatedAt))
                .col(instant_null(FeedTokens::RevokedAt))
                .foreign_key(&mut fk(
                    FeedTokens::Table,
                    FeedTokens::PersonId,
                    People::Table,
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "ux_feed_tokens_hash",
            FeedTokens::Table,
            &["token_hash"],
        ))
        .await?;
        m.create_index(index(
            "ix_feed_tokens_person",
            FeedTokens::Table,
            &["person_id"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FeedTokens::Table.into_iden(),
            Deliveries::Table.into_iden(),
            Reminders::Table.into_iden(),
            Registrations::Table.into_iden(),
            Speakers::Table.into_iden(),
            AgendaItems::Table.into_iden(),
            Events::Table.into_iden(),
            Series::Table.into_iden(),
            NetworkContacts::Table.into_iden(),
            NetworkRoles::Table.into_iden(),
            NetworkMembers::Table.into_iden(),
            Networks::Table.into_iden(),
            People::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Name,
    Kind,
    OrgNumber,
    CountryCode,
    SearchKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Name,
    Email,
    OrganisationId,
    Title,
    Locale,
    IsPlatformAdmin,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Networks {
    Table,
    Id,
    Slug,
    Name,
    Description,
    ParentId,
    OwnerOrganisationId,
    Visibility,
    TimeZone,
    DefaultLocale,
    FocusAreas,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NetworkMembers {
    Table,
    Id,
    NetworkId,
    OrganisationId,
    JoinedAt,
}

#[derive(DeriveIden)]
enum NetworkRoles {
    Table,
    Id,
    NetworkId,
    PersonId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NetworkContacts {
    Table,
    Id,
    NetworkId,
    PersonId,
    Position,
    Label,
}

#[derive(DeriveIden)]
enum Series {
    Table,
    Id,
    NetworkId,
    Title,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    NetworkId,
    SeriesId,
    Kind,
    Title,
    Description,
    SearchKey,
    StartsAt,
    EndsAt,
    TimeZone,
    Status,
    AttendanceMode,
    MembersOnly,
    VenueName,
    VenueAddress,
    VenueCity,
    VenueAccessibility,
    OnlineProvider,
    OnlineJoinUrl,
    OnlineMeetingNumber,
    OnlinePasscode,
    OnlineDialIn,
    OnlineInstructions,
    JoinLinkVisibility,
    CapacityInPerson,
    CapacityOnline,
    RegistrationPolicy,
    RegistrationOpensAt,
    RegistrationClosesAt,
    Sequence,
    PublishedAt,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    EventId,
    Position,
    StartsAt,
    EndsAt,
    Title,
    Description,
    Room,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Speakers {
    Table,
    Id,
    EventId,
    AgendaItemId,
    PersonId,
    Name,
    Affiliation,
    Role,
    Status,
    Position,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    EventId,
    PersonId,
    OrganisationId,
    GuestName,
    GuestEmail,
    Mode,
    Status,
    WaitlistPosition,
    Answers,
    AccessibilityNeeds,
    DietaryNeeds,
    ConsentText,
    ConsentedAt,
    CheckedInAt,
    CancelTokenHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
    EventId,
    SeriesId,
    SendAt,
    OffsetMinutes,
    Audience,
    Subject,
    Body,
    Locale,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    Id,
    ReminderId,
    EventId,
    RegistrationId,
    PersonId,
    Email,
    Status,
    Attempts,
    LastError,
    NextAttemptAt,
    SentAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FeedTokens {
    Table,
    Id,
    PersonId,
    TokenHash,
    IncludeFollowedNetworks,
    CreatedAt,
    RevokedAt,
}
