//! The mails Träffpunkt writes, as a typed enum ([`MailKind`]) with the data
//! each needs, rendered per [`Locale`] into a subject, a plain-text part and
//! an HTML part ([`Rendered`]); the words are `crate::i18n::mail`'s.
//!
//! The wording and layout are askama templates in `api/templates/mail/`:
//! one file per kind (`<kind>.askama`, with a `subject`, a `text` and an
//! `html` macro, next to each other so the two parts say the same thing),
//! shared pieces (facts table, buttons, quotes) in `parts.txt` and
//! `parts.html`, and one base per part: `subject.txt`, `layout.txt` and
//! `layout.html`, which greet, pick the kind's macro and sign off. This
//! module holds only data: the kind, the language and its words, and the
//! few values computed from them (`Mail`). The HTML part is escaped by
//! askama with [`super::html::MailHtml`]: every value unless marked `|safe`
//! (none is); only http(s) URLs become links.

use std::collections::BTreeMap;

use askama::Template;

use super::custom::{Template as CustomTemplate, Values};
use crate::facts::EventFacts;
use crate::i18n::Locale;
use crate::i18n::mail::{MailTexts, texts as mail_texts};

/// What changed about an event, for [`MailKind::EventChanged`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventChange {
    /// Start or end moved.
    Time,
    /// Another venue.
    Place,
    /// Another join link.
    Link,
}

/// An organiser's own subject and body for a reminder, with the same text
/// in other languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomText {
    /// Subject template.
    pub subject: CustomTemplate,
    /// Body template.
    pub body: CustomTemplate,
    /// Subject and body in other languages than the text's own; a mail in
    /// one of them uses it, any other the own text.
    pub translations: BTreeMap<Locale, (CustomTemplate, CustomTemplate)>,
}

impl CustomText {
    /// The organiser's own text, not translated.
    pub fn new(subject: CustomTemplate, body: CustomTemplate) -> Self {
        Self {
            subject,
            body,
            translations: BTreeMap::new(),
        }
    }

    /// The text as a mail in `locale` says it: its translation, else the
    /// own text.
    pub fn in_language(&self, locale: Locale) -> Self {
        let (subject, body) = self
            .translations
            .get(&locale)
            .cloned()
            .unwrap_or_else(|| (self.subject.clone(), self.body.clone()));
        Self::new(subject, body)
    }
}

