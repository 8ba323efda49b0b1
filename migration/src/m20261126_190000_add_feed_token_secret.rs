//! Keeps the secret of a personal feed token while it is active, so the
//! viewer can be shown their calendar URL again (calendar apps need the URL
//! pasted in; a URL shown only once is easily lost). Lookups still go by
//! hash; revoking erases the secret.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `feed_tokens.secret`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_190000_add_feed_token_secret"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(FeedTokens::Table)
                .add_column(string_len_null(FeedTokens::Secret, 100))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(FeedTokens::Table)
                .drop_column(FeedTokens::Secret)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum FeedTokens {
    Table,
    Secret,
}
