//! GraphQL enums mirroring the domain enums of the `entities` crate (which has
//! no GraphQL dependency), with conversions both ways.

use async_graphql::Enum;

macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident = $entity:path { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl From<$entity> for $name {
            fn from(value: $entity) -> Self {
                use $entity as E;
                match value {
                    $(E::$variant => Self::$variant,)+
                }
            }
        }

        impl From<$name> for $entity {
            fn from(value: $name) -> Self {
                use $entity as E;
                match value {
                    $($name::$variant => E::$variant,)+
                }
            }
        }
    };
}

mirror!(
    /// What kind of body an organisation is.
    OrganisationKind = entities::OrganisationKind {
        /// A municipality (kommun, kommune).
        Municipality,
        /// A region or county council.
        Region,
        /// A university or research institute.
        Academia,
        /// An association, user organisation or other civil society body.
        CivilSociety,
        /// A company.
        Company,
        /// A government agency or national centre.
        Agency,
        /// An association of municipalities, such as Göteborgsregionen.
        Association,
        /// Anything else.
        Other,
    }
);

mirror!(
    /// Who may see a network and its events.
    NetworkVisibility = entities::NetworkVisibility {
        /// Anyone may see the network and its published events.
        Open,
        /// A closed network: its events are for members by default.
        Closed,
    }
);

mirror!(
    /// The kind of an event.
    EventKind = entities::EventKind {
        /// A conference with a programme.
        Conference,
        /// A network meeting.
        Meeting,
        /// An online seminar.
        Webinar,
        /// A working session (arbeidsmøte).
        Workshop,
        /// A gathering (samling) of a project's participants.
        Gathering,
    }
);

mirror!(
    /// Where an event is in its life.
    EventStatus = entities::EventStatus {
        /// Being prepared; not yet public.
        Draft,
        /// Public to those who may see the network's events.
        Published,
        /// Called off; kept so that calendars remove it.
        Cancelled,
    }
);

mirror!(
    /// How participants attend an event.
    AttendanceMode = entities::AttendanceMode {
        /// Only at the venue.
        InPerson,
        /// Only online.
        Online,
        /// At the venue and online.
        Hybrid,
    }
);

mirror!(
    /// Who may see an event's join link, passcode and dial-in.
    JoinLinkVisibility = entities::JoinLinkVisibility {
        /// Everyone who may see the event.
        Public,
        /// Only confirmed participants, speakers and organisers.
        Registered,
    }
);

mirror!(
    /// How participants sign up for an event.
    RegistrationPolicy = entities::RegistrationPolicy {
        /// No sign-up needed; registering still gets reminders and the link.
        Open,
        /// Registration is required.
        Required,
        /// Registrations are applications an organiser approves or rejects.
        Application,
    }
);

mirror!(
    /// Whether a speaker has accepted.
    SpeakerStatus = entities::SpeakerStatus {
        /// Asked, no answer yet.
        Invited,
        /// Has accepted.
        Confirmed,
        /// Has declined.
        Declined,
    }
);

mirror!(
    /// The mode a participant attends in.
    ParticipationMode = entities::ParticipationMode {
        /// At the venue.
        InPerson,
        /// Online.
        Online,
    }
);

mirror!(
    /// Where a registration is in its life.
    RegistrationStatus = entities::RegistrationStatus {
        /// An application waiting for an organiser's decision.
        Pending,
        /// Has a seat.
        Confirmed,
        /// On the waiting list of its mode.
        Waitlisted,
        /// Cancelled by the participant or an organiser.
        Cancelled,
        /// An application that was turned down.
        Rejected,
    }
);

mirror!(
    /// What kind of answer a registration question takes.
    QuestionKind = entities::QuestionKind {
        /// Free text.
        Text,
        /// One of the options.
        SingleChoice,
        /// Any number of the options.
        MultipleChoice,
    }
);