/// A mail Träffpunkt sends, with the data it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailKind {
    /// A single-use sign-in link (its content is a secret: wiped once sent).
    SignInLink {
        /// The person's name, when known.
        name: Option<String>,
        /// The link that signs in.
        link: String,
        /// The same token for API clients, shown as a code.
        token: Option<String>,
        /// Minutes until the link expires.
        expires_in_minutes: u32,
    },
    /// A registration that waits for a decision or a check.
    RegistrationReceived {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
    },
    /// A confirmed seat.
    RegistrationConfirmed {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
    },
    /// Someone registered again with an address that is registered already:
    /// the answer to them says only that, and the registration's own link
    /// goes here, to the address.
    RegistrationLinkAgain {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Where to see, change or cancel the registration.
        manage_link: String,
    },
    /// A guest's seat is held until they confirm their address with the link.
    ConfirmAddress {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Where the seat is confirmed (the manage page).
        manage_link: String,
        /// Minutes the seat is held.
        minutes: u32,
    },
    /// A registration was cancelled (by the participant or an organiser);
    /// carries a METHOD:CANCEL invitation so calendars remove the entry.
    RegistrationCancelled {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
    },
    /// On the waiting list.
    Waitlisted {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Place in the queue, 1 first.
        position: Option<u32>,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
    },
    /// A seat came free and is now theirs.
    PromotedFromWaitlist {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
    },
    /// An application was approved: with a seat, or (when the mode was
    /// full) a place on the waiting list.
    ApplicationApproved {
        /// Applicant's (or representative's) name.
        name: String,
        /// The event or project.
        event: EventFacts,
        /// The organiser's message.
        message: Option<String>,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
        /// The place on the waiting list (1 is next), when there was no
        /// seat; `None` when the seat is theirs.
        waitlist_position: Option<u32>,
    },
    /// An application was turned down.
    ApplicationRejected {
        /// Applicant's (or representative's) name.
        name: String,
        /// The event or project.
        event: EventFacts,
        /// The organiser's message.
        message: Option<String>,
    },
    /// A reminder before an event, standard or the organiser's own text.
    Reminder {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
        /// One-click unsubscribe from reminders (`List-Unsubscribe`).
        unsubscribe_link: Option<String>,
        /// The organiser's own subject and body.
        custom: Option<CustomText>,
    },
    /// The time, place or link of an event changed.
    EventChanged {
        /// Participant's name.
        name: String,
        /// The event as it is now.
        event: EventFacts,
        /// What changed.
        changes: Vec<EventChange>,
        /// Where to change or cancel the registration.
        manage_link: Option<String>,
    },
    /// The event was called off.
    EventCancelled {
        /// Participant's name.
        name: String,
        /// The event.
        event: EventFacts,
        /// Why, in the organiser's words.
        reason: Option<String>,
    },
    /// A network's webhook endpoint was disabled after failures in a row;
    /// to each of the network's organisers.
    WebhookDisabled {
        /// The organiser's name.
        name: String,
        /// The network.
        network: String,
        /// The endpoint's URL.
        url: String,
        /// The failed attempts in a row that disabled it.
        failures: i32,
        /// The network in the organiser console.
        link: String,
    },
    /// A theme suggestion was received.
    SuggestionReceived {
        /// The suggester's name.
        name: String,
        /// The network it was sent to.
        network: String,
        /// The suggestion's title.
        title: String,
        /// Where the suggester follows it.
        follow_link: String,
    },
    /// A theme suggestion's state changed.
    SuggestionChanged {
        /// The suggester's name.
        name: String,
        /// The suggestion's title.
        title: String,
        /// Its new state.
        status: entities::SuggestionStatus,
        /// The organisers' follow-up.
        follow_up: String,
        /// The follow-up in other languages.
        follow_up_translations: BTreeMap<Locale, String>,
        /// The meeting that takes it up (public facts only).
        event: Option<EventFacts>,
        /// To whom it was forwarded.
        forwarded_to: Option<String>,
        /// The working group formed.
        working_group: Option<String>,
        /// Where the suggester follows it.
        follow_link: String,
    },
}

/// The stable name of a [`MailKind`], as the outbox stores it (`kind`) and
/// delivery records show it: the worker's rules read it typed, never as a
/// string compared in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MailCode {
    /// [`MailKind::SignInLink`].
    SignInLink,
    /// [`MailKind::RegistrationReceived`].
    RegistrationReceived,
    /// [`MailKind::RegistrationConfirmed`].
    RegistrationConfirmed,
    /// [`MailKind::RegistrationCancelled`].
    RegistrationCancelled,
    /// [`MailKind::RegistrationLinkAgain`].
    RegistrationLinkAgain,
    /// [`MailKind::ConfirmAddress`].
    ConfirmAddress,
    /// [`MailKind::Waitlisted`].
    Waitlisted,
    /// [`MailKind::PromotedFromWaitlist`].
    PromotedFromWaitlist,
    /// [`MailKind::ApplicationApproved`].
    ApplicationApproved,
    /// [`MailKind::ApplicationRejected`].
    ApplicationRejected,
    /// [`MailKind::Reminder`].
    Reminder,
    /// [`MailKind::EventChanged`].
    EventChanged,
    /// [`MailKind::EventCancelled`].
    EventCancelled,
    /// [`MailKind::SuggestionReceived`].
    SuggestionReceived,
    /// [`MailKind::SuggestionChanged`].
    SuggestionChanged,
    /// [`MailKind::WebhookDisabled`].
    WebhookDisabled,
}

impl MailCode {
    /// Every code.
    pub const ALL: [MailCode; 16] = [
        Self::SignInLink,
        Self::RegistrationReceived,
        Self::RegistrationConfirmed,
        Self::RegistrationCancelled,
        Self::RegistrationLinkAgain,
        Self::ConfirmAddress,
        Self::Waitlisted,
        Self::PromotedFromWaitlist,
        Self::ApplicationApproved,
        Self::ApplicationRejected,
        Self::Reminder,
        Self::EventChanged,
        Self::EventCancelled,
        Self::SuggestionReceived,
        Self::SuggestionChanged,
        Self::WebhookDisabled,
    ];

