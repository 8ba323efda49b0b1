//! Registrations, seats and registration questions.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{registration, registration_history, registration_question};

use super::super::enums::{Language, ParticipationMode, QuestionKind, RegistrationStatus};
use super::language::Translation;
use super::parts::{self, ChoicesTranslation, QuestionChoice};
use super::{Event, Organisation, Person, loaders, service_cx};
use crate::graphql::ids::{GlobalId, encode};
use crate::ids::{EventId, OrganisationId, PersonId, RegistrationId, RegistrationQuestionId};
use crate::service::translations::PartText;
use crate::service::{events, registrations};

/// Narrows an event's registrations.
#[derive(async_graphql::InputObject, Default)]
pub struct RegistrationFilter {
    /// Only these statuses.
    pub statuses: Option<Vec<RegistrationStatus>>,
    /// Only these modes.
    pub modes: Option<Vec<ParticipationMode>>,
    /// Only people from this organisation (municipality).
    pub organisation_id: Option<ID>,
    /// Only guests whose seat is held until they confirm their address
    /// (true), or only the others (false).
    pub held: Option<bool>,
}

/// Seats of an event per mode; remaining is null when the mode is unlimited.
#[derive(SimpleObject, Clone, Copy)]
pub struct Seats {
    /// Confirmed participants at the venue.
    pub in_person_taken: u64,
    /// Free seats at the venue (null: unlimited).
    pub in_person_remaining: Option<u64>,
    /// Confirmed participants online.
    pub online_taken: u64,
    /// Free seats online (null: unlimited).
    pub online_remaining: Option<u64>,
    /// People on the waiting lists.
    pub waitlisted: u64,
    /// Applications waiting for a decision.
    pub pending: u64,
}

impl From<registrations::Seats> for Seats {
    fn from(s: registrations::Seats) -> Self {
        Self {
            in_person_taken: s.in_person_taken,
            in_person_remaining: s.in_person_remaining,
            online_taken: s.online_taken,
            online_remaining: s.online_remaining,
            waitlisted: s.waitlisted,
            pending: s.pending,
        }
    }
}

/// A question on an event's registration form.
pub struct RegistrationQuestion(pub registration_question::Model);

/// A question on an event's registration form.
#[Object]
impl RegistrationQuestion {
    /// Global id, used in answers.
    pub async fn id(&self) -> ID {
        RegistrationQuestionId(self.0.id).to_global()
    }

    /// 0-based place on the form.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// Kind of answer.
    async fn kind(&self) -> QuestionKind {
        self.0.kind.into()
    }

    /// The question, in the language chosen like the event's `title`.
    async fn label(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the question is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<String> {
        let q = &self.0;
        parts::text(
            ctx,
            q.event_id,
            q.id,
            PartText::QuestionLabel,
            &q.label,
            lang,
        )
        .await
    }

    /// The question in other languages than the event's own.
    async fn label_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        parts::translations_of(ctx, self.0.event_id, self.0.id, PartText::QuestionLabel).await
    }

    /// The choices of a choice question, in the event's own language: what
    /// an answer gives.
    async fn options(&self) -> Vec<String> {
        self.0.choices()
    }

    /// The choices of a choice question, each as an answer gives it and as
    /// the reader is shown it (in the language chosen like the event's
    /// `title`, all in one language).
    async fn choices(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the choices are not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<Vec<QuestionChoice>> {
        parts::choices(ctx, self.0.event_id, self.0.id, self.0.choices(), lang).await
    }

    /// The choices in other languages than the event's own.
    async fn choices_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ChoicesTranslation>> {
        parts::choices_translations(ctx, self.0.event_id, self.0.id).await
    }

    /// Whether an answer is required.
    async fn required(&self) -> bool {
        self.0.required
    }
}

/// An answer to one question.
#[derive(SimpleObject)]
pub struct RegistrationAnswer {
    /// Global id of the question.
    pub question_id: ID,
    /// The text, or the chosen options.
    pub values: Vec<String>,
}

/// One change of a registration.
pub struct RegistrationChange(pub registration_history::Model);

/// One change of a registration: who, when, from what to what.
#[Object]
impl RegistrationChange {
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The status before (null when the registration was made).
    async fn from_status(&self) -> Option<RegistrationStatus> {
        self.0.from_status.map(Into::into)
    }

    /// The status after.
    async fn to_status(&self) -> RegistrationStatus {
        self.0.to_status.into()
    }

    /// The mode before.
    async fn from_mode(&self) -> Option<ParticipationMode> {
        self.0.from_mode.map(Into::into)
    }

    /// The mode after.
    async fn to_mode(&self) -> ParticipationMode {
        self.0.to_mode.into()
    }

    /// Who made the change (null: the participant through their link, or Träffpunkt).
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        let Some(actor) = self.0.actor_person_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(PersonId(actor)).await?.map(Person))
    }

    /// Why, when said (e.g. "a seat came free", the organiser's message).
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

/// A registration for an event; seen only by its participant and the
/// event's organisers.
#[derive(Clone)]
pub struct Registration(pub registrations::Readable);