mirror!(
    /// Where a reminder is in its life.
    ReminderStatus = entities::ReminderStatus {
        /// Waiting for its time (a series reminder stays scheduled for later occurrences).
        Scheduled,
        /// Its mails have been queued.
        Sent,
        /// Will not be sent.
        Cancelled,
    }
);

mirror!(
    /// Where one mail is.
    DeliveryStatus = entities::OutboxStatus {
        /// Waiting to be sent, or to be retried after a transient error.
        Pending,
        /// Accepted by the mail server.
        Sent,
        /// Refused for good, or still failing after the last attempt.
        Failed,
        /// Not sent on purpose: the registration was cancelled, or it came too late.
        Skipped,
    }
);

mirror!(
    /// Who a reminder goes to.
    ReminderAudience = crate::service::reminders::Audience {
        /// Confirmed participants, in person and online.
        Confirmed,
        /// Confirmed participants at the venue (they get the address and accessibility notes).
        InPerson,
        /// Confirmed online participants (they get the join link).
        Online,
        /// Those on the waiting list.
        Waitlisted,
        /// Applications waiting for a decision.
        Pending,
        /// Speakers of the event who have a person in Träffpunkt.
        Speakers,
        /// Everyone of the network: people with a role in it and people of its
        /// member organisations (for open meetings).
        Network,
    }
);

mirror!(
    /// Where a theme suggestion is: what the organisers did with it.
    SuggestionStatus = entities::SuggestionStatus {
        /// Just sent in.
        New,
        /// The organisers are looking at it.
        UnderReview,
        /// It will be taken up at a meeting (`ThemeSuggestion.event`).
        Planned,
        /// Passed on to someone who can act on it (`forwardedTo`).
        Forwarded,
        /// A working group was formed (`workingGroup`).
        WorkingGroup,
        /// Done: what was suggested happened.
        Done,
        /// Not taken further (the follow-up says why).
        Declined,
        /// The suggester took it back.
        Withdrawn,
    }
);

mirror!(
    /// A language event texts are written in.
    Language = crate::i18n::Locale {
        /// Swedish (`sv`).
        Sv,
        /// Norwegian Bokmål (`nb`).
        Nb,
        /// English (`en`).
        En,
    }
);

mirror!(
    /// What happened, as a webhook's `type` names it (`EVENT_PUBLISHED` is
    /// sent as `event.published`, and so on).
    WebhookEventType = crate::webhooks::EventType {
        /// An event was published (`event.published`).
        EventPublished,
        /// A published event's time, place or link changed (`event.changed`).
        EventChanged,
        /// An event was cancelled (`event.cancelled`).
        EventCancelled,
        /// A registration was made, or an application received
        /// (`registration.created`).
        RegistrationCreated,
        /// A registration got its seat, or an application was approved
        /// (`registration.confirmed`).
        RegistrationConfirmed,
        /// A registration went on the waiting list (`registration.waitlisted`).
        RegistrationWaitlisted,
        /// A registration moved from the waiting list to a seat
        /// (`registration.promoted`).
        RegistrationPromoted,
        /// A registration was cancelled, or an application rejected
        /// (`registration.cancelled`).
        RegistrationCancelled,
        /// A participant was checked in (`registration.checked_in`).
        RegistrationCheckedIn,
        /// A reminder went out for an event (`reminder.sent`).
        ReminderSent,
        /// A theme suggestion was received (`suggestion.created`).
        SuggestionCreated,
        /// A theme suggestion's state changed (`suggestion.status_changed`).
        SuggestionStatusChanged,
    }
);

mirror!(
    /// Where one webhook delivery is.
    WebhookDeliveryStatus = entities::OutboxStatus {
        /// Waiting for its first attempt, or for a retry.
        Pending,
        /// The receiver answered with a 2xx status.
        Sent,
        /// Still failing after the last attempt.
        Failed,
        /// Not sent: the endpoint was disabled first.
        Skipped,
    }
);