    /// The name stored in the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignInLink => "SIGN_IN_LINK",
            Self::RegistrationReceived => "REGISTRATION_RECEIVED",
            Self::RegistrationConfirmed => "REGISTRATION_CONFIRMED",
            Self::RegistrationCancelled => "REGISTRATION_CANCELLED",
            Self::RegistrationLinkAgain => "REGISTRATION_LINK_AGAIN",
            Self::ConfirmAddress => "CONFIRM_ADDRESS",
            Self::Waitlisted => "WAITLISTED",
            Self::PromotedFromWaitlist => "PROMOTED_FROM_WAITLIST",
            Self::ApplicationApproved => "APPLICATION_APPROVED",
            Self::ApplicationRejected => "APPLICATION_REJECTED",
            Self::Reminder => "REMINDER",
            Self::EventChanged => "EVENT_CHANGED",
            Self::EventCancelled => "EVENT_CANCELLED",
            Self::SuggestionReceived => "SUGGESTION_RECEIVED",
            Self::SuggestionChanged => "SUGGESTION_CHANGED",
            Self::WebhookDisabled => "WEBHOOK_DISABLED",
        }
    }

    /// The code a stored name stands for (`None` for a name no version of
    /// Träffpunkt writes).
    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == stored)
    }

    /// Whether such a mail is moot once the recipient's registration is
    /// cancelled or rejected (the worker checks again just before sending).
    pub fn needs_active_registration(self) -> bool {
        matches!(self, Self::Reminder | Self::EventChanged)
    }

    /// The stored names of the codes for which
    /// [`Self::needs_active_registration`] holds, for a query.
    pub fn needing_active_registration() -> impl Iterator<Item = &'static str> {
        Self::ALL
            .into_iter()
            .filter(|code| code.needs_active_registration())
            .map(Self::as_str)
    }
}

impl std::fmt::Display for MailCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rendered mail: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line (one line).
    pub subject: String,
    /// The `text/plain` part.
    pub text: String,
    /// The `text/html` part.
    pub html: String,
}

impl MailKind {
    /// The kind's stable name, stored with the mail (the outbox's `kind`).
    pub fn code(&self) -> MailCode {
        match self {
            Self::SignInLink { .. } => MailCode::SignInLink,
            Self::RegistrationReceived { .. } => MailCode::RegistrationReceived,
            Self::RegistrationConfirmed { .. } => MailCode::RegistrationConfirmed,
            Self::RegistrationCancelled { .. } => MailCode::RegistrationCancelled,
            Self::RegistrationLinkAgain { .. } => MailCode::RegistrationLinkAgain,
            Self::ConfirmAddress { .. } => MailCode::ConfirmAddress,
            Self::Waitlisted { .. } => MailCode::Waitlisted,
            Self::PromotedFromWaitlist { .. } => MailCode::PromotedFromWaitlist,
            Self::ApplicationApproved { .. } => MailCode::ApplicationApproved,
            Self::ApplicationRejected { .. } => MailCode::ApplicationRejected,
            Self::Reminder { .. } => MailCode::Reminder,
            Self::EventChanged { .. } => MailCode::EventChanged,
            Self::EventCancelled { .. } => MailCode::EventCancelled,
            Self::SuggestionReceived { .. } => MailCode::SuggestionReceived,
            Self::SuggestionChanged { .. } => MailCode::SuggestionChanged,
            Self::WebhookDisabled { .. } => MailCode::WebhookDisabled,
        }
    }

    /// Whether the content is a secret that must not stay in the database
    /// once the mail is done.
    pub fn is_sensitive(&self) -> bool {
        matches!(self, Self::SignInLink { .. })
    }

    /// The one-click unsubscribe URL, for reminder mail.
    pub fn unsubscribe_link(&self) -> Option<&str> {
        match self {
            Self::Reminder {
                unsubscribe_link, ..
            } => unsubscribe_link.as_deref(),
            _ => None,
        }
    }

