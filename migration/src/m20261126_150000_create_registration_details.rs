//! Registration in full: questions per event, the history of every change to
//! a registration, applications by organisations (one per organisation and
//! event), and a manage token for guests.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds registration questions, history and application columns.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_150000_create_registration_details"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RegistrationQuestions::Table)
                .col(pk_uuid(RegistrationQuestions::Id))
                .col(uuid(RegistrationQuestions::EventId))
                .col(integer(RegistrationQuestions::Position))
                .col(string_len(RegistrationQuestions::Kind, 16))
                .col(string_len(RegistrationQuestions::Label, 500))
                .col(json(RegistrationQuestions::Options))
                .col(boolean(RegistrationQuestions::Required).default(false))
                .col(timestamp_with_time_zone(RegistrationQuestions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(RegistrationQuestions::Table)
                        .from_col(RegistrationQuestions::EventId)
                        .to_tbl(Events::Table)
                        .to_col(Events::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_registration_questions_event")
                .table(RegistrationQuestions::Table)
                .col(RegistrationQuestions::EventId)
                .col(RegistrationQuestions::Position)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RegistrationHistory::Table)
                .col(pk_uuid(RegistrationHistory::Id))
                .col(uuid(RegistrationHistory::RegistrationId))
                .col(uuid_null(RegistrationHistory::ActorPersonId))
                .col(string_len_null(RegistrationHistory::FromStatus, 16))
                .col(string_len(RegistrationHistory::ToStatus, 16))
                .col(string_len_null(RegistrationHistory::FromMode, 16))
                .col(string_len(RegistrationHistory::ToMode, 16))
                .col(text_null(RegistrationHistory::Note))
                .col(timestamp_with_time_zone(RegistrationHistory::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(RegistrationHistory::Table)
                        .from_col(RegistrationHistory::RegistrationId)
                        .to_tbl(Registrations::Table)
                        .to_col(Registrations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_registration_history_registration")
                .table(RegistrationHistory::Table)
                .col(RegistrationHistory::RegistrationId)
                .col(RegistrationHistory::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(uuid_null(Registrations::ApplyingOrganisationId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(string_len_null(Registrations::OrganisationName, 200))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(text_null(Registrations::DecisionMessage))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_registrations_event_applying_org")
                .table(Registrations::Table)
                .col(Registrations::EventId)
                .col(Registrations::ApplyingOrganisationId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_registrations_event_mode_status_position")
                .table(Registrations::Table)
                .col(Registrations::EventId)
                .col(Registrations::Mode)
                .col(Registrations::Status)
                .col(Registrations::WaitlistPosition)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_registrations_event_mode_status_position")
                .table(Registrations::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ux_registrations_event_applying_org")
                .table(Registrations::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Registrations::DecisionMessage,
            Registrations::OrganisationName,
            Registrations::ApplyingOrganisationId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(RegistrationHistory::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RegistrationQuestions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    EventId,
    Mode,
    Status,
    WaitlistPosition,
    ApplyingOrganisationId,
    OrganisationName,
    DecisionMessage,
}

#[derive(DeriveIden)]
enum RegistrationQuestions {
    Table,
    Id,
    EventId,
    Position,
    Kind,
    Label,
    Options,
    Required,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RegistrationHistory {
    Table,
    Id,
    RegistrationId,
    ActorPersonId,
    FromStatus,
    ToStatus,
    FromMode,
    ToMode,
    Note,
    CreatedAt,
}
