//! Effects: what a write did, as the rules say it (a registration
//! confirmed, an event cancelled, seats changed). A [`super::tx::Tx`]
//! collects them; its commit hands them to [`super::notices`], which alone
//! knows which mail each causes. Plain data, so that both can name it.

use chrono::{DateTime, Utc};
use entities::{
    ParticipationMode, RegistrationStatus, event, network, person, registration, reminder,
    theme_suggestion,
};

use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, PersonId, RegistrationId};
use crate::mail::{CustomText, EventChange};

/// What happened to a registration, as far as its participant hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    /// A guest must confirm their address to keep the held seat.
    AddressToConfirm,
    /// An application was received (pending a decision).
    Received,
    /// A seat is theirs.
    Confirmed,
    /// They are on the waiting list.
    Waitlisted,
    /// A seat came free and is theirs now.
    Promoted,
    /// An organiser approved the application.
    Approved,
    /// An organiser turned the application down.
    Rejected,
    /// The registration was cancelled.
    Cancelled,
    /// Someone registered their address again: they get their link again.
    LinkAgain,
}

/// A registration's change, with what its mail needs.
#[derive(Debug, Clone)]
pub struct RegistrationChange {
    /// What happened.
    pub happened: Happened,
    /// The event, as the transaction left it.
    pub event: event::Model,
    /// The registration, as the transaction left it.
    pub registration: registration::Model,
    /// Its person.
    pub person: person::Model,
    /// The manage link made with the registration (its first mail only;
    /// later mails get a link of their own).
    pub manage_link: Option<String>,
    /// The organiser's message with a decision.
    pub message: Option<String>,
}

/// What a write did, for whom it matters. Recorded by the rules, turned into
/// mail by [`super::notices`] and into live updates by [`super::tx::Tx::commit`].
#[derive(Debug, Clone)]
pub enum Effect {
    /// A registration changed (confirmed, waitlisted, cancelled…).
    Registration(Box<RegistrationChange>),
    /// A published event's time, place or link changed (the event as it is
    /// now, with its new SEQUENCE).
    EventChanged {
        /// The event after the change.
        event: Box<event::Model>,
        /// What changed, for the participants.
        changes: Vec<EventChange>,
    },
    /// The event was called off, with the organiser's reason for the
    /// participants (if any).
    EventCancelled {
        /// The event as cancelled.
        event: Box<event::Model>,
        /// Why, in the organiser's words.
        reason: Option<String>,
    },
    /// A draft event was published (as it is now).
    EventPublished(Box<event::Model>),
    /// A participant was checked in (the registration as it is now).
    CheckedIn(Box<registration::Model>),
    /// The seats of the event changed (taken, freed, or its capacity).
    SeatsChanged(EventId),
    /// Someone asked to sign in: the link recorded for them goes out.
    SignInLink(Box<SignInLink>),
    /// A reminder's run for an event was claimed: it goes to these
    /// recipients (the run's row records how many were mailed).
    ReminderDue(Box<ReminderDue>),
    /// An organiser asked for a test of a reminder, to themself.
    ReminderTest(Box<ReminderTest>),
    /// A theme suggestion was received or its state changed: its suggester
    /// hears of it.
    Suggestion(Box<SuggestionNotice>),
    /// A webhook endpoint was disabled after failures in a row (as it is
    /// now): the organisers of its network hear of it.
    WebhookDisabled(Box<entities::webhook_endpoint::Model>),
}

/// What a suggester hears of their suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuggestionNews {
    /// It was received.
    Received,
    /// The organisers moved it to its current state, saying this.
    Changed {
        /// The follow-up text, for the suggester and the public.
        follow_up: String,
        /// The same in other languages.
        translations: std::collections::BTreeMap<Locale, String>,
    },
}

/// A mail to a suggester about their suggestion.
#[derive(Debug, Clone)]
pub struct SuggestionNotice {
    /// The suggestion as the unit left it.
    pub suggestion: theme_suggestion::Model,
    /// Its network (it signs the mail).
    pub network: network::Model,
    /// The meeting that takes it up, if any.
    pub event: Option<event::Model>,
    /// What happened.
    pub news: SuggestionNews,
    /// Where the mail goes.
    pub email: String,
    /// Whom it greets.
    pub name: String,
    /// The person, unless a guest.
    pub person: Option<PersonId>,
    /// The suggester's new follow link.
    pub follow_link: String,
}