    /// Whether the mail is moot once the recipient's registration is
    /// cancelled or rejected (checked again just before sending).
    pub fn needs_active_registration(&self) -> bool {
        self.code().needs_active_registration()
    }

    /// The organiser's own text of the mail, if it has one.
    pub fn custom(&self) -> Option<&CustomText> {
        match self {
            Self::Reminder { custom, .. } => custom.as_ref(),
            _ => None,
        }
    }

    /// Whether the mail's organiser-written text (a reminder's own) is
    /// translated into `locale`: then a mail in `locale` reads it in that
    /// language.
    pub fn translated_into(&self, locale: Locale) -> bool {
        self.custom()
            .is_some_and(|custom| custom.translations.contains_key(&locale))
    }

    /// The event facts the mail carries, to put in a language.
    fn facts_mut(&mut self) -> Option<&mut EventFacts> {
        match self {
            Self::SignInLink { .. }
            | Self::SuggestionReceived { .. }
            | Self::WebhookDisabled { .. } => None,
            Self::RegistrationReceived { event, .. }
            | Self::RegistrationConfirmed { event, .. }
            | Self::RegistrationLinkAgain { event, .. }
            | Self::ConfirmAddress { event, .. }
            | Self::RegistrationCancelled { event, .. }
            | Self::Waitlisted { event, .. }
            | Self::PromotedFromWaitlist { event, .. }
            | Self::ApplicationApproved { event, .. }
            | Self::ApplicationRejected { event, .. }
            | Self::Reminder { event, .. }
            | Self::EventChanged { event, .. }
            | Self::EventCancelled { event, .. } => Some(event),
            Self::SuggestionChanged { event, .. } => event.as_mut(),
        }
    }

    /// The mail with the organisers' texts in `locale` where they gave
    /// them (the event's title and accessibility notes, the reminder's own
    /// text, a suggestion's follow-up), else as written.
    fn in_language(&self, locale: Locale) -> Self {
        let mut kind = self.clone();
        if let Some(facts) = kind.facts_mut() {
            *facts = facts.in_language(locale);
        }
        match &mut kind {
            Self::Reminder {
                custom: Some(custom),
                ..
            } => *custom = custom.in_language(locale),
            Self::SuggestionChanged {
                follow_up,
                follow_up_translations,
                ..
            } => {
                if let Some(translated) = follow_up_translations.get(&locale) {
                    *follow_up = translated.clone();
                }
            }
            _ => {}
        }
        kind
    }

    /// Renders the mail in `locale`, signed by `signature` (the network's
    /// name, or Träffpunkt): Träffpunkt's words in `locale`, and the
    /// organisers' texts in it where translated, else as written.
    pub fn render(&self, locale: Locale, signature: &str) -> Rendered {
        let localised = self.in_language(locale);
        let mail = Mail {
            kind: &localised,
            l: locale,
            w: mail_texts(locale),
            signature,
            recipient: localised.recipient(),
        };
        let subject = one_line(&part(&SubjectPart { mail: &mail }));
        Rendered {
            text: part(&TextPart { mail: &mail }),
            html: part(&HtmlPart {
                mail: &mail,
                subject: &subject,
            }),
            subject,
        }
    }

    /// The name to greet: the recipient's, trimmed, when there is one.
    fn recipient(&self) -> Option<&str> {
        let name = match self {
            Self::SignInLink { name, .. } => name.as_deref(),
            Self::RegistrationReceived { name, .. }
            | Self::RegistrationConfirmed { name, .. }
            | Self::RegistrationLinkAgain { name, .. }
            | Self::ConfirmAddress { name, .. }
            | Self::RegistrationCancelled { name, .. }
            | Self::Waitlisted { name, .. }
            | Self::PromotedFromWaitlist { name, .. }
            | Self::ApplicationApproved { name, .. }
            | Self::ApplicationRejected { name, .. }
            | Self::Reminder { name, .. }
            | Self::EventChanged { name, .. }
            | Self::EventCancelled { name, .. }
            | Self::SuggestionReceived { name, .. }
            | Self::SuggestionChanged { name, .. }
            | Self::WebhookDisabled { name, .. } => Some(name.as_str()),
        };
        name.map(str::trim).filter(|name| !name.is_empty())
    }
}

