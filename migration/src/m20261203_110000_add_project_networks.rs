//! Project networks (scenario 4: "the selected ones … form a network"): an
//! application event can name a network that the organisations it approves
//! join.
//!
//! - `events.project_network_id`: the network approved applicants join
//!   (null: none). Only `APPLICATION` events name one (the service checks).
//!   Deleting the network clears it.
//! - `project_admissions`: what one approval added to the project network —
//!   the organisation's membership and the representative's member role,
//!   each only if the approval made it (`added_membership`, `added_role`) —
//!   so that withdrawing the approval takes back exactly that, and an
//!   organisation that was a member before stays one. `withdrawn_at` marks
//!   an admission taken back (kept for the network's history).

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

/// Adds the column and the table above.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_110000_add_project_networks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            // SQLite adds a foreign key only with the column itself, which
            // sea-query's ALTER TABLE does not write.
            m.get_connection()
                .execute_unprepared(
                    "ALTER TABLE \"events\" ADD COLUMN \"project_network_id\" uuid_text NULL \
                     REFERENCES \"networks\" (\"id\") ON DELETE SET NULL",
                )
                .await?;
        } else {
            m.alter_table(
                Table::alter()
                    .table(Events::Table)
                    .add_column(uuid_null(Events::ProjectNetworkId))
                    .add_foreign_key(
                        TableForeignKey::new()
                            .name("fk_events_project_network")
                            .from_tbl(Events::Table)
                            .from_col(Events::ProjectNetworkId)
                            .to_tbl(Networks::Table)
                            .to_col(Networks::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_events_project_network")
                .table(Events::Table)
                .col(Events::ProjectNetworkId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProjectAdmissions::Table)
                .col(pk_uuid(ProjectAdmissions::Id))
                .col(uuid(ProjectAdmissions::RegistrationId))
                .col(uuid(ProjectAdmissions::NetworkId))
                .col(uuid_null(ProjectAdmissions::OrganisationId))
                .col(uuid_null(ProjectAdmissions::PersonId))
                .col(boolean(ProjectAdmissions::AddedMembership))
                .col(boolean(ProjectAdmissions::AddedRole))
                .col(timestamp_with_time_zone(ProjectAdmissions::AdmittedAt))
                .col(timestamp_with_time_zone_null(
                    ProjectAdmissions::WithdrawnAt,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ProjectAdmissions::Table)
                        .from_col(ProjectAdmissions::RegistrationId)
                        .to_tbl(Registrations::Table)
                        .to_col(Registrations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ProjectAdmissions::Table)
                        .from_col(ProjectAdmissions::NetworkId)
                        .to_tbl(Networks::Table)
                        .to_col(Networks::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ProjectAdmissions::Table)
                        .from_col(ProjectAdmissions::OrganisationId)
                        .to_tbl(Organisations::Table)
                        .to_col(Organisations::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ProjectAdmissions::Table)
                        .from_col(ProjectAdmissions::PersonId)
                        .to_tbl(People::Table)
                        .to_col(People::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_project_admissions_network")
                .table(ProjectAdmissions::Table)
                .col(ProjectAdmissions::NetworkId)
                .col(ProjectAdmissions::WithdrawnAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_project_admissions_registration")
                .table(ProjectAdmissions::Table)
                .col(ProjectAdmissions::RegistrationId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ProjectAdmissions::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_events_project_network")
                .table(Events::Table)
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() != DatabaseBackend::Sqlite {
            m.alter_table(
                Table::alter()
                    .table(Events::Table)
                    .drop_foreign_key("fk_events_project_network")
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Events::Table)
                .drop_column(Events::ProjectNetworkId)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    ProjectNetworkId,
}

#[derive(DeriveIden)]
enum Networks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProjectAdmissions {
    Table,
    Id,
    RegistrationId,
    NetworkId,
    OrganisationId,
    PersonId,
    AddedMembership,
    AddedRole,
    AdmittedAt,
    WithdrawnAt,
}
