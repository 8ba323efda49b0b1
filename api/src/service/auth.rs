//! Identity: passwordless sign-in with single-use mailed links, sessions and
//! personal API tokens. Secrets are random 256-bit values shown once; only
//! their SHA-256 hashes are stored. A token's prefix says what it is:
//! `tpl_` sign-in link token, `tps_` session, `tpa_` API token.

use chrono::{DateTime, Duration, Utc};
use entities::{TokenScope, api_token, person, session, sign_in_token};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::effects::{self, Effect};
use super::secrets::{hash_secret, new_secret};
use super::tx::Tx;
use super::validate::{Errors, NAME_MAX, parse_email};
use super::{Context, Error, ErrorCode, Result, SignedIn, Viewer};
use crate::clock::Clock;
use crate::ids::PersonId;

/// How long a mailed sign-in link works.
pub const SIGN_IN_TTL: Duration = Duration::minutes(15);
/// Sign-in links one address may ask for per [`SIGN_IN_TTL`].
pub const MAX_LINKS_PER_ADDRESS: u64 = 5;
/// Sign-in links one client address may ask for per [`SIGN_IN_TTL`].
pub const MAX_LINKS_PER_IP: u64 = 30;
/// Last-seen times are written at most this often per session or token.
const TOUCH_EVERY: Duration = Duration::minutes(5);

/// Settings of the identity layer (from the configuration).
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// How long a session lasts without use.
    pub session_ttl: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            session_ttl: Duration::days(30),
        }
    }
}

/// A sign-in link to be mailed.
#[derive(Debug, Clone)]
pub struct SignInLink {
    /// The normalised address it goes to.
    pub email: String,
    /// The secret (goes only into the mail).
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// The person, when the address is known.
    pub person: Option<person::Model>,
}

/// Records a sign-in link for `email`, after the rate limits. The answer does
/// not depend on whether the address is known: unknown addresses get a link
/// too, and signing in with it creates the person.
#[tracing::instrument(skip_all)]
pub async fn request_sign_in_link<C: ConnectionTrait>(
    db: &C,
    clock: &Clock,
    email: &str,
    client_ip: Option<&str>,
) -> Result<SignInLink> {
    let email = parse_email(email).ok_or_else(|| {
        Error::field(
            "email",
            ErrorCode::Invalid,
            "email must be an email address",
        )
    })?;
    let now = clock.now();
    let since = now - SIGN_IN_TTL;
    let by_address = sign_in_token::Entity::find()
        .filter(sign_in_token::Column::Email.eq(email.clone()))
        .filter(sign_in_token::Column::CreatedAt.gt(since))
        .count(db)
        .await?;
    if by_address >= MAX_LINKS_PER_ADDRESS {
        return Err(Error::field(
            "email",
            ErrorCode::RateLimited,
            "too many sign-in links for this address; use the latest one or try again in 15 minutes",
        ));
    }
    if let Some(ip) = client_ip {
        let by_ip = sign_in_token::Entity::find()
            .filter(sign_in_token::Column::ClientIp.eq(ip))
            .filter(sign_in_token::Column::CreatedAt.gt(since))
            .count(db)
            .await?;
        if by_ip >= MAX_LINKS_PER_IP {
            return Err(Error::field(
                "email",
                ErrorCode::RateLimited,
                "too many sign-in requests from your network; try again in 15 minutes",
            ));
        }
    }
    let (token, hash) = new_secret("tpl_")?;
    let expires_at = now + SIGN_IN_TTL;
    sign_in_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.clone()),
        token_hash: Set(hash),
        client_ip: Set(client_ip.map(str::to_owned)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    let person = person::Entity::find()
        .filter(person::Column::Email.eq(email.clone()))
        .one(db)
        .await?;
    Ok(SignInLink {
        email,
        token,
        expires_at,
        person,
    })
}