/// What the templates in `api/templates/mail/` see, besides the fields each
/// kind's match arm binds: `kind`, the language `l`, its words `w`, who
/// signs, and whom to greet. Its methods compute the values a template
/// cannot (placeholders of an organiser's text, the list of changes).
struct Mail<'a> {
    kind: &'a MailKind,
    l: Locale,
    w: &'static MailTexts,
    signature: &'a str,
    recipient: Option<&'a str>,
}

impl Mail<'_> {
    /// The values for the placeholders of an organiser's own reminder.
    fn placeholders(&self, name: &str, event: &EventFacts, manage_link: &Option<String>) -> Values {
        Values {
            participant_name: Some(name.to_owned()),
            event_title: Some(event.title.clone()),
            starts_at_local: Some(event.starts_at_local(self.l)),
            venue: event.venue.clone(),
            join_link: event.join_link.clone(),
            manage_link: manage_link.clone(),
        }
    }

    /// ": new time, new link" for the event-changed intro, or nothing when
    /// no change is named.
    fn what_changed(&self, changes: &[EventChange]) -> String {
        let w = self.w;
        let what: Vec<&str> = changes
            .iter()
            .map(|change| match change {
                EventChange::Time => w.change_time,
                EventChange::Place => w.change_place,
                EventChange::Link => w.change_link,
            })
            .collect();
        if what.is_empty() {
            String::new()
        } else {
            format!(": {}", what.join(", "))
        }
    }
}

/// The subject: `api/templates/mail/subject.txt`.
#[derive(Template)]
#[template(path = "mail/subject.txt")]
struct SubjectPart<'a> {
    mail: &'a Mail<'a>,
}

/// The `text/plain` part: `api/templates/mail/layout.txt`.
#[derive(Template)]
#[template(path = "mail/layout.txt")]
struct TextPart<'a> {
    mail: &'a Mail<'a>,
}

/// The `text/html` part: `api/templates/mail/layout.html`, escaped by
/// [`super::html::MailHtml`].
#[derive(Template)]
#[template(path = "mail/layout.html", escape = "mail")]
struct HtmlPart<'a> {
    mail: &'a Mail<'a>,
    /// The subject, one line, for `<title>`.
    subject: &'a str,
}

macro_rules! deref_to_mail {
    ($($part:ident),*) => {$(
        impl<'a> std::ops::Deref for $part<'a> {
            type Target = Mail<'a>;

            fn deref(&self) -> &Mail<'a> {
                self.mail
            }
        }
    )*};
}

// The templates name `w`, `l`, `kind`… directly.
deref_to_mail!(SubjectPart, TextPart, HtmlPart);

/// Renders one part. The templates only arrange strings into a String,
/// which cannot fail; were it to, the error is logged and the part is empty.
fn part(template: &impl Template) -> String {
    template.render().unwrap_or_else(|error| {
        tracing::error!(%error, "a mail template did not render");
        String::new()
    })
}

