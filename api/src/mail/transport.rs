//! Where mail goes: an SMTP relay (`SMTP_URL`, pooled connections), or, when
//! none is configured, `.eml` files under `{data dir}/mail/` that a newcomer
//! can open. Every send error is classified as transient (retry later) or
//! permanent (give up), so nothing retries forever.

use std::path::PathBuf;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::Config;

/// How long one SMTP command may take; well below the claim lease, so a
/// stuck send cannot outlive the worker's claim on its row.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured mail transport.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP relay, with a connection pool.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a directory.
    File {
        /// lettre's file transport.
        transport: AsyncFileTransport<Tokio1Executor>,
        /// The directory it writes to.
        dir: PathBuf,
    },
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the SMTP URL: it may hold a password.
        match self {
            Self::Smtp(_) => f.write_str("Transport::Smtp"),
            Self::File { dir, .. } => write!(f, "Transport::File({})", dir.display()),
        }
    }
}

/// A transport that cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// `SMTP_URL` is not a URL lettre understands.
    #[error(
        "SMTP_URL is not a valid SMTP URL (smtp://host:port, smtp://…?tls=required, smtps://…): {0}"
    )]
    Url(lettre::transport::smtp::Error),
    /// The mail directory cannot be created.
    #[error("cannot create mail directory {path}: {source}")]
    Dir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Whether trying again may help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// A 4xx reply, a dropped connection, a timeout: retry with backoff.
    Transient,
    /// A 5xx reply, an invalid address, a message the server cannot take: fail now.
    Permanent,
}

/// A failed send, classified; `message` is stored with the row (never logged,
/// as servers quote addresses in their replies).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// Retry or not.
    pub class: ErrorClass,
    /// The SMTP reply code, when the server answered.
    pub code: Option<u16>,
    /// What went wrong.
    pub message: String,
}

impl SendError {
    /// A permanent error with this message.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            class: ErrorClass::Permanent,
            code: None,
            message: message.into(),
        }
    }
}

impl Transport {
    /// The transport the configuration asks for.
    pub fn from_config(config: &Config) -> Result<Self, TransportError> {
        match config.mail.smtp_url() {
            Some(url) => {
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(TransportError::Url)?
                    .timeout(Some(SMTP_TIMEOUT))
                    .pool_config(
                        PoolConfig::new()
                            .max_size(u32::from(config.mail.mail_concurrency.max(1)))
                            .idle_timeout(Duration::from_secs(60)),
                    );
                // The EHLO name: the URL's path when given, else our domain.
                let has_ehlo_path = url
                    .split_once("://")
                    .and_then(|(_, rest)| rest.split_once('/'))
                    .is_some_and(|(_, path)| {
                        !path.split('?').next().unwrap_or_default().is_empty()
                    });
                if !has_ehlo_path && let Ok(sender) = super::message::Sender::from_config(config) {
                    builder =
                        builder.hello_name(lettre::transport::smtp::extension::ClientId::Domain(
                            sender.message_id_domain,
                        ));
                }
                Ok(Self::Smtp(builder.build()))
            }
            None => {
                let dir = config.data_dir.join("mail");
                std::fs::create_dir_all(&dir).map_err(|source| TransportError::Dir {
                    path: dir.clone(),
                    source,
                })?;
                Ok(Self::File {
                    transport: AsyncFileTransport::new(&dir),
                    dir,
                })
            }
        }
    }

    /// A short name for logs: `smtp` or `file`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Smtp(_) => "smtp",
            Self::File { .. } => "file",
        }
    }

    /// Sends one message.
    pub async fn send(&self, message: &lettre::Message) -> Result<(), SendError> {
        match self {
            Self::Smtp(smtp) => smtp
                .send(message.clone())
                .await
                .map(|_| ())
                .map_err(|err| classify(&err)),
            Self::File { transport, .. } => transport
                .send(message.clone())
                .await
                .map(|_| ())
                .map_err(|err| SendError {
                    // A full disk or a permission problem may be fixed by an operator.
                    class: ErrorClass::Transient,
                    code: None,
                    message: err.to_string(),
                }),
        }
    }

    /// Closes pooled connections.
    pub async fn shutdown(&self) {
        if let Self::Smtp(smtp) = self {
            smtp.shutdown().await;
        }
    }
}

/// Classifies an SMTP error: a 5xx reply is permanent, a 4xx reply transient.
/// A "client" error is lettre refusing to go on: when it refuses this message
/// (a non-ASCII address to a server without SMTPUTF8, non-ASCII content
/// without 8BITMIME) the same message would be refused again, so it is
/// permanent; when it refuses the connection (no STARTTLS, no common AUTH
/// mechanism) an operator can fix the relay, so it is transient. Connection,
/// network, TLS, timeout and unreadable replies are transient too. Attempts
/// are bounded, so even a misjudged transient error cannot retry forever.
pub fn classify(err: &lettre::transport::smtp::Error) -> SendError {
    let message = err.to_string();
    let code = err
        .status()
        .and_then(|code| code.to_string().parse::<u16>().ok());
    let refuses_message =
        err.is_client() && (message.contains("SMTPUTF8") || message.contains("8BITMIME"));
    let class = if err.is_permanent() || refuses_message {
        ErrorClass::Permanent
    } else {
        ErrorClass::Transient
    };
    SendError {
        class,
        code,
        message,
    }
}