/// Records a sign-in link and queues the mail that carries it, in one
/// write unit: the link exists exactly when its mail will be sent. The
/// mail is in `locale` (the language of the page or request that asked),
/// else the person's preference, else Swedish.
#[tracing::instrument(skip_all)]
pub async fn send_sign_in_link(
    cx: &Context,
    public_url: &str,
    email: &str,
    client_ip: Option<&str>,
    locale: Option<crate::i18n::Locale>,
) -> Result<()> {
    Tx::run(cx, |tx| async move {
        tx.changes_nothing_public();
        let link = request_sign_in_link(tx.db(), &cx.clock, email, client_ip).await?;
        tx.effect(Effect::SignInLink(Box::new(effects::SignInLink {
            // The landing page opens in the language the mail is in.
            link: match locale {
                Some(locale) => format!("{public_url}/sign-in?token={}&lang={locale}", link.token),
                None => format!("{public_url}/sign-in?token={}", link.token),
            },
            email: link.email,
            person: link.person,
            token: link.token,
            expires_at: link.expires_at,
            minutes: u32::try_from(SIGN_IN_TTL.num_minutes()).unwrap_or(15),
            locale,
        })));
        Ok((tx, ()))
    })
    .await
}

/// A new session: the bearer token (shown once) and the person.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The bearer token.
    pub token: String,
    /// When it expires unless used.
    pub expires_at: DateTime<Utc>,
    /// Who signed in.
    pub person: person::Model,
}

fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let words: Vec<String> = local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() {
        local.to_owned()
    } else {
        words.join(" ")
    }
}

/// Exchanges a mailed token for a session. The token works once.
#[tracing::instrument(skip_all)]
pub async fn sign_in(cx: &Context, settings: &AuthSettings, token: &str) -> Result<NewSession> {
    let invalid = || {
        Error::field(
            "token",
            ErrorCode::Invalid,
            "this sign-in link is invalid, used or expired; ask for a new one",
        )
    };
    Tx::run(cx, |tx| async move {
        let (txn, now) = (tx.db(), tx.now());
        let found = sign_in_token::Entity::find()
            .filter(sign_in_token::Column::TokenHash.eq(hash_secret(token)))
            .one(txn)
            .await?
            .ok_or_else(invalid)?;
        if found.used_at.is_some() || found.expires_at <= now {
            return Err(invalid());
        }
        // Single use even when two requests race: only one update finds it unused.
        let claimed = sign_in_token::Entity::update_many()
            .col_expr(sign_in_token::Column::UsedAt, Expr::value(now))
            .filter(sign_in_token::Column::Id.eq(found.id))
            .filter(sign_in_token::Column::UsedAt.is_null())
            .exec(txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Err(invalid());
        }
        let person = match person::Entity::find()
            .filter(person::Column::Email.eq(found.email.clone()))
            .one(txn)
            .await?
        {
            Some(person) => person,
            None => {
                person::ActiveModel {
                    id: Set(PersonId::new().0),
                    name: Set(name_from_email(&found.email)),
                    email: Set(found.email.clone()),
                    organisation_id: Set(None),
                    title: Set(None),
                    locale: Set(None),
                    is_platform_admin: Set(false),
                    email_verified_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await?
            }
        };
        // The mailed link proves the address: membership through an
        // organisation's mail domain counts from now on, and a person without an
        // organisation gets the one their domain names, when exactly one does.
        let domains = super::organisations::by_email_domain(txn, &person.email).await?;
        let mut verified: person::ActiveModel = person.clone().into();
        verified.email_verified_at = Set(Some(now));
        if person.organisation_id.is_none()
            && let [only] = domains.as_slice()
        {
            verified.organisation_id = Set(Some(*only));
        }
        let person = verified.update(txn).await?;
        let (token, hash) = new_secret("tps_")?;
        let expires_at = now + settings.session_ttl;
        session::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(person.id),
            token_hash: Set(hash),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
        }
        .insert(txn)
        .await?;
        Ok((
            tx,
            NewSession {
                token,
                expires_at,
                person,
            },
        ))
    })
    .await
}

