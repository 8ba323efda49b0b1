//! Mutations of registrations and registration questions.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};

use super::events::{
    ChoicesTranslationInput, TranslationInput, choices_translations, part_translations,
};
use crate::graphql::enums::{ParticipationMode, QuestionKind};
use crate::graphql::error::{UserError, bad_input, outcome};
use crate::graphql::http::RequestInfo;
use crate::graphql::ids::{GlobalId, decode_any, parse_opt};
use crate::graphql::types::{Event, Registration, RegistrationQuestion, service_cx};
use crate::ids::{EventId, RegistrationId};
use crate::service::registrations::{
    self, Answer, Decision as ServiceDecision, Guest, NewQuestion, NewRegistration, RegistrationRef,
};
use crate::service::translations::{PartInput, PartText};
use crate::service::validate::parse_locale;
use crate::service::{self, events};

/// Someone registering without signing in.
#[derive(InputObject)]
pub struct GuestInput {
    /// Full name.
    pub name: String,
    /// Email address; the confirmation and the manage link go there.
    pub email: String,
    /// A known organisation they come from.
    pub organisation_id: Option<ID>,
    /// Their organisation as written, when not a known one.
    pub organisation_name: Option<String>,
}

/// An answer to one of the event's questions.
#[derive(InputObject)]
pub struct AnswerInput {
    /// The question.
    pub question_id: ID,
    /// The text (one value), or the chosen options.
    pub values: Vec<String>,
}

/// A registration for an event.
#[derive(InputObject)]
pub struct RegisterInput {
    /// The event.
    pub event_id: ID,
    /// In person or online; required for hybrid events.
    pub mode: Option<ParticipationMode>,
    /// Who registers, when not signed in.
    pub guest: Option<GuestInput>,
    /// For application events: the organisation that applies (one
    /// application per organisation and event).
    pub applying_organisation_id: Option<ID>,
    /// Answers to the event's questions.
    #[graphql(default)]
    pub answers: Vec<AnswerInput>,
    /// Accessibility needs.
    pub accessibility_needs: Option<String>,
    /// Dietary needs.
    pub dietary_needs: Option<String>,
    /// Consent to store the registration (see `registrationConsentText`).
    pub consent: bool,
    /// The language of the registration's mails (`sv`, `nb` or `en`).
    /// Without it, a guest who is not signed in gets the language of the
    /// request's `Accept-Language`; otherwise the person's preference, else
    /// the network's default, applies.
    pub locale: Option<String>,
}

/// The outcome of registering.
#[derive(SimpleObject)]
pub struct RegisterPayload {
    /// The registration: confirmed, waitlisted (with position) or pending.
    pub registration: Option<Registration>,
    /// Secret of the manage link (also mailed); only when this call made it.
    pub manage_token: Option<String>,
    /// True when the person was registered already (nothing changed).
    pub already_registered: bool,
    /// Why not.
    pub user_errors: Vec<UserError>,
}

/// Which registration: by id (signed in) or by its manage token (from the mail).
#[derive(InputObject)]
pub struct RegistrationRefInput {
    /// The registration's id.
    pub id: Option<ID>,
    /// The secret of the manage link.
    pub manage_token: Option<String>,
}

/// A new mode for a registration of a hybrid event.
#[derive(InputObject)]
pub struct ChangeRegistrationModeInput {
    /// The registration's id.
    pub id: Option<ID>,
    /// The secret of the manage link.
    pub manage_token: Option<String>,
    /// The new mode.
    pub mode: ParticipationMode,
}

/// A guest's confirmation of their address, with the mailed link.
#[derive(InputObject)]
pub struct ConfirmRegistrationAddressInput {
    /// The secret of the manage link from the mail.
    pub manage_token: String,
}

/// Registrations an organiser cancels at once.
#[derive(InputObject)]
pub struct CancelRegistrationsInput {
    /// The registrations (at most 500), all of events the viewer organises.
    pub ids: Vec<ID>,
    /// Whether the participants are mailed about it (default true; false
    /// for registrations a bot made up).
    #[graphql(default = true)]
    pub notify: bool,
}

