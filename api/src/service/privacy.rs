//! A person's own data: export everything stored about them (GDPR art. 15),
//! and erase their account (art. 17) while keeping counts and statistics
//! right: past registrations stay, anonymised; upcoming ones are cancelled so
//! their seats go to the waiting list; mail to them stays only as delivery
//! records.
//!
//! What erasure does to each table that names a person:
//!
//! | table | erasure |
//! |---|---|
//! | `people` | deleted |
//! | `network_roles`, `network_contacts`, `sessions`, `api_tokens`, `feed_tokens` | deleted with the person (foreign keys cascade) |
//! | `registrations` | upcoming ones cancelled; all lose person, guest name and address, answers, needs, manage and unsubscribe tokens, the organiser's decision message |
//! | `registration_links` | deleted for their registrations |
//! | `registration_history` | their registrations' notes cleared; `actor_person_id` cleared where they acted (it has no foreign key) |
//! | `speakers` | person cleared, name replaced |
//! | `reminders` | `created_by` cleared |
//! | `outbox` | rows for them or their address: content cleared, pending ones skipped; their address as another mail's reply-to, and their `ORGANIZER`/`ATTENDEE` lines in other mail's invitations, cleared ([`mail::outbox::erase_recipient`]) |
//! | `sign_in_tokens` | rows for their address deleted (these are also the rate-limit records) |
//! | `theme_suggestions` | theirs (signed in, or sent as a guest from their address) lose person, guest name and address; the title, description and follow-ups stay, as the network's public record |
//! | `theme_suggestion_links` | deleted for those suggestions (the follow links mailed to them stop working) |
//! | `theme_suggestion_updates` | `actor_person_id` cleared where they acted |
//! | `project_admissions` | person cleared (the foreign key sets it null); the organisation's admission stays |
//! | `webhook_deliveries` | rows whose body names them (their id or address): body cleared, pending ones skipped ([`super::webhooks::erase_mentions`]) |

use entities::{
    api_token, feed_token, network, network_contact, network_role, outbox, person,
    project_admission, registration, registration_history, registration_link, reminder, session,
    sign_in_token, speaker, theme_suggestion, theme_suggestion_link, theme_suggestion_update,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};

use super::{Context, Error, ErrorCode, Result, policy};
use crate::ids::PersonId;
use crate::mail::{self, MailAddress};

/// The forms a person's address takes in stored rows, lower-cased: as
/// stored on the person, and as mail is addressed (IDNA-encoded domain).
fn address_forms(email: &str) -> Vec<String> {
    let mut forms = vec![email.trim().to_lowercase()];
    if let Ok(address) = MailAddress::parse(email) {
        let sent = address.to_string().to_lowercase();
        if !forms.contains(&sent) {
            forms.push(sent);
        }
    }
    forms
}

/// Rows of the outbox that are mail to this person (by id or by address).
fn mail_to(person: PersonId, addresses: &[String]) -> Condition {
    Condition::any()
        .add(outbox::Column::PersonId.eq(person.0))
        .add(
            Expr::expr(Func::lower(Expr::col(outbox::Column::RecipientEmail)))
                .is_in(addresses.iter().map(String::as_str)),
        )
}

/// Theme suggestions that are this person's: sent signed in, or as a guest
/// from their address.
fn suggestions_of(person: PersonId, addresses: &[String]) -> Condition {
    Condition::any()
        .add(theme_suggestion::Column::PersonId.eq(person.0))
        .add(
            Expr::expr(Func::lower(Expr::col(theme_suggestion::Column::GuestEmail)))
                .is_in(addresses.iter().map(String::as_str)),
        )
}