/// A subject is one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_http_url;

    fn event() -> EventFacts {
        EventFacts {
            title: "Höstkonferens <AllAgeHub> & vänner".into(),
            starts_at: "2026-11-26T08:00:00Z".parse().expect("instant"),
            ends_at: "2026-11-26T15:00:00Z".parse().expect("instant"),
            time_zone: "Europe/Stockholm".into(),
            venue: Some("Lindholmen Conference Centre, Lindholmspiren 5, Göteborg".into()),
            accessibility: Some("Hiss och hörslinga".into()),
            join_link: Some("https://example.se/join?a=1&b=2".into()),
            online_details: None,
            page_link: None,
            translations: Default::default(),
        }
    }

    fn every_kind() -> Vec<MailKind> {
        let name = "Åsa Öberg".to_owned();
        let manage = Some("https://traffpunkt.test/r/abc".to_owned());
        vec![
            MailKind::SignInLink {
                name: Some(name.clone()),
                link: "https://traffpunkt.test/sign-in?token=t0k3n".into(),
                token: Some("t0k3n".into()),
                expires_in_minutes: 15,
            },
            MailKind::RegistrationReceived {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
            },
            MailKind::RegistrationConfirmed {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
            },
            MailKind::RegistrationCancelled {
                name: name.clone(),
                event: event(),
            },
            MailKind::Waitlisted {
                name: name.clone(),
                event: event(),
                position: Some(3),
                manage_link: manage.clone(),
            },
            MailKind::PromotedFromWaitlist {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
            },
            MailKind::ApplicationApproved {
                name: name.clone(),
                event: event(),
                message: Some("Varmt välkomna!".into()),
                manage_link: manage.clone(),
                waitlist_position: None,
            },
            MailKind::ApplicationApproved {
                name: name.clone(),
                event: event(),
                message: None,
                manage_link: manage.clone(),
                waitlist_position: Some(3),
            },
            MailKind::ApplicationRejected {
                name: name.clone(),
                event: event(),
                message: None,
            },
            MailKind::RegistrationLinkAgain {
                name: name.clone(),
                event: event(),
                manage_link: "https://traffpunkt.example/registrations/manage?token=tpm_x".into(),
            },
            MailKind::ConfirmAddress {
                name: name.clone(),
                event: event(),
                manage_link: "https://traffpunkt.example/registrations/manage?token=tpm_x".into(),
                minutes: 30,
            },
            MailKind::Reminder {
                name: name.clone(),
                event: event(),
                manage_link: manage.clone(),
                unsubscribe_link: Some("https://traffpunkt.test/u/x".into()),
                custom: None,
            },
            MailKind::EventChanged {
                name: name.clone(),
                event: event(),
                changes: vec![EventChange::Time, EventChange::Link],
                manage_link: manage.clone(),
            },
            MailKind::EventCancelled {
                name,
                event: event(),
                reason: Some("Sjukdom".into()),
            },
        ]
    }

    #[test]
    fn every_kind_renders_in_every_locale() {
        for kind in every_kind() {
            let mut subjects = Vec::new();
            for locale in Locale::ALL {
                let mail = kind.render(locale, "Göteborgsregionen");
                assert!(!mail.subject.is_empty());
                assert!(!mail.subject.contains('\n'));
                assert!(mail.text.contains("Göteborgsregionen"), "{}", mail.text);
                assert!(mail.html.contains(&format!("<html lang=\"{locale}\">")));
                assert!(!mail.html.contains("<AllAgeHub>"), "escaped: {}", mail.html);
                subjects.push(mail.subject);
            }
            subjects.dedup();
            assert!(
                subjects.len() >= 2,
                "{} is translated: {subjects:?}",
                kind.code()
            );
        }
    }

    #[test]
    fn event_values_are_escaped_and_linked() {
        let mail = every_kind()[2].render(Locale::Sv, "GR");
        assert_eq!(
            mail.subject,
            "Anmälan bekräftad: Höstkonferens <AllAgeHub> & vänner"
        );
        assert!(
            mail.html
                .contains("Höstkonferens &lt;AllAgeHub&gt; &amp; vänner")
        );
        assert!(
            mail.html
                .contains("<a href=\"https://example.se/join?a=1&amp;b=2\">")
        );
        assert!(
            mail.text
                .contains("När: torsdag 26 november 2026 kl. 09:00–16:00 (CET)"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("Hej Åsa Öberg!"));
    }

    #[test]
    fn times_are_local_with_zone() {
        let e = event();
        assert_eq!(
            e.starts_at_local(Locale::Sv),
            "torsdag 26 november 2026 kl. 09:00 (CET)"
        );
        assert_eq!(
            e.when_local(Locale::Nb),
            "torsdag 26. november 2026 kl. 09.00–16.00 (CET)"
        );
        assert_eq!(
            e.when_local(Locale::En),
            "Thursday 26 November 2026 at 09:00–16:00 (CET)"
        );
        let mut summer = e.clone();
        summer.starts_at = "2026-06-01T07:00:00Z".parse().expect("instant");
        summer.ends_at = "2026-06-02T14:00:00Z".parse().expect("instant");
        assert_eq!(
            summer.when_local(Locale::Sv),
            "måndag 1 juni 2026 kl. 09:00 – tisdag 2 juni 2026 kl. 16:00 (CEST)"
        );
        // Across the end of summer time each date has its own label.
        let mut autumn = e.clone();
        autumn.starts_at = "2026-10-20T07:00:00Z".parse().expect("instant");
        autumn.ends_at = "2026-12-03T15:00:00Z".parse().expect("instant");
        assert_eq!(
            autumn.when_local(Locale::Sv),
            "tisdag 20 oktober 2026 kl. 09:00 (CEST) – torsdag 3 december 2026 kl. 16:00 (CET)"
        );
        // The night the clocks go back: one date, two labels.
        let mut night = e.clone();
        night.starts_at = "2026-10-24T23:30:00Z".parse().expect("instant");
        night.ends_at = "2026-10-25T02:30:00Z".parse().expect("instant");
        let told = night.when_local(Locale::En);
        assert!(told.contains("01:30 (CEST) – "), "{told}");
        assert!(told.ends_with("03:30 (CET)"), "{told}");
    }

    #[test]
    fn custom_reminders_fill_placeholders() {
        let kind = MailKind::Reminder {
            name: "Ola <Nordmann>".into(),
            event: event(),
            manage_link: Some("https://traffpunkt.test/r/abc".into()),
            unsubscribe_link: None,
            custom: Some(CustomText::new(
                CustomTemplate::parse("Snart: {{event_title}}\n").expect("valid"),
                CustomTemplate::parse("Hei {{participant_name}}!\nVi starter {{starts_at_local}}. Lenke: {{join_link}}").expect("valid"),
            )),
        };
        let mail = kind.render(Locale::Nb, "Senteret for et aldersvennlig Norge");
        assert_eq!(mail.subject, "Snart: Höstkonferens <AllAgeHub> & vänner");
        assert!(
            mail.text.contains(
                "Hei Ola <Nordmann>!\nVi starter torsdag 26. november 2026 kl. 09.00 (CET)."
            ),
            "{}",
            mail.text
        );
        assert!(
            mail.html.contains("Hei Ola &lt;Nordmann&gt;!<br>"),
            "{}",
            mail.html
        );
        assert!(
            mail.html
                .contains("Lenke: <a href=\"https://example.se/join?a=1&amp;b=2\">")
        );
    }

    #[test]
    fn organisers_texts_follow_the_mail_language() {
        let mut facts = event();
        facts.translations.insert(
            Locale::En,
            crate::facts::TranslatedFacts {
                title: Some("Autumn conference".into()),
                accessibility: None,
            },
        );
        let mut custom = CustomText::new(
            CustomTemplate::parse("Snart: {{event_title}}").expect("valid"),
            CustomTemplate::parse("Hej {{participant_name}}").expect("valid"),
        );
        custom.translations.insert(
            Locale::En,
            (
                CustomTemplate::parse("Soon: {{event_title}}").expect("valid"),
                CustomTemplate::parse("Hello {{participant_name}}").expect("valid"),
            ),
        );
        let kind = MailKind::Reminder {
            name: "Kari".into(),
            event: facts,
            manage_link: None,
            unsubscribe_link: None,
            custom: Some(custom),
        };
        assert!(kind.translated_into(Locale::En));
        assert!(!kind.translated_into(Locale::Nb));
        let en = kind.render(Locale::En, "AllAgeHub");
        assert_eq!(en.subject, "Soon: Autumn conference");
        assert!(en.text.contains("Hiss och hörslinga"), "{}", en.text);
        // Norwegian has no translation: the own texts, in Norwegian words.
        let nb = kind.render(Locale::Nb, "AllAgeHub");
        assert_eq!(nb.subject, "Snart: Höstkonferens <AllAgeHub> & vänner");
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert!(is_http_url("https://example.se/x"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://example.se/a b"));
        let kind = MailKind::SignInLink {
            name: None,
            link: "javascript:alert(1)".into(),
            token: None,
            expires_in_minutes: 15,
        };
        let mail = kind.render(Locale::En, "Träffpunkt");
        assert!(!mail.html.contains("href=\"javascript"));
        assert!(mail.text.starts_with("Hello,\n"));
    }
}