/// A sign-in link recorded for an address.
#[derive(Debug, Clone)]
pub struct SignInLink {
    /// The normalised address it goes to.
    pub email: String,
    /// The person, when the address is known.
    pub person: Option<person::Model>,
    /// The link to open (it holds the secret).
    pub link: String,
    /// The secret itself, to type in where the link cannot be opened.
    pub token: String,
    /// When it stops working (the mail is moot after).
    pub expires_at: DateTime<Utc>,
    /// How long it works from now, as the mail says it.
    pub minutes: u32,
    /// The language asked for (of the page or request), if any.
    pub locale: Option<Locale>,
}

/// A reminder's run for one event, with its audience as it is now.
#[derive(Debug, Clone)]
pub struct ReminderDue {
    /// The reminder.
    pub reminder: reminder::Model,
    /// The event it goes out for.
    pub event: event::Model,
    /// Who it goes to, each with their registration when they have one.
    pub recipients: Vec<(Addressee, Option<registration::Model>)>,
}

/// A reminder as one recipient would get it, sent to the organiser asking.
#[derive(Debug, Clone)]
pub struct ReminderTest {
    /// The organiser (the test goes to them alone).
    pub to: person::Model,
    /// The event it is shown for.
    pub event: event::Model,
    /// The network that signs it.
    pub network: NetworkId,
    /// As a participant of this mode gets it; both the venue and the link
    /// when `None`.
    pub mode: Option<ParticipationMode>,
    /// The organiser's own text, if any.
    pub custom: Option<CustomText>,
    /// The language the reminder's own text is written in, when chosen:
    /// the mail's, unless the text is translated into the organiser's.
    pub locale: Option<Locale>,
}

/// One recipient of a mail about an event: a registration or a person.
#[derive(Debug, Clone)]
pub enum Addressee {
    /// A registration (a person's or a guest's).
    Registration {
        /// Where the mail goes.
        email: String,
        /// Whom it greets.
        name: String,
        /// The person, unless a guest.
        person: Option<PersonId>,
        /// The registration.
        registration: RegistrationId,
        /// Whether the mail shows the venue.
        venue: bool,
        /// Whether the mail may carry the join link.
        online: bool,
    },
    /// A person without a registration (a speaker, a network member).
    Person {
        /// Where the mail goes.
        email: String,
        /// Whom it greets.
        name: String,
        /// The person.
        person: PersonId,
        /// Whether the mail shows the venue.
        venue: bool,
        /// Whether the mail may carry the join link.
        online: bool,
    },
}

impl Addressee {
    /// Address, name and person of the recipient.
    pub fn parts(&self) -> (&str, &str, Option<PersonId>) {
        match self {
            Self::Registration {
                email,
                name,
                person,
                ..
            } => (email, name, *person),
            Self::Person {
                email,
                name,
                person,
                ..
            } => (email, name, Some(*person)),
        }
    }

    /// Whether the mail shows the venue, and whether it carries the link.
    pub fn sees(&self) -> (bool, bool) {
        match self {
            Self::Registration { venue, online, .. } | Self::Person { venue, online, .. } => {
                (*venue, *online)
            }
        }
    }
}

/// Who a registration's mail goes to (its person, else the guest it
/// names), and whether it may carry the join link.
pub fn registration_recipient(
    registration: &registration::Model,
    person: Option<&person::Model>,
) -> Option<Addressee> {
    let (email, name) = match person {
        Some(p) => (p.email.clone(), p.name.clone()),
        None => (
            registration.guest_email.clone()?,
            registration.guest_name.clone().unwrap_or_default(),
        ),
    };
    // The link goes to confirmed online participants only.
    let online = registration.mode == ParticipationMode::Online
        && registration.status == RegistrationStatus::Confirmed;
    Some(Addressee::Registration {
        email,
        name,
        person: person.map(|p| PersonId(p.id)),
        registration: RegistrationId(registration.id),
        venue: registration.mode == ParticipationMode::InPerson,
        online,
    })
}