/// Everything stored about the viewer, as JSON.
#[tracing::instrument(skip_all)]
pub async fn export_my_data(cx: &Context) -> Result<Value> {
    let me = policy::require_signed_in(cx)?.person_id;
    let person = person::Entity::find_by_id(me.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let networks: std::collections::HashMap<uuid::Uuid, String> = network::Entity::find()
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.slug))
        .collect();
    let slug = |id: &uuid::Uuid| networks.get(id).cloned().unwrap_or_default();
    let roles = network_role::Entity::find()
        .filter(network_role::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let contacts = network_contact::Entity::find()
        .filter(network_contact::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let registrations = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(me.0))
        .order_by_asc(registration::Column::CreatedAt)
        .all(&cx.db)
        .await?;
    let speaking = speaker::Entity::find()
        .filter(speaker::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let feeds = feed_token::Entity::find()
        .filter(feed_token::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let suggestions = theme_suggestion::Entity::find()
        .filter(suggestions_of(me, &address_forms(&person.email)))
        .order_by_asc(theme_suggestion::Column::CreatedAt)
        .all(&cx.db)
        .await?;
    let admissions = project_admission::Entity::find()
        .filter(project_admission::Column::PersonId.eq(me.0))
        .order_by_asc(project_admission::Column::AdmittedAt)
        .all(&cx.db)
        .await?;
    let mails = outbox::Entity::find()
        .filter(mail_to(me, &address_forms(&person.email)))
        .order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Id)
        .all(&cx.db)
        .await?;
    Ok(json!({
        "person": {
            "id": person.id, "name": person.name, "email": person.email, "title": person.title,
            "organisationId": person.organisation_id, "locale": person.locale,
            "isPlatformAdmin": person.is_platform_admin,
            "createdAt": person.created_at, "updatedAt": person.updated_at,
        },
        "networkRoles": roles.iter().map(|r| json!({ "network": slug(&r.network_id), "role": r.role.as_str(), "since": r.created_at })).collect::<Vec<_>>(),
        "contactFor": contacts.iter().map(|c| json!({ "network": slug(&c.network_id), "label": c.label })).collect::<Vec<_>>(),
        "registrations": registrations.iter().map(|r| json!({
            "id": r.id, "eventId": r.event_id, "status": r.status.as_str(), "mode": r.mode.as_str(),
            "answers": r.answers, "accessibilityNeeds": r.accessibility_needs, "dietaryNeeds": r.dietary_needs,
            "consentText": r.consent_text, "consentedAt": r.consented_at, "checkedInAt": r.checked_in_at,
            "locale": r.locale, "createdAt": r.created_at, "updatedAt": r.updated_at,
        })).collect::<Vec<_>>(),
        "speakerAt": speaking.iter().map(|s| json!({ "eventId": s.event_id, "name": s.name, "affiliation": s.affiliation, "role": s.role, "status": s.status.as_str() })).collect::<Vec<_>>(),
        "apiTokens": tokens.iter().map(|t| json!({ "name": t.name, "scope": t.scope.as_str(), "createdAt": t.created_at, "lastUsedAt": t.last_used_at, "revokedAt": t.revoked_at })).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|s| json!({ "createdAt": s.created_at, "lastSeenAt": s.last_seen_at, "expiresAt": s.expires_at, "revokedAt": s.revoked_at })).collect::<Vec<_>>(),
        "calendarFeeds": feeds.iter().map(|f| json!({ "createdAt": f.created_at, "revokedAt": f.revoked_at, "includeFollowedNetworks": f.include_followed_networks })).collect::<Vec<_>>(),
        "themeSuggestions": suggestions.iter().map(|t| json!({
            "network": slug(&t.network_id), "title": t.title, "description": t.description,
            "status": t.status.as_str(), "published": t.published, "guestName": t.guest_name,
            "guestEmail": t.guest_email, "locale": t.locale, "createdAt": t.created_at,
        })).collect::<Vec<_>>(),
        "projectAdmissions": admissions.iter().map(|a| json!({
            "network": slug(&a.network_id), "registrationId": a.registration_id,
            "organisationId": a.organisation_id, "admittedAt": a.admitted_at, "withdrawnAt": a.withdrawn_at,
        })).collect::<Vec<_>>(),
        "mails": mails.iter().map(mail_json).collect::<Vec<_>>(),
    }))
}

/// One mail of the export. Content is shown while the outbox still holds it
/// (`MAIL_RETENTION_DAYS`); a sign-in link's is never (it is a secret, and
/// wiped once sent anyway).
fn mail_json(row: &outbox::Model) -> Value {
    let retained = |text: &str| (!row.sensitive && !text.is_empty()).then(|| text.to_owned());
    json!({
        "kind": row.kind, "status": row.status.as_str(), "subject": retained(&row.subject),
        "to": retained(&row.recipient_email), "body": retained(&row.body_text),
        "eventId": row.event_id, "registrationId": row.registration_id,
        "createdAt": row.created_at, "sentAt": row.sent_at,
    })
}

