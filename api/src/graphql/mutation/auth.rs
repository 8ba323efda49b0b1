//! Sign-in, sessions, API tokens and the viewer's own data.

use async_graphql::{Context, ID, InputObject, Json, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::error::{UserError, bad_input, outcome};
use crate::graphql::http::RequestInfo;
use crate::graphql::ids::decode_any;
use crate::graphql::types::{ApiToken, TokenScope, Viewer, service_cx};
use crate::service::validate::parse_locale;
use crate::service::{auth, people, privacy};

/// Where to send a sign-in link.
#[derive(InputObject)]
pub struct RequestSignInLinkInput {
    /// The email address to sign in with.
    pub email: String,
    /// The language of the mail (`sv`, `nb` or `en`), e.g. the language of
    /// the app that asks. Without it: the request's `Accept-Language`, else
    /// the person's preference, else Swedish.
    pub locale: Option<String>,
}

/// The answer to a sign-in request; the same whether or not the address is known.
#[derive(SimpleObject)]
pub struct RequestSignInLinkPayload {
    /// True when a link is on its way (to a known or a new address).
    pub sent: bool,
    /// What was wrong (a malformed address, too many requests).
    pub user_errors: Vec<UserError>,
}

/// What the signed-in viewer changes about themself.
#[derive(InputObject)]
pub struct UpdateViewerInput {
    /// The language of the viewer's mail and CSV exports: `sv`, `nb` or
    /// `en` (a region such as `nb-NO` is accepted and dropped). Null clears
    /// it, so the network's default applies; leaving it out changes nothing.
    pub locale: MaybeUndefined<String>,
}

/// The viewer as changed.
#[derive(SimpleObject)]
pub struct UpdateViewerPayload {
    /// The signed-in person, with the change.
    pub viewer: Option<Viewer>,
    /// What was wrong (a language we do not write).
    pub user_errors: Vec<UserError>,
}

/// The token from a sign-in link.
#[derive(InputObject)]
pub struct SignInInput {
    /// The token from the link (or the mail).
    pub token: String,
}

/// A new session.
#[derive(SimpleObject)]
pub struct SignInPayload {
    /// Bearer token for `Authorization: Bearer …`; shown only now.
    pub session_token: Option<String>,
    /// When the session ends unless used (each use extends it).
    pub expires_at: Option<DateTime<Utc>>,
    /// The signed-in person.
    pub viewer: Option<Viewer>,
    /// What was wrong (an invalid, used or expired token).
    pub user_errors: Vec<UserError>,
}

/// The outcome of signing out.
#[derive(SimpleObject)]
pub struct SignOutPayload {
    /// True when the session is ended.
    pub signed_out: bool,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// A new personal API token.
#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// A name to recognise it by, e.g. "Intranätet".
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
}

/// A new API token.
#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// The secret, for `Authorization: Bearer …`; shown only now.
    pub token: Option<String>,
    /// The token's record.
    pub api_token: Option<ApiToken>,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// Which token to revoke.
#[derive(InputObject)]
pub struct RevokeApiTokenInput {
    /// The token's id.
    pub id: ID,
}

/// The revoked token.
#[derive(SimpleObject)]
pub struct RevokeApiTokenPayload {
    /// The token, now revoked.
    pub api_token: Option<ApiToken>,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// Everything stored about the viewer.
#[derive(SimpleObject)]
pub struct ExportMyDataPayload {
    /// The data, as one JSON document.
    pub data: Option<Json<serde_json::Value>>,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// Confirmation of erasing one's account.
#[derive(InputObject)]
pub struct DeleteMyAccountInput {
    /// The viewer's own email address, typed again.
    pub confirm_email: String,
}

/// The outcome of erasing one's account.
#[derive(SimpleObject)]
pub struct DeleteMyAccountPayload {
    /// True when the account is gone.
    pub deleted: bool,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// Sign-in, sessions, API tokens and the viewer's own data.
#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Mails a single-use sign-in link (valid 15 minutes). The answer is the
    /// same whether or not the address is known; requests are rate limited
    /// per address and per client.
    async fn request_sign_in_link(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where to send the link.")] input: RequestSignInLinkInput,
    ) -> async_graphql::Result<RequestSignInLinkPayload> {
        let cx = service_cx(ctx)?;
        let info = ctx.data::<RequestInfo>()?;
        let public_url = ctx
            .data::<std::sync::Arc<crate::config::Config>>()?
            .public_url();
        let result = match input.locale.as_deref().map(str::trim) {
            None | Some("") => Ok(info.accept_language),
            Some(tag) => parse_locale("locale", tag).map(Some),
        };
        let result = match result {
            Ok(locale) => {
                auth::send_sign_in_link(
                    cx,
                    &public_url,
                    &input.email,
                    info.client_ip.as_deref(),
                    locale,
                )
                .await
            }
            Err(err) => Err(err),
        };
        let (sent, user_errors) = outcome(result)?;
        Ok(RequestSignInLinkPayload {
            sent: sent.is_some(),
            user_errors,
        })
    }

    /// Changes the signed-in viewer's own settings: the language of their
    /// mail (`locale`). Needs a session or a read-write token.
    async fn update_viewer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What changes.")] input: UpdateViewerInput,
    ) -> async_graphql::Result<UpdateViewerPayload> {
        let cx = service_cx(ctx)?;
        let result = match input.locale {
            MaybeUndefined::Undefined => Ok(None),
            MaybeUndefined::Null => Ok(Some(None)),
            MaybeUndefined::Value(tag) => parse_locale("locale", tag.trim()).map(|l| Some(Some(l))),
        };
        let result = match result {
            Ok(locale) => people::update_viewer(cx, people::ViewerChanges { locale }).await,
            Err(err) => Err(err),
        };
        let (person, user_errors) = outcome(result)?;
        Ok(UpdateViewerPayload {
            viewer: person.map(Viewer),
            user_errors,
        })
    }

    /// Exchanges the token of a sign-in link for a session.
    async fn sign_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token.")] input: SignInInput,
    ) -> async_graphql::Result<SignInPayload> {
        let cx = service_cx(ctx)?;
        let settings = ctx.data::<auth::AuthSettings>()?;
        let (session, user_errors) = outcome(auth::sign_in(cx, settings, &input.token).await)?;
        Ok(match session {
            Some(session) => SignInPayload {
                session_token: Some(session.token),
                expires_at: Some(session.expires_at),
                viewer: Some(Viewer(session.person)),
                user_errors,
            },
            None => SignInPayload {
                session_token: None,
                expires_at: None,
                viewer: None,
                user_errors,
            },
        })
    }

    /// Ends the current session.
    async fn sign_out(&self, ctx: &Context<'_>) -> async_graphql::Result<SignOutPayload> {
        let (done, user_errors) = outcome(auth::sign_out(service_cx(ctx)?).await)?;
        Ok(SignOutPayload {
            signed_out: done.is_some(),
            user_errors,
        })
    }

    /// Creates a personal API token for integrations (needs a signed-in session).
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Name and scope.")] input: CreateApiTokenInput,
    ) -> async_graphql::Result<CreateApiTokenPayload> {
        let cx = service_cx(ctx)?;
        let (created, user_errors) =
            outcome(auth::create_api_token(cx, &input.name, input.scope.into()).await)?;
        Ok(match created {
            Some(created) => CreateApiTokenPayload {
                token: Some(created.token),
                api_token: Some(ApiToken(created.record)),
                user_errors,
            },
            None => CreateApiTokenPayload {
                token: None,
                api_token: None,
                user_errors,
            },
        })
    }

    /// Revokes one of the viewer's API tokens (idempotent).
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which token.")] input: RevokeApiTokenInput,
    ) -> async_graphql::Result<RevokeApiTokenPayload> {
        let id = match decode_any(&input.id) {
            Some((kind, id)) if kind == "ApiToken" => id,
            _ => {
                return Err(bad_input(format!(
                    "{:?} is not an API token id",
                    input.id.as_str()
                )));
            }
        };
        let (token, user_errors) = outcome(auth::revoke_api_token(service_cx(ctx)?, id).await)?;
        Ok(RevokeApiTokenPayload {
            api_token: token.map(ApiToken),
            user_errors,
        })
    }

    /// Everything Träffpunkt stores about the viewer, as JSON.
    async fn export_my_data(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<ExportMyDataPayload> {
        let (data, user_errors) = outcome(privacy::export_my_data(service_cx(ctx)?).await)?;
        Ok(ExportMyDataPayload {
            data: data.map(Json),
            user_errors,
        })
    }

    /// Erases the viewer's account; their registrations stay, anonymised, so
    /// that counts and statistics remain right.
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Confirmation.")] input: DeleteMyAccountInput,
    ) -> async_graphql::Result<DeleteMyAccountPayload> {
        let (done, user_errors) =
            outcome(privacy::delete_my_account(service_cx(ctx)?, &input.confirm_email).await)?;
        Ok(DeleteMyAccountPayload {
            deleted: done.is_some(),
            user_errors,
        })
    }
}
