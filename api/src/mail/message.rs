//! Turning an outbox row into an RFC 5322 message: `multipart/alternative`
//! text and HTML (inside `multipart/mixed` with the `.ics` when there is one),
//! encoded headers (lettre writes non-ASCII display names and subjects as
//! RFC 2047 encoded words), IDNA domains, a `Message-ID` that stays the same
//! on every attempt, and `List-Unsubscribe` with one-click `List-Unsubscribe-Post`.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use entities::outbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::address::{AddressError, MailAddress, NamedAddress};
use crate::config::Config;

/// Who mail comes from, read once from the configuration.
#[derive(Debug, Clone)]
pub struct Sender {
    /// `MAIL_FROM`: the address every mail is sent from, and the display name
    /// of mail that belongs to no network.
    pub from: NamedAddress,
    /// `MAIL_REPLY_TO`: the reply address of mail without a contact person.
    pub reply_to: Option<NamedAddress>,
    /// `MAIL_ORGANIZER`, else `MAIL_FROM`'s address without its name: the
    /// `ORGANIZER` of invitations whose network has no accepted contact
    /// person (without a name, the network's shows, as in `From`).
    pub organizer: NamedAddress,
    /// The domain of `Message-ID`s: `PUBLIC_URL`'s host when it is a domain
    /// name, else `MAIL_FROM`'s.
    pub message_id_domain: String,
}

/// A configuration that cannot send mail.
#[derive(Debug, thiserror::Error)]
pub enum SenderError {
    /// `MAIL_FROM` is not an address.
    #[error("MAIL_FROM is not a valid address: {0}")]
    From(AddressError),
    /// `MAIL_REPLY_TO` is not an address.
    #[error("MAIL_REPLY_TO is not a valid address: {0}")]
    ReplyTo(AddressError),
    /// `MAIL_ORGANIZER` is not an address.
    #[error("MAIL_ORGANIZER is not a valid address: {0}")]
    Organizer(AddressError),
}

impl Sender {
    /// The sender the configuration describes.
    pub fn from_config(config: &Config) -> Result<Self, SenderError> {
        let from = NamedAddress::parse(&config.mail.mail_from).map_err(SenderError::From)?;
        let reply_to = config
            .mail
            .mail_reply_to
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(NamedAddress::parse)
            .transpose()
            .map_err(SenderError::ReplyTo)?;
        let organizer = match config
            .mail
            .mail_organizer
            .as_deref()
            .filter(|o| !o.trim().is_empty())
        {
            Some(given) => NamedAddress::parse(given).map_err(SenderError::Organizer)?,
            None => NamedAddress {
                name: None,
                address: from.address.clone(),
            },
        };
        let message_id_domain = url_host(&config.public_url())
            .filter(|host| is_domain_name(host))
            .unwrap_or_else(|| from.address.domain().to_owned());
        Ok(Self {
            from,
            reply_to,
            organizer,
            message_id_domain,
        })
    }

    /// The fallback `ORGANIZER` of invitations, as the calendar writes it; a
    /// blank name stands for the network's.
    pub fn invitation_organizer(&self) -> crate::calendar::ics::Organizer {
        crate::calendar::ics::Organizer {
            name: self.organizer.name.clone().unwrap_or_default(),
            email: self.organizer.address.to_string(),
        }
    }

    /// The `Message-ID` of an outbox row, with angle brackets.
    pub fn message_id(&self, row: &outbox::Model) -> String {
        format!("<{}@{}>", row.id.simple(), self.message_id_domain)
    }
}

/// The host of an absolute URL, IDNA-encoded.
fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return None; // an IPv6 literal
    }
    let host = host_port.split(':').next()?;
    idna::domain_to_ascii(host).ok().filter(|h| !h.is_empty())
}

