//! Mutations of organisations.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use crate::graphql::enums::OrganisationKind;
use crate::graphql::error::{UserError, outcome};
use crate::graphql::ids::GlobalId;
use crate::graphql::types::{Organisation, service_cx};
use crate::ids::OrganisationId;
use crate::service::organisations::{self, NewOrganisation, OrganisationChanges};

/// A new organisation.
#[derive(InputObject)]
pub struct CreateOrganisationInput {
    /// Name, unique, e.g. "Kungsbacka kommun".
    pub name: String,
    /// What kind of body it is.
    pub kind: OrganisationKind,
    /// Official registration number.
    pub org_number: Option<String>,
    /// ISO 3166 country code, e.g. SE or NO.
    pub country_code: Option<String>,
}

/// Changes to an organisation; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateOrganisationInput {
    /// The organisation.
    pub id: ID,
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<OrganisationKind>,
    /// New registration number (empty clears it).
    pub org_number: Option<String>,
    /// New country code (empty clears it).
    pub country_code: Option<String>,
}

/// The mail domains of an organisation.
#[derive(InputObject)]
pub struct SetOrganisationEmailDomainsInput {
    /// The organisation.
    pub organisation_id: ID,
    /// Its mail domains, e.g. ["molndal.se"] (replaces the list; empty
    /// removes them all; at most 20).
    pub domains: Vec<String>,
}

/// The outcome of an organisation mutation.
#[derive(SimpleObject)]
pub struct OrganisationPayload {
    /// The organisation, when the mutation succeeded.
    pub organisation: Option<Organisation>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// Mutations of organisations.
#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Registers an organisation (a municipality, region, agency …).
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new organisation.")] input: CreateOrganisationInput,
    ) -> async_graphql::Result<OrganisationPayload> {
        let result = organisations::create(
            service_cx(ctx)?,
            NewOrganisation {
                name: input.name,
                kind: input.kind.into(),
                org_number: input.org_number,
                country_code: input.country_code,
            },
        )
        .await;
        let (organisation, user_errors) = outcome(result)?;
        Ok(OrganisationPayload {
            organisation: organisation.map(Organisation),
            user_errors,
        })
    }

    /// Replaces an organisation's mail domains (administrators, and the
    /// organisers of a network the organisation is a member of). Everyone
    /// who signs in with an address in one of them is a member of those
    /// networks from then on.
    async fn set_organisation_email_domains(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation and its domains.")]
        input: SetOrganisationEmailDomainsInput,
    ) -> async_graphql::Result<OrganisationPayload> {
        let id = OrganisationId::parse(&input.organisation_id)?;
        let result = organisations::set_email_domains(service_cx(ctx)?, id, input.domains).await;
        let (organisation, user_errors) = outcome(result)?;
        Ok(OrganisationPayload {
            organisation: organisation.map(Organisation),
            user_errors,
        })
    }

    /// Changes an organisation.
    async fn update_organisation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateOrganisationInput,
    ) -> async_graphql::Result<OrganisationPayload> {
        let id = OrganisationId::parse(&input.id)?;
        let result = organisations::update(
            service_cx(ctx)?,
            id,
            OrganisationChanges {
                name: input.name,
                kind: input.kind.map(Into::into),
                org_number: input.org_number,
                country_code: input.country_code,
            },
        )
        .await;
        let (organisation, user_errors) = outcome(result)?;
        Ok(OrganisationPayload {
            organisation: organisation.map(Organisation),
            user_errors,
        })
    }
}
