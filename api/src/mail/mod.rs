//! Email: what Träffpunkt writes, how it is queued, and how it is sent.
//!
//! # Sending a mail
//!
//! Build an [`Outgoing`] and [`enqueue`] it **through the transaction of the
//! action that causes it** (any `ConnectionTrait`: a `DatabaseTransaction` or
//! the pool). The mail is rendered and stored as an outbox row; it goes out
//! only if that transaction commits, and a worker sends it soon after:
//!
//! ```no_run
//! # async fn example(txn: &sea_orm::DatabaseTransaction, clock: &api::clock::Clock,
//! #     person: api::ids::PersonId) -> Result<(), api::mail::EnqueueError> {
//! use api::mail::{self, MailKind, Outgoing, Recipient};
//!
//! let kind = MailKind::SignInLink {
//!     name: Some("Åsa Öberg".into()),
//!     link: "https://traffpunkt.example.se/sign-in?token=…".into(),
//!     token: None,
//!     expires_in_minutes: 15,
//! };
//! let to = Recipient::new("ase@tromsø.kommune.no", "Åsa Öberg").person(person);
//! let expires = clock.now() + chrono::Duration::minutes(15);
//! mail::enqueue(txn, clock, Outgoing::new(to, kind).not_after(expires)).await?;
//! # Ok(()) }
//! ```
//!
//! - **Language**: [`Outgoing::locale`] (a sign-in link: the language of
//!   the page or request that asked for it), else the language of
//!   [`Outgoing::registration`] (the one it was made in), else the person's
//!   preference (`updateViewer`), else the network's default, else Swedish
//!   ([`crate::i18n::Locale::choose`]).
//! - **Sender**: `MAIL_FROM`'s address; with [`Outgoing::network`] the
//!   network's name as display name and its first contact person as
//!   `Reply-To` (else `MAIL_REPLY_TO`).
//! - **Calendar**: [`Outgoing::invitation`] attaches `invite.ics` with
//!   `METHOD:REQUEST` or `METHOD:CANCEL` and the feeds' UID
//!   ([`crate::calendar::event_uid`]); services build a participant's with
//!   `service::calendar::invitation` (current SEQUENCE, ORGANIZER always,
//!   the recipient as ATTENDEE).
//! - **Idempotence**: [`Outgoing::dedupe_key`] makes a second enqueue a no-op.
//! - **Secrets**: a sign-in link's body is wiped from the outbox once the
//!   mail is done; [`Outgoing::not_after`] skips it when it would arrive
//!   expired.
//! - **Retention**: workers clear the content of finished mail after
//!   `MAIL_RETENTION_DAYS` ([`Worker::purge_expired`]), and erasing an
//!   account clears that person's at once ([`outbox::erase_recipient`]);
//!   the delivery record (kind, status, times, what it belongs to) stays.
//!
//! # Modules
//!
//! - [`template`]: the mail kinds ([`MailKind`]), built from the
//!   phrases in [`crate::i18n::mail`];
//!   [`custom`]: organiser-written text with `{{placeholders}}`; [`html`]:
//!   escaping, links and rich text;
//! - [`address`]: addresses with IDNA domains; [`crate::i18n`]: languages;
//! - [`outbox`]: enqueue, claim with a lease, record outcomes;
//! - [`message`]: an outbox row as a MIME message; [`transport`]: SMTP or
//!   `.eml` files, and error classification;
//! - [`worker`]: claims due rows, sends them and records the outcome, with
//!   a [`MailState`] of its own; the loop that drives it (in `serve` and
//!   `traffpunkt worker`) and the jobs that queue mail are `crate::jobs`.
//!
//! Nothing here imports the services, the GraphQL layer or the app: mail is
//! infrastructure they use.

pub mod address;
pub mod custom;
pub mod html;
pub mod message;
pub mod outbox;
pub mod template;
pub mod transport;
pub mod worker;

#[cfg(test)]
mod snapshot_tests;

pub use address::{AddressError, MailAddress};
pub use custom::{Template, TemplateError};
pub use outbox::{EnqueueError, Invitation, Outgoing, Recipient, enqueue, enqueue_many};
pub use template::{CustomText, EventChange, MailCode, MailKind, Rendered};
pub use worker::{MailState, Worker};

use crate::config::Config;

/// What a worker sends with: the transport and the sender, built once from
/// the configuration and shared.
#[derive(Debug)]
pub struct Mailer {
    /// SMTP or files.
    pub transport: transport::Transport,
    /// `MAIL_FROM`, `MAIL_REPLY_TO` and the `Message-ID` domain.
    pub sender: message::Sender,
}

/// A mail configuration that cannot work.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A bad address in the configuration.
    #[error(transparent)]
    Sender(#[from] message::SenderError),
    /// A bad `SMTP_URL` or an unusable mail directory.
    #[error(transparent)]
    Transport(#[from] transport::TransportError),
}

impl Mailer {
    /// The mailer the configuration describes.
    pub fn from_config(config: &Config) -> Result<Self, SetupError> {
        Ok(Self {
            sender: message::Sender::from_config(config)?,
            transport: transport::Transport::from_config(config)?,
        })
    }
}