/// A dotted name that is not an IP address and not `localhost` (no mail
/// domain of ours is).
fn is_domain_name(host: &str) -> bool {
    host.contains('.')
        && host.parse::<std::net::IpAddr>().is_err()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// Why a row cannot become a message; sending it again would not help.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The recipient's address is not valid.
    #[error("invalid recipient address: {0}")]
    Recipient(AddressError),
    /// The reply-to address is not valid.
    #[error("invalid reply-to address: {0}")]
    ReplyTo(AddressError),
    /// lettre refused the message.
    #[error("cannot build message: {0}")]
    Lettre(#[from] lettre::error::Error),
}

const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");
const AUTO_SUBMITTED: HeaderName = HeaderName::new_from_ascii_str("Auto-Submitted");

/// The iTIP method written in an iCalendar text (`REQUEST`, `CANCEL` …).
fn ics_method(ics: &str) -> Option<&str> {
    ics.lines()
        .find_map(|line| line.strip_prefix("METHOD:"))
        .map(str::trim)
        .filter(|m| m.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn mailbox(name: Option<&str>, address: &MailAddress) -> Result<Mailbox, AddressError> {
    let name = name
        .map(|n| n.replace(['\r', '\n'], " ").trim().to_owned())
        .filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, address.to_lettre()?))
}

/// The message for `row`, dated `date`.
pub fn build(
    row: &outbox::Model,
    sender: &Sender,
    date: DateTime<Utc>,
) -> Result<lettre::Message, BuildError> {
    let to = MailAddress::parse(&row.recipient_email).map_err(BuildError::Recipient)?;
    let from_name = row.from_name.as_deref().or(sender.from.name.as_deref());
    let from = mailbox(from_name, &sender.from.address).map_err(BuildError::ReplyTo)?;
    let reply_to = match row.reply_to.as_deref() {
        Some(reply_to) => Some(
            MailAddress::parse(reply_to)
                .and_then(|a| mailbox(None, &a))
                .map_err(BuildError::ReplyTo)?,
        ),
        None => sender
            .reply_to
            .as_ref()
            .map(|r| mailbox(r.name.as_deref(), &r.address))
            .transpose()
            .map_err(BuildError::ReplyTo)?,
    };
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(mailbox(row.recipient_name.as_deref(), &to).map_err(BuildError::Recipient)?)
        .subject(row.subject.clone())
        .message_id(Some(sender.message_id(row)))
        .date(SystemTime::from(date))
        .raw_header(HeaderValue::new(
            AUTO_SUBMITTED,
            "auto-generated".to_owned(),
        ));
    if let Some(reply_to) = reply_to {
        builder = builder.reply_to(reply_to);
    }
    if let Some(url) = row.list_unsubscribe.as_deref() {
        builder = builder
            .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{url}>")))
            .raw_header(HeaderValue::new(
                LIST_UNSUBSCRIBE_POST,
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let alternative =
        MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone());
    let message = match row.ics.as_deref() {
        None => builder.multipart(alternative)?,
        Some(ics) => {
            let content_type = match ics_method(ics) {
                Some(method) => format!("text/calendar; charset=utf-8; method={method}"),
                None => "text/calendar; charset=utf-8".to_owned(),
            };
            let content_type = ContentType::parse(&content_type).unwrap_or(ContentType::TEXT_PLAIN);
            let attachment: SinglePart =
                Attachment::new("invite.ics".to_owned()).body(ics.to_owned(), content_type);
            builder.multipart(
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(attachment),
            )?
        }
    };
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            url_host("https://traffpunkt.example.se/x").as_deref(),
            Some("traffpunkt.example.se")
        );
        assert_eq!(
            url_host("http://user@träff.se:8080").as_deref(),
            Some("xn--trff-moa.se")
        );
        assert_eq!(url_host("http://[::1]:8080"), None);
        assert!(!is_domain_name("127.0.0.1"));
        assert!(!is_domain_name("localhost"));
        assert!(is_domain_name("traffpunkt.test"));
    }

    #[test]
    fn the_invitation_organizer_is_configured_or_the_sender_address() {
        let mut config = Config::for_tests("sqlite::memory:".to_owned(), "./data".into());
        let sender = Sender::from_config(&config).expect("valid");
        assert_eq!(
            sender.invitation_organizer(),
            crate::calendar::ics::Organizer {
                name: String::new(),
                email: "noreply@traffpunkt.test".to_owned(),
            },
            "MAIL_FROM's address; the network's name shows"
        );
        config.mail.mail_organizer = Some("Kalender <kalender@träff.se>".to_owned());
        let sender = Sender::from_config(&config).expect("valid");
        assert_eq!(sender.invitation_organizer().name, "Kalender");
        assert_eq!(
            sender.invitation_organizer().email,
            "kalender@xn--trff-moa.se"
        );
        config.mail.mail_organizer = Some("inte en adress".to_owned());
        let err = Sender::from_config(&config).expect_err("refused");
        assert!(
            err.to_string()
                .starts_with("MAIL_ORGANIZER is not a valid address"),
            "{err}"
        );
    }

    #[test]
    fn methods_of_calendars() {
        assert_eq!(
            ics_method("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n"),
            Some("CANCEL")
        );
        assert_eq!(ics_method("BEGIN:VCALENDAR\r\n"), None);
    }
}