impl Registration {
    fn m(&self) -> &registration::Model {
        self.0.model()
    }
}

/// A registration for an event; seen only by its participant and the
/// event's organisers.
#[Object]
impl Registration {
    /// Global id.
    pub async fn id(&self) -> ID {
        RegistrationId(self.m().id).to_global()
    }

    /// The mails about this registration, newest first: all of them for
    /// the organisers of the event's network, only those addressed to them
    /// for the participant.
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only mails with this status.")] status: Option<
            crate::graphql::enums::DeliveryStatus,
        >,
        #[graphql(desc = "At most this many, newest first (1 to 100; default 50).")] first: Option<
            i32,
        >,
    ) -> async_graphql::Result<Vec<super::Delivery>> {
        Ok(crate::service::deliveries::of_registration(
            service_cx(ctx)?,
            self.m(),
            status.map(entities::OutboxStatus::from),
            u64::try_from(first.unwrap_or(50)).unwrap_or(1),
        )
        .await?
        .into_iter()
        .map(super::Delivery)
        .collect())
    }

    /// The event.
    async fn event(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Event>> {
        Ok(events::get(service_cx(ctx)?, EventId(self.m().event_id))
            .await?
            .map(Event))
    }

    /// Where it stands.
    async fn status(&self) -> RegistrationStatus {
        self.m().status.into()
    }

    /// In person or online.
    async fn mode(&self) -> ParticipationMode {
        self.m().mode.into()
    }

    /// Place on the waiting list of its mode (1 is next), when waitlisted.
    async fn waitlist_position(&self) -> Option<i32> {
        self.m().waitlist_position
    }

    /// The participant (null after they erased their account).
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        let Some(person) = self.m().person_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(PersonId(person)).await?.map(Person))
    }

    /// The participant's email address.
    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(person) = self.m().person_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(PersonId(person))
            .await?
            .map(|p| p.email))
    }

    /// The organisation the participant comes from (or applies for), as
    /// declared unless `organisationVerified`.
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        let Some(org) = self.m().organisation_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(OrganisationId(org))
            .await?
            .map(Organisation))
    }

    /// Whether the organisation is proven (a verified address in its mail
    /// domain) rather than only declared by the person who registered.
    async fn organisation_verified(&self) -> bool {
        self.m().organisation_verified
    }

    /// Until when a guest's seat (or place in line) is held for them to
    /// confirm their address with the mailed link; null when confirmed or
    /// never asked. An unconfirmed registration lapses at this time.
    async fn hold_expires_at(&self) -> Option<DateTime<Utc>> {
        self.m().hold_expires_at
    }

    /// The organisation as a guest wrote it, when not a known one.
    async fn organisation_name(&self) -> Option<&str> {
        self.m().organisation_name.as_deref()
    }

    /// For applications: the organisation that applies.
    async fn applying_organisation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Organisation>> {
        let Some(org) = self.m().applying_organisation_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(OrganisationId(org))
            .await?
            .map(Organisation))
    }

    /// Answers to the event's questions.
    async fn answers(&self) -> Vec<RegistrationAnswer> {
        self.m()
            .answers
            .as_object()
            .map(|answers| {
                answers
                    .iter()
                    .filter_map(|(question, value)| {
                        let id = question.parse().ok()?;
                        let values = match value {
                            serde_json::Value::Array(many) => many
                                .iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect(),
                            serde_json::Value::String(one) => vec![one.clone()],
                            _ => Vec::new(),
                        };
                        Some(RegistrationAnswer {
                            question_id: encode("RegistrationQuestion", id),
                            values,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Accessibility needs.
    async fn accessibility_needs(&self) -> Option<&str> {
        self.m().accessibility_needs.as_deref()
    }

    /// Dietary needs.
    async fn dietary_needs(&self) -> Option<&str> {
        self.m().dietary_needs.as_deref()
    }

    /// The language the registration was made in (`sv`, `nb` or `en`): the
    /// page's language, or `locale` / `Accept-Language` of `register`. Its
    /// mails are written in it; null when none was given (then the person's
    /// preference, else the network's default).
    async fn locale(&self) -> Option<&str> {
        self.m().locale.as_deref()
    }

    /// The consent text agreed to.
    async fn consent_text(&self) -> Option<&str> {
        self.m().consent_text.as_deref()
    }

    /// When consent was given.
    async fn consented_at(&self) -> Option<DateTime<Utc>> {
        self.m().consented_at
    }

    /// When the participant checked in.
    async fn checked_in_at(&self) -> Option<DateTime<Utc>> {
        self.m().checked_in_at
    }

    /// The organiser's message with an approval or rejection.
    async fn decision_message(&self) -> Option<&str> {
        self.m().decision_message.as_deref()
    }

    /// Every change, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RegistrationChange>> {
        Ok(registrations::history(service_cx(ctx)?, &self.0)
            .await?
            .into_iter()
            .map(RegistrationChange)
            .collect())
    }

    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.m().created_at
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.m().updated_at
    }
}