/// Whether a sign-in link's token would still sign in (known, unused, not
/// expired), without using it: the landing page asks before it shows its
/// button, since mail scanners open links too.
pub async fn sign_in_link_usable(cx: &Context, token: &str) -> Result<bool> {
    Ok(sign_in_token::Entity::find()
        .filter(sign_in_token::Column::TokenHash.eq(hash_secret(token)))
        .one(&cx.db)
        .await?
        .is_some_and(|t| t.used_at.is_none() && t.expires_at > cx.clock.now()))
}

/// Ends the viewer's session (signing out twice is not an error).
#[tracing::instrument(skip_all)]
pub async fn sign_out(cx: &Context) -> Result<()> {
    let Viewer::Person(signed_in) = &cx.viewer else {
        return Err(Error::Unauthenticated);
    };
    let Some(session_id) = signed_in.session_id else {
        return Ok(());
    };
    Tx::run(cx, |tx| async move {
        tx.changes_nothing_public();
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(tx.now()))
            .filter(session::Column::Id.eq(session_id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(tx.db())
            .await?;
        Ok((tx, ()))
    })
    .await
}

/// Why a bearer token was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Unknown, revoked or expired.
    #[error("the bearer token is invalid, revoked or expired")]
    Invalid,
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
}

/// The one reading of a refused token for every surface (GraphQL over HTTP
/// and WebSocket, pages, exports): an invalid token is
/// [`Error::Unauthenticated`](super::Error::Unauthenticated), a database
/// failure is sorted as any other (a fault is retryable).
impl From<AuthError> for super::Error {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::Invalid => Self::Unauthenticated,
            AuthError::Database(err) => err.into(),
        }
    }
}

/// Who a bearer token belongs to.
#[tracing::instrument(skip_all)]
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    clock: &Clock,
    settings: &AuthSettings,
    bearer: &str,
) -> Result<Viewer, AuthError> {
    let now = clock.now();
    let hash = hash_secret(bearer);
    let (person_id, session_id, can_write) = if bearer.starts_with("tps_") {
        let found = session::Entity::find()
            .filter(session::Column::TokenHash.eq(hash))
            .one(db)
            .await?
            .filter(|s| s.revoked_at.is_none() && s.expires_at > now)
            .ok_or(AuthError::Invalid)?;
        if now - found.last_seen_at > TOUCH_EVERY {
            // A sliding expiry: a session in use stays alive.
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .col_expr(
                    session::Column::ExpiresAt,
                    Expr::value(now + settings.session_ttl),
                )
                .filter(session::Column::Id.eq(found.id))
                .exec(db)
                .await?;
        }
        (found.person_id, Some(found.id), true)
    } else if bearer.starts_with("tpa_") {
        let found = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash))
            .one(db)
            .await?
            .filter(|t| t.revoked_at.is_none())
            .ok_or(AuthError::Invalid)?;
        if found.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
                .filter(api_token::Column::Id.eq(found.id))
                .exec(db)
                .await?;
        }
        (found.person_id, None, found.scope == TokenScope::ReadWrite)
    } else {
        return Err(AuthError::Invalid);
    };
    let person = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .ok_or(AuthError::Invalid)?;
    Ok(Viewer::Person(SignedIn {
        person_id: PersonId(person.id),
        is_admin: person.is_platform_admin,
        can_write,
        session_id,
        locale: person
            .locale
            .as_deref()
            .and_then(crate::i18n::Locale::parse),
    }))
}

/// A new API token: the secret (shown once) and its record.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    /// The secret.
    pub token: String,
    /// The stored record.
    pub record: api_token::Model,
}

async fn insert_api_token<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    person: PersonId,
    name: String,
    scope: TokenScope,
) -> Result<NewApiToken> {
    let (token, hash) = new_secret("tpa_")?;
    let record = api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person.0),
        name: Set(name),
        token_hash: Set(hash),
        scope: Set(scope),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(NewApiToken { token, record })
}