/// The outcome of cancelling registrations at once.
#[derive(SimpleObject)]
pub struct CancelRegistrationsPayload {
    /// The registrations as they are now (all cancelled), in the order asked.
    pub registrations: Vec<Registration>,
    /// Why not (then nothing was cancelled).
    pub user_errors: Vec<UserError>,
}

/// An organiser's decision.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Accept: a seat, or a place on the waiting list.
    Approve,
    /// Turn down.
    Reject,
}

/// A decision on an application.
#[derive(InputObject)]
pub struct DecideRegistrationInput {
    /// The registration (pending).
    pub id: ID,
    /// Approve or reject.
    pub decision: Decision,
    /// A message to the applicant, mailed with the decision.
    pub message: Option<String>,
}

/// An approval to take back.
#[derive(InputObject)]
pub struct WithdrawApprovalInput {
    /// The registration: an approved application (confirmed, or on the
    /// waiting list).
    pub id: ID,
    /// A message to the applicant, mailed with the withdrawal.
    pub message: Option<String>,
}

/// Which registration to check in.
#[derive(InputObject)]
pub struct CheckInInput {
    /// The registration (confirmed).
    pub id: ID,
}

/// The outcome of a registration mutation.
#[derive(SimpleObject)]
pub struct RegistrationPayload {
    /// The registration as it is now.
    pub registration: Option<Registration>,
    /// Why not.
    pub user_errors: Vec<UserError>,
}

/// A question for an event's registration form.
#[derive(InputObject)]
pub struct AddRegistrationQuestionInput {
    /// The event.
    pub event_id: ID,
    /// Kind of answer.
    pub kind: QuestionKind,
    /// The question.
    pub label: String,
    /// The choices (choice questions; at least two).
    #[graphql(default)]
    pub options: Vec<String>,
    /// Whether an answer is required.
    #[graphql(default)]
    pub required: bool,
    /// The question in other languages than the event's own.
    pub label_translations: Option<Vec<TranslationInput>>,
    /// The choices in other languages than the event's own, one for each
    /// option in their order.
    pub choices_translations: Option<Vec<ChoicesTranslationInput>>,
}

/// Translations of a question's label and choices to set; languages not
/// named stay, an empty text (no choices) removes one. The question itself
/// does not change, so answers already given stay valid.
#[derive(InputObject)]
pub struct TranslateRegistrationQuestionInput {
    /// The question.
    pub id: ID,
    /// The question in other languages than the event's own.
    pub label_translations: Option<Vec<TranslationInput>>,
    /// The choices in other languages, one for each option in their order.
    pub choices_translations: Option<Vec<ChoicesTranslationInput>>,
}

/// The outcome of adding a question.
#[derive(SimpleObject)]
pub struct RegistrationQuestionPayload {
    /// The question.
    pub question: Option<RegistrationQuestion>,
    /// Why not.
    pub user_errors: Vec<UserError>,
}

/// Which question to remove.
#[derive(InputObject)]
pub struct RemoveRegistrationQuestionInput {
    /// The question.
    pub id: ID,
}

/// The outcome of removing a question.
#[derive(SimpleObject)]
pub struct RemoveRegistrationQuestionPayload {
    /// The event with its remaining questions.
    pub event: Option<Event>,
    /// Why not.
    pub user_errors: Vec<UserError>,
}

fn question_id(id: &ID) -> async_graphql::Result<uuid::Uuid> {
    match decode_any(id) {
        Some((kind, uuid)) if kind == "RegistrationQuestion" => Ok(uuid),
        _ => Err(bad_input(format!("{:?} is not a question id", id.as_str()))),
    }
}

fn reference(
    id: Option<ID>,
    token: Option<String>,
) -> async_graphql::Result<Result<RegistrationRef, service::Error>> {
    Ok(match (id, token) {
        (Some(id), None) => Ok(RegistrationRef::Id(RegistrationId::parse(&id)?)),
        (None, Some(token)) => Ok(RegistrationRef::ManageToken(token)),
        _ => Err(service::Error::field(
            "id",
            service::ErrorCode::Required,
            "give either id or manageToken",
        )),
    })
}

fn payload(
    result: service::Result<registrations::Readable>,
) -> async_graphql::Result<RegistrationPayload> {
    let (registration, user_errors) = outcome(result)?;
    Ok(RegistrationPayload {
        registration: registration.map(Registration),
        user_errors,
    })
}

