//! Enumerations of the domain, stored as short upper-case strings.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
        pub enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $value)] $variant,)+
        }

        impl $name {
            /// The value as stored in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $value,)+
                }
            }

            /// The value stored as `value`, if it is one.
            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($value => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

string_enum!(
    /// What kind of body an organisation is.
    OrganisationKind {
        /// A municipality (kommun/kommune).
        Municipality = "MUNICIPALITY",
        /// A region or county council.
        Region = "REGION",
        /// A university or research institute.
        Academia = "ACADEMIA",
        /// An association, user organisation or other civil society body.
        CivilSociety = "CIVIL_SOCIETY",
        /// A company.
        Company = "COMPANY",
        /// A government agency or national centre.
        Agency = "AGENCY",
        /// An association of municipalities, such as Göteborgsregionen.
        Association = "ASSOCIATION",
        /// Anything else.
        Other = "OTHER",
    }
);

string_enum!(
    /// Who may see a network and its members-only events.
    NetworkVisibility {
        /// Anyone may see the network and its published events.
        Open = "OPEN",
        /// A closed network: the network is listed but its events are for members.
        Closed = "CLOSED",
    }
);

string_enum!(
    /// A person's role in a network.
    NetworkRole {
        /// Owns the network: everything an organiser may do, and manage roles.
        Owner = "OWNER",
        /// Manages events, agendas, speakers, registrations and reminders.
        Organiser = "ORGANISER",
        /// A member: sees members-only events.
        Member = "MEMBER",
    }
);

string_enum!(
    /// The kind of an event.
    EventKind {
        /// A conference with a programme.
        Conference = "CONFERENCE",
        /// A network meeting.
        Meeting = "MEETING",
        /// An online seminar.
        Webinar = "WEBINAR",
        /// A working session.
        Workshop = "WORKSHOP",
        /// A gathering (samling) of a project's participants.
        Gathering = "GATHERING",
    }
);

string_enum!(
    /// Where an event is in its life.
    EventStatus {
        /// Being prepared; seen only by organisers.
        Draft = "DRAFT",
        /// Public to those who may see the network's events.
        Published = "PUBLISHED",
        /// Called off; kept so that calendars remove it.
        Cancelled = "CANCELLED",
    }
);

string_enum!(
    /// How participants attend an event.
    AttendanceMode {
        /// Only at the venue.
        InPerson = "IN_PERSON",
        /// Only online.
        Online = "ONLINE",
        /// At the venue and online.
        Hybrid = "HYBRID",
    }
);

string_enum!(
    /// Who may see an event's join link, passcode and dial-in.
    JoinLinkVisibility {
        /// Everyone who may see the event.
        Public = "PUBLIC",
        /// Only confirmed participants, speakers and organisers.
        Registered = "REGISTERED",
    }
);

string_enum!(
    /// How participants sign up for an event.
    RegistrationPolicy {
        /// No sign-up needed; registering is possible to get reminders and the link.
        Open = "OPEN",
        /// Registration is required.
        Required = "REQUIRED",
        /// Registrations are applications that an organiser approves or rejects.
        Application = "APPLICATION",
    }
);

string_enum!(
    /// The mode a participant attends in.
    ParticipationMode {
        /// At the venue.
        InPerson = "IN_PERSON",
        /// Online.
        Online = "ONLINE",
    }
);

string_enum!(
    /// Where a registration is in its life.
    RegistrationStatus {
        /// An application waiting for an organiser's decision.
        Pending = "PENDING",
        /// Has a seat.
        Confirmed = "CONFIRMED",
        /// On the waiting list of its mode.
        Waitlisted = "WAITLISTED",
        /// Cancelled by the participant or an organiser.
        Cancelled = "CANCELLED",
        /// An application that was turned down.
        Rejected = "REJECTED",
    }
);

string_enum!(
    /// Whether a speaker has accepted.
    SpeakerStatus {
        /// Asked, no answer yet.
        Invited = "INVITED",
        /// Has accepted.
        Confirmed = "CONFIRMED",
        /// Has declined.
        Declined = "DECLINED",
    }
);

string_enum!(
    /// Where a theme suggestion is: what the organisers did with it.
    SuggestionStatus {
        /// Just sent in.
        New = "NEW",
        /// The organisers are looking at it.
        UnderReview = "UNDER_REVIEW",
        /// It will be taken up at a meeting (the suggestion's event).
        Planned = "PLANNED",
        /// Passed on to someone who can act on it (`forwarded_to`).
        Forwarded = "FORWARDED",
        /// A working group was formed (`working_group` names its contact).
        WorkingGroup = "WORKING_GROUP",
        /// Done: what was suggested happened.
        Done = "DONE",
        /// Not taken further (the follow-up says why).
        Declined = "DECLINED",
        /// The suggester took it back.
        Withdrawn = "WITHDRAWN",
    }
);

string_enum!(
    /// Where a reminder is in its life.
    ReminderStatus {
        /// Waiting for its time.
        Scheduled = "SCHEDULED",
        /// Its mails have been queued in the outbox.
        Sent = "SENT",
        /// Will not be sent.
        Cancelled = "CANCELLED",
    }
);

string_enum!(
    /// What a personal API token may do.
    TokenScope {
        /// Queries only.
        Read = "READ",
        /// Queries and mutations.
        ReadWrite = "READ_WRITE",
    }
);

string_enum!(
    /// Where one outgoing mail of the outbox is.
    OutboxStatus {
        /// Waiting to be sent, or to be retried after a transient error.
        Pending = "PENDING",
        /// Accepted by the mail server (or written by the file transport).
        Sent = "SENT",
        /// Refused for good, or still failing after the last attempt.
        Failed = "FAILED",
        /// Not sent on purpose: expired, or its reason went away.
        Skipped = "SKIPPED",
    }
);

string_enum!(
    /// What kind of answer a registration question takes.
    QuestionKind {
        /// Free text.
        Text = "TEXT",
        /// One of the options.
        SingleChoice = "SINGLE_CHOICE",
        /// Any number of the options.
        MultipleChoice = "MULTIPLE_CHOICE",
    }
);