/// Erases the viewer, in one transaction (see the module documentation for
/// every table): their upcoming registrations are cancelled without mailing
/// them, and the waiting lists move up; the person, their roles, contacts,
/// sessions, tokens and feeds go; their registrations stay for counts and
/// statistics with every personal field cleared; speaker entries keep their
/// place without a name; mail to them stays as delivery records only.
/// `confirm_email` must be the viewer's address.
#[tracing::instrument(skip_all)]
pub async fn delete_my_account(cx: &Context, confirm_email: &str) -> Result<()> {
    let me = policy::require_write(cx)?.person_id;
    let person = person::Entity::find_by_id(me.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if confirm_email.trim().to_lowercase() != person.email {
        return Err(Error::field(
            "confirmEmail",
            ErrorCode::Invalid,
            "type your own email address to confirm",
        ));
    }
    let addresses = address_forms(&person.email);
    let now = cx.clock.now();
    // One unit, run once more on a fresh connection after a fault.
    super::tx::Tx::retrying(cx, || async {
        let tx = super::tx::Tx::begin(cx).await?;
        let txn = tx.db();
        // First, while they are still a person: their seats go on, mailed to the
        // next in line; nothing is mailed to them.
        super::registrations::cancel_for_erasure(&tx, me).await?;
        mail::outbox::erase_recipient(txn, Some(me), &addresses, now).await?;
        super::webhooks::erase_mentions(txn, me, &addresses, now).await?;
        sign_in_token::Entity::delete_many()
            .filter(
                Expr::expr(Func::lower(Expr::col(sign_in_token::Column::Email)))
                    .is_in(addresses.iter().map(String::as_str)),
            )
            .exec(txn)
            .await?;
        let theirs_filter = || {
            Condition::any()
                .add(registration::Column::PersonId.eq(me.0))
                .add(
                    Expr::expr(Func::lower(Expr::col(registration::Column::GuestEmail)))
                        .is_in(addresses.iter().map(String::as_str)),
                )
        };
        // Links mailed to them stop working: the registrations stay only as counts.
        let theirs: Vec<uuid::Uuid> = registration::Entity::find()
            .select_only()
            .column(registration::Column::Id)
            .filter(theirs_filter())
            .into_tuple()
            .all(txn)
            .await?;
        for chunk in theirs.chunks(500) {
            registration_link::Entity::delete_many()
                .filter(registration_link::Column::RegistrationId.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
            // An organiser's message to them may name them.
            registration_history::Entity::update_many()
                .col_expr(
                    registration_history::Column::Note,
                    Expr::value(Option::<String>::None),
                )
                .filter(registration_history::Column::RegistrationId.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
        // No foreign key clears it: who made a change is not kept past them.
        registration_history::Entity::update_many()
            .col_expr(
                registration_history::Column::ActorPersonId,
                Expr::value(Option::<uuid::Uuid>::None),
            )
            .filter(registration_history::Column::ActorPersonId.eq(me.0))
            .exec(txn)
            .await?;
        reminder::Entity::update_many()
            .col_expr(
                reminder::Column::CreatedBy,
                Expr::value(Option::<uuid::Uuid>::None),
            )
            .filter(reminder::Column::CreatedBy.eq(me.0))
            .exec(txn)
            .await?;
        registration::Entity::update_many()
            .col_expr(
                registration::Column::PersonId,
                Expr::value(Option::<uuid::Uuid>::None),
            )
            .col_expr(
                registration::Column::GuestName,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                registration::Column::GuestEmail,
                Expr::value(Option::<String>::None),
            )
            .col_expr(registration::Column::Answers, Expr::value(json!({})))
            .col_expr(
                registration::Column::AccessibilityNeeds,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                registration::Column::DietaryNeeds,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                registration::Column::CancelTokenHash,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                registration::Column::ReminderToken,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                registration::Column::DecisionMessage,
                Expr::value(Option::<String>::None),
            )
            .filter(theirs_filter())
            .exec(txn)
            .await?;
        // Their theme suggestions stay as the network's public record, without them.
        let suggested: Vec<uuid::Uuid> = theme_suggestion::Entity::find()
            .select_only()
            .column(theme_suggestion::Column::Id)
            .filter(suggestions_of(me, &addresses))
            .into_tuple()
            .all(txn)
            .await?;
        for chunk in suggested.chunks(500) {
            theme_suggestion_link::Entity::delete_many()
                .filter(theme_suggestion_link::Column::SuggestionId.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
            theme_suggestion::Entity::update_many()
                .col_expr(
                    theme_suggestion::Column::PersonId,
                    Expr::value(Option::<uuid::Uuid>::None),
                )
                .col_expr(
                    theme_suggestion::Column::GuestName,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    theme_suggestion::Column::GuestEmail,
                    Expr::value(Option::<String>::None),
                )
                .filter(theme_suggestion::Column::Id.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
        theme_suggestion_update::Entity::update_many()
            .col_expr(
                theme_suggestion_update::Column::ActorPersonId,
                Expr::value(Option::<uuid::Uuid>::None),
            )
            .filter(theme_suggestion_update::Column::ActorPersonId.eq(me.0))
            .exec(txn)
            .await?;
        speaker::Entity::update_many()
            .col_expr(
                speaker::Column::PersonId,
                Expr::value(Option::<uuid::Uuid>::None),
            )
            .col_expr(speaker::Column::Name, Expr::value("(borttagen)"))
            .filter(speaker::Column::PersonId.eq(me.0))
            .exec(txn)
            .await?;
        // Roles, contacts, sessions, API tokens and feed tokens go with the person.
        person::Entity::delete_by_id(me.0).exec(txn).await?;
        // The waiting lists' mails and seat updates go with the commit.
        tx.commit().await?;
        Ok(())
    })
    .await
}
