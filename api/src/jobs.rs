//! Scheduled work beside the server (or alone, as `traffpunkt worker`): the
//! service jobs that queue mail (due reminders, seats held for guests that
//! lapsed), the mail worker that sends it and the webhook worker that
//! delivers the webhooks the same writes queued, and the hourly purge of
//! mail past its retention. The loop lives here, so that `mail` stays
//! infrastructure that knows nothing of the services, and the worker process
//! builds no GraphQL schema.
//!
//! [`Jobs::run_once`] runs one pass and returns; tests drive it,
//! deterministically. [`Jobs::run`] loops until told to stop, then gives
//! back the mail claims it did not finish.

use std::time::Duration as StdDuration;

use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::mail::{MailState, Worker};
use crate::service::{self, registrations, reminders};
use crate::webhooks::WebhookWorker;

/// How often an idle runner looks for due work.
const POLL_INTERVAL: StdDuration = StdDuration::from_secs(2);

/// How often a running runner clears the content of mail past its retention
/// (it looks at every finished row without an index: not on every pass).
const PURGE_INTERVAL: StdDuration = StdDuration::from_secs(3600);

/// The job runner: the service jobs and a mail worker with its id.
#[derive(Debug)]
pub struct Jobs {
    mail: Worker,
    webhooks: WebhookWorker,
    db: DatabaseConnection,
    clock: Clock,
    public_url: String,
    /// ORGANIZER of invitations when the network has no accepted contact.
    organizer: crate::calendar::ics::Organizer,
}

impl Jobs {
    /// A runner over the mail state, with a mail worker of a fresh id;
    /// `public_url` is the base of the links in the mails the jobs queue.
    pub fn new(mail: &MailState, public_url: &str) -> Self {
        Self::with_worker(Worker::new(mail), mail, public_url)
    }

    /// A runner whose mail worker has the given id (tests use it to play
    /// two processes).
    pub fn with_id(mail: &MailState, public_url: &str, id: impl Into<String>) -> Self {
        Self::with_worker(Worker::with_id(mail, id), mail, public_url)
    }

    fn with_worker(worker: Worker, mail: &MailState, public_url: &str) -> Self {
        let webhooks = WebhookWorker::new(
            mail.db.clone(),
            mail.clock.clone(),
            mail.webhooks.clone(),
            worker.id(),
        );
        Self {
            mail: worker,
            webhooks,
            db: mail.db.clone(),
            clock: mail.clock.clone(),
            public_url: public_url.to_owned(),
            organizer: mail.mailer.sender.invitation_organizer(),
        }
    }

    /// The mail worker this runner drives.
    pub fn mail(&self) -> &Worker {
        &self.mail
    }

    /// The webhook worker this runner drives.
    pub fn webhooks(&self) -> &WebhookWorker {
        &self.webhooks
    }

    /// One pass: queues due reminders and releases lapsed held seats (so
    /// their mails go out in this same pass), then sends every mail and
    /// delivers every webhook that is due; returns how many mails and
    /// webhook attempts it finished (see [`Worker::run_once`] and
    /// [`WebhookWorker::run_once`]).
    pub async fn run_once(&self) -> Result<usize, DbErr> {
        self.queue_due().await;
        let mails = self.mail.run_once().await?;
        let webhooks = self.webhooks.run_once().await?;
        Ok(mails + webhooks)
    }

    /// Runs until `stop` turns true, then gives back unfinished claims.
    pub async fn run(&self, mut stop: watch::Receiver<bool>) {
        let worker = self.mail.id();
        tracing::info!(
            worker,
            transport = self.mail.transport_kind(),
            "mail worker started"
        );
        let mut purged_at: Option<Instant> = None;
        loop {
            if *stop.borrow() {
                break;
            }
            if purged_at.is_none_or(|at| at.elapsed() >= PURGE_INTERVAL) {
                purged_at = Some(Instant::now());
                match self.mail.purge_expired().await {
                    Ok(0) => {}
                    Ok(purged) => {
                        tracing::info!(worker, purged, "cleared mail past its retention")
                    }
                    Err(err) => {
                        tracing::warn!(worker, error = %err, "clearing mail past its retention failed")
                    }
                }
            }
            self.queue_due().await;
            if let Err(err) = self.mail.send_due(&stop).await {
                tracing::warn!(worker, error = %err, "mail worker pass failed");
            }
            if let Err(err) = self.webhooks.run_once().await {
                tracing::warn!(worker, error = %err, "webhook pass failed");
            }
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                () = tokio::time::sleep(POLL_INTERVAL) => {}
            }
        }
        self.mail.release_claims().await;
        self.webhooks.release_claims().await;
        tracing::info!(worker, "mail worker stopped");
    }

    /// The service jobs that queue mail; a failure is logged and the pass
    /// goes on to send what is queued.
    async fn queue_due(&self) {
        let worker = self.mail.id();
        // Due reminders first, so their mails go out in this same pass.
        if let Err(err) = self.queue_reminders().await {
            tracing::warn!(worker, error = %err, "queueing due reminders failed");
        }
        // Seats held for guests who never confirmed their address pass on
        // (their promotion mails go out in this same pass).
        if let Err(err) = self.release_lapsed_holds().await {
            tracing::warn!(worker, error = %err, "releasing lapsed held seats failed");
        }
        // Organisers hear of the endpoints the webhook worker disabled.
        if let Err(err) = self.mail_disabled_webhooks().await {
            tracing::warn!(worker, error = %err, "mailing of disabled webhooks failed");
        }
    }

    /// Mails the organisers of the networks whose webhook endpoints were
    /// disabled (see [`service::webhooks::mail_disabled`]).
    pub async fn mail_disabled_webhooks(&self) -> service::Result<usize> {
        service::webhooks::mail_disabled(&self.system_context()).await
    }

    /// Turns due reminders into outbox rows (see [`reminders::run_due`]).
    pub async fn queue_reminders(&self) -> service::Result<usize> {
        reminders::run_due(&self.system_context()).await
    }

    /// Cancels registrations whose held seat lapsed and fills the seats
    /// from the waiting lists (see [`registrations::release_lapsed_holds`]).
    pub async fn release_lapsed_holds(&self) -> service::Result<usize> {
        registrations::release_lapsed_holds(&self.system_context()).await
    }

    /// The context the jobs run in: links and invitations as the server
    /// writes them.
    fn system_context(&self) -> service::Context {
        service::Context::system(self.db.clone(), self.clock.clone())
            .with_public_url(&self.public_url)
            .with_mail_organizer(self.organizer.clone())
    }
}