/// Creates an API token for the viewer. Only a signed-in session (not another
/// API token) may create tokens.
#[tracing::instrument(skip_all)]
pub async fn create_api_token(cx: &Context, name: &str, scope: TokenScope) -> Result<NewApiToken> {
    let signed_in = super::policy::require_write(cx)?;
    if signed_in.session_id.is_none() {
        return Err(Error::Forbidden);
    }
    let mut errors = Errors::new();
    let name = errors.required_text("name", name, NAME_MAX);
    errors.finish()?;
    let person = signed_in.person_id;
    Tx::run(cx, |tx| {
        let name = name.clone();
        async move {
            tx.changes_nothing_public();
            let created = insert_api_token(tx.db(), tx.now(), person, name, scope).await?;
            Ok((tx, created))
        }
    })
    .await
}

/// The viewer's API tokens, newest first (revoked ones included).
pub async fn api_tokens(cx: &Context) -> Result<Vec<api_token::Model>> {
    let signed_in = super::policy::require_signed_in(cx)?;
    Ok(api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(signed_in.person_id.0))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(&cx.db)
        .await?)
}

/// Revokes one of the viewer's API tokens (a platform admin may revoke any).
#[tracing::instrument(skip_all)]
pub async fn revoke_api_token(cx: &Context, id: Uuid) -> Result<api_token::Model> {
    let signed_in = super::policy::require_write(cx)?;
    Tx::run(cx, |tx| async move {
        tx.changes_nothing_public();
        let token = api_token::Entity::find_by_id(id)
            .one(tx.db())
            .await?
            .filter(|t| t.person_id == signed_in.person_id.0 || signed_in.is_admin)
            .ok_or(Error::NotFound("API token"))?;
        if token.revoked_at.is_some() {
            return Ok((tx, token));
        }
        let mut model: api_token::ActiveModel = token.into();
        model.revoked_at = Set(Some(tx.now()));
        let revoked = model.update(tx.db()).await?;
        Ok((tx, revoked))
    })
    .await
}

/// Makes (or keeps) `email` a platform administrator. Idempotent.
pub async fn ensure_admin(cx: &Context, email: &str, name: &str) -> Result<person::Model> {
    let mut errors = Errors::new();
    let name = errors.required_text("name", name, NAME_MAX);
    let email_ok = parse_email(email);
    if email_ok.is_none() {
        errors.push(
            "email",
            ErrorCode::Invalid,
            "email must be an email address",
        );
    }
    errors.finish()?;
    Tx::run(cx, |tx| {
        let input = super::people::PersonInput {
            name: name.clone(),
            email: email.to_owned(),
            title: None,
            organisation_id: None,
        };
        async move {
            let person =
                super::people::find_or_create_on(tx.db(), tx.now(), "admin", input).await?;
            if person.is_platform_admin {
                return Ok((tx, person));
            }
            let mut model: person::ActiveModel = person.into();
            model.is_platform_admin = Set(true);
            model.updated_at = Set(tx.now());
            let admin = model.update(tx.db()).await?;
            Ok((tx, admin))
        }
    })
    .await
}

/// A fresh read-write API token for an existing administrator (for scripts).
pub async fn admin_token(cx: &Context, email: &str) -> Result<NewApiToken> {
    let email = parse_email(email).ok_or_else(|| {
        Error::field(
            "email",
            ErrorCode::Invalid,
            "email must be an email address",
        )
    })?;
    let person = super::people::by_email(cx, &email)
        .await?
        .filter(|p| p.is_platform_admin)
        .ok_or(Error::NotFound("platform administrator"))?;
    Tx::run(cx, |tx| async move {
        tx.changes_nothing_public();
        let created = insert_api_token(
            tx.db(),
            tx.now(),
            PersonId(person.id),
            "traffpunkt admin token".to_owned(),
            TokenScope::ReadWrite,
        )
        .await?;
        Ok((tx, created))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_addresses() {
        assert_eq!(name_from_email("asa.oberg@example.se"), "Asa Oberg");
        assert_eq!(name_from_email("kari_nordmann@example.no"), "Kari Nordmann");
    }
}