/// Mutations of registrations.
#[derive(Default)]
pub struct RegistrationMutation;

#[Object]
impl RegistrationMutation {
    /// Registers the viewer, or a guest, for an event. Registering twice
    /// returns the existing registration; after cancelling one may register
    /// again. The answer says confirmed, waitlisted (with position) or pending.
    async fn register(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The registration.")] input: RegisterInput,
    ) -> async_graphql::Result<RegisterPayload> {
        let cx = service_cx(ctx)?;
        let guest = match input.guest {
            Some(g) => Some(Guest {
                name: g.name,
                email: g.email,
                organisation_id: parse_opt(g.organisation_id.as_ref())?,
                organisation_name: g.organisation_name,
            }),
            None => None,
        };
        let answers = input
            .answers
            .into_iter()
            .map(|a| {
                Ok(Answer {
                    question_id: question_id(&a.question_id)?,
                    values: a.values,
                })
            })
            .collect::<async_graphql::Result<Vec<_>>>()?;
        let locale = match input.locale.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(tag) => match parse_locale("locale", tag) {
                Ok(locale) => Some(locale),
                Err(err) => {
                    let (_, user_errors) = outcome::<()>(Err(err))?;
                    return Ok(RegisterPayload {
                        registration: None,
                        manage_token: None,
                        already_registered: false,
                        user_errors,
                    });
                }
            },
        };
        let info = ctx.data::<RequestInfo>()?;
        let new = NewRegistration {
            event_id: Some(EventId::parse(&input.event_id)?),
            mode: input.mode.map(Into::into),
            guest,
            applying_organisation_id: parse_opt(input.applying_organisation_id.as_ref())?,
            answers,
            accessibility_needs: input.accessibility_needs,
            dietary_needs: input.dietary_needs,
            consent: input.consent,
            client: info.client_ip.clone(),
            locale,
            request_locale: info.accept_language,
        };
        let (done, user_errors) = outcome(registrations::register(cx, new).await)?;
        Ok(match done {
            Some(done) => RegisterPayload {
                already_registered: !done.created,
                manage_token: done.manage_token,
                registration: done.registration.map(Registration),
                user_errors,
            },
            None => RegisterPayload {
                registration: None,
                manage_token: None,
                already_registered: false,
                user_errors,
            },
        })
    }

    /// Cancels a registration (idempotent); a freed seat goes to the first
    /// on the waiting list, who is told by mail.
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which registration.")] input: RegistrationRefInput,
    ) -> async_graphql::Result<RegistrationPayload> {
        let cx = service_cx(ctx)?;
        let result = match reference(input.id, input.manage_token)? {
            Ok(r) => registrations::cancel(cx, r).await,
            Err(e) => Err(e),
        };
        payload(result)
    }

    /// Confirms a guest's address with the mailed link, when the event holds
    /// guests' seats until they do (`guestConfirmationMinutes`): the seat
    /// (or place in line) becomes theirs. Idempotent; a lapsed hold answers
    /// `INVALID_STATE`.
    async fn confirm_registration_address(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The link's secret.")] input: ConfirmRegistrationAddressInput,
    ) -> async_graphql::Result<RegistrationPayload> {
        payload(registrations::confirm_address(service_cx(ctx)?, &input.manage_token).await)
    }

    /// Cancels many registrations at once (organisers of their events), e.g.
    /// registrations a bot made up; seats go to the waiting lists. All or
    /// nothing: an id the viewer does not organise cancels none.
    async fn cancel_registrations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which registrations.")] input: CancelRegistrationsInput,
    ) -> async_graphql::Result<CancelRegistrationsPayload> {
        let ids = input
            .ids
            .iter()
            .map(RegistrationId::parse)
            .collect::<async_graphql::Result<Vec<_>>>()?;
        let result = registrations::cancel_many(service_cx(ctx)?, &ids, input.notify).await;
        let (done, user_errors) = outcome(result)?;
        Ok(CancelRegistrationsPayload {
            registrations: done
                .unwrap_or_default()
                .into_iter()
                .map(Registration)
                .collect(),
            user_errors,
        })
    }

    /// Moves a registration of a hybrid event to the other mode, if it has a seat.
    async fn change_registration_mode(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which registration and the new mode.")]
        input: ChangeRegistrationModeInput,
    ) -> async_graphql::Result<RegistrationPayload> {
        let cx = service_cx(ctx)?;
        let result = match reference(input.id, input.manage_token)? {
            Ok(r) => registrations::change_mode(cx, r, input.mode.into()).await,
            Err(e) => Err(e),
        };
        payload(result)
    }

    /// Approves or rejects a pending application (organisers).
    async fn decide_registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The decision.")] input: DecideRegistrationInput,
    ) -> async_graphql::Result<RegistrationPayload> {
        let id = RegistrationId::parse(&input.id)?;
        let decision = match input.decision {
            Decision::Approve => ServiceDecision::Approve,
            Decision::Reject => ServiceDecision::Reject,
        };
        payload(registrations::decide(service_cx(ctx)?, id, decision, input.message).await)
    }

    /// Withdraws the approval of an application (organisers): the
    /// registration becomes `REJECTED` (a seat goes to the first in line),
    /// the applicant is mailed, and what the approval added to the event's
    /// project network — the organisation's membership, the
    /// representative's member role — is taken back and logged there; a
    /// representative who is no longer a member loses their seats at the
    /// project network's coming members-only meetings.
    async fn withdraw_approval(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which approval.")] input: WithdrawApprovalInput,
    ) -> async_graphql::Result<RegistrationPayload> {
        let id = RegistrationId::parse(&input.id)?;
        payload(registrations::withdraw_approval(service_cx(ctx)?, id, input.message).await)
    }

    /// Marks a confirmed participant as arrived (organisers; idempotent).
    async fn check_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which registration.")] input: CheckInInput,
    ) -> async_graphql::Result<RegistrationPayload> {
        let id = RegistrationId::parse(&input.id)?;
        payload(registrations::check_in(service_cx(ctx)?, id).await)
    }

    /// Adds a question to an event's registration form (organisers).
    async fn add_registration_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question.")] input: AddRegistrationQuestionInput,
    ) -> async_graphql::Result<RegistrationQuestionPayload> {
        let new = NewQuestion {
            event_id: EventId::parse(&input.event_id)?,
            kind: input.kind.into(),
            label: input.label,
            options: input.options,
            required: input.required,
            translations: question_translations(
                input.label_translations,
                input.choices_translations,
            ),
        };
        let (question, user_errors) =
            outcome(registrations::add_question(service_cx(ctx)?, new).await)?;
        Ok(RegistrationQuestionPayload {
            question: question.map(RegistrationQuestion),
            user_errors,
        })
    }

    /// Sets translations of a question's label and choices (organisers).
    async fn translate_registration_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question and its translations.")]
        input: TranslateRegistrationQuestionInput,
    ) -> async_graphql::Result<RegistrationQuestionPayload> {
        let id = question_id(&input.id)?;
        let translations =
            question_translations(input.label_translations, input.choices_translations);
        let (question, user_errors) =
            outcome(registrations::translate_question(service_cx(ctx)?, id, translations).await)?;
        Ok(RegistrationQuestionPayload {
            question: question.map(RegistrationQuestion),
            user_errors,
        })
    }

    /// Removes a question from an event's form (given answers stay).
    async fn remove_registration_question(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which question.")] input: RemoveRegistrationQuestionInput,
    ) -> async_graphql::Result<RemoveRegistrationQuestionPayload> {
        let cx = service_cx(ctx)?;
        let (event, user_errors) =
            outcome(registrations::remove_question(cx, question_id(&input.id)?).await)?;
        let event = match event {
            Some(id) => events::visible(cx, id).await?.map(Event),
            None => None,
        };
        Ok(RemoveRegistrationQuestionPayload { event, user_errors })
    }
}

/// A question's translations as the service takes them.
fn question_translations(
    label: Option<Vec<TranslationInput>>,
    choices: Option<Vec<ChoicesTranslationInput>>,
) -> Vec<PartInput> {
    let mut all = part_translations([(PartText::QuestionLabel, label)]);
    all.extend(choices_translations(choices));
    all
}
