//! Identity: single-use sign-in tokens (mailed links), sessions and personal
//! API tokens. Only SHA-256 hashes of secrets are stored.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the sign-in token, session and API token tables.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_130000_create_auth"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SignInTokens::Table)
                .col(pk_uuid(SignInTokens::Id))
                .col(string_len(SignInTokens::Email, 254))
                .col(string_len(SignInTokens::TokenHash, 64))
                .col(string_len_null(SignInTokens::ClientIp, 64))
                .col(timestamp_with_time_zone(SignInTokens::CreatedAt))
                .col(timestamp_with_time_zone(SignInTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(SignInTokens::UsedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_sign_in_tokens_hash")
                .table(SignInTokens::Table)
                .col(SignInTokens::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sign_in_tokens_email_created")
                .table(SignInTokens::Table)
                .col(SignInTokens::Email)
                .col(SignInTokens::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sign_in_tokens_ip_created")
                .table(SignInTokens::Table)
                .col(SignInTokens::ClientIp)
                .col(SignInTokens::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(pk_uuid(Sessions::Id))
                .col(uuid(Sessions::PersonId))
                .col(string_len(Sessions::TokenHash, 64))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(Sessions::Table)
                        .from_col(Sessions::PersonId)
                        .to_tbl(People::Table)
                        .to_col(People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_sessions_hash")
                .table(Sessions::Table)
                .col(Sessions::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sessions_person")
                .table(Sessions::Table)
                .col(Sessions::PersonId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(pk_uuid(ApiTokens::Id))
                .col(uuid(ApiTokens::PersonId))
                .col(string_len(ApiTokens::Name, 200))
                .col(string_len(ApiTokens::TokenHash, 64))
                .col(string_len(ApiTokens::Scope, 16))
                .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ApiTokens::Table)
                        .from_col(ApiTokens::PersonId)
                        .to_tbl(People::Table)
                        .to_col(People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_api_tokens_hash")
                .table(ApiTokens::Table)
                .col(ApiTokens::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_api_tokens_person")
                .table(ApiTokens::Table)
                .col(ApiTokens::PersonId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApiTokens::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SignInTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SignInTokens {
    Table,
    Id,
    Email,
    TokenHash,
    ClientIp,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    PersonId,
    TokenHash,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    PersonId,
    Name,
    TokenHash,
    Scope,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}
